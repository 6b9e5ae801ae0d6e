import { describe, expect, it } from "vitest";
import { deflatedSharpe, normCdf, normInv } from "../src/backtest/deflated-sharpe.ts";
import { jsonSharpe } from "../src/backtest/report.ts";
import { buildSpecs, expandSets } from "../src/backtest/sweep.ts";
import { IndicatorTable } from "../src/engine/table.ts";
import type { TemplateName as StrategyName } from "../src/strategies/catalog.ts";
import { CATALOG } from "../src/strategies/catalog.ts";
import { GOOG, load, runSignals, runSpecs, SPY } from "./helpers.ts";

describe("hand-computable cases", () => {
  it("buy and hold without costs: total return is last/first − 1, one open trade", () => {
    const { metrics, fills, returns } = runSignals(
      [10, 11, 12, 9, 15],
      [true, true, true, true, true],
      [false, false, false, false, false],
    );
    expect(fills).toEqual([1]);
    expect(metrics.trades).toBe(1);
    expect(metrics.closedTrades).toBe(0);
    expect(metrics.totalReturn).toBeCloseTo(0.5, 12);
    [0, 0.1, 1 / 11, -0.25, 15 / 9 - 1].forEach((r, i) => {
      expect(returns[i]).toBeCloseTo(r, 14);
    });
    // Peak 12 → trough 9: −25 %.
    expect(metrics.maxDrawdown).toBeCloseTo(-0.25, 12);
    // Sharpe by hand: mean/std(ddof 1) × √365.
    const mean = returns.reduce((s, r) => s + r, 0) / 5;
    const sd = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / 4);
    expect(metrics.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(365), 10);
  });

  it("fees on both sides and bar-0 return against the initial cash", () => {
    const { metrics, returns } = runSignals([100, 100, 110], [true, false, false], [false, false, true], {
      fees: 0.01,
    });
    // Buy at 100 with 1 % fee: value 100/1.01; sell at 110: ×1.1 × 0.99.
    expect(returns[0]).toBeCloseTo(1 / 1.01 - 1, 14);
    expect(metrics.finalValue).toBeCloseTo((100 / 1.01) * 1.1 * 0.99, 10);
    expect(metrics.trades).toBe(1);
    expect(metrics.closedTrades).toBe(1);
  });

  it("no accumulation: a second entry while long is ignored; an exit while flat is ignored", () => {
    const { fills } = runSignals(
      [1, 2, 3, 4, 5, 6],
      [false, true, true, false, false, true],
      [true, false, false, true, true, false],
    );
    expect(fills).toEqual([2, -4, 6]);
  });

  it("a set that never trades: Sharpe is +inf in vectorbt, null in JSON with a note", () => {
    const { metrics } = runSignals([1, 2, 3], [false, false, false], [false, false, false]);
    expect(metrics.sharpe).toBe(Number.POSITIVE_INFINITY);
    expect(metrics.totalReturn).toBe(0);
    expect(metrics.maxDrawdown).toBe(0);
    const json = jsonSharpe(metrics.sharpe);
    expect(json.value).toBeNull();
    expect(json.note).toMatch(/inf/);
  });

  it("SMA crossover fires only after fast was below slow (vectorbt's crossed_above)", () => {
    // fast(2) starts above slow(3): no entry there. It dips below (bars 5-6), is EQUAL at bar 7 (2 = 2, not a
    // cross) and crosses above at bar 8: the buy fills at bar 8 (fills are bar + 1).
    const close = [1, 2, 3, 4, 3, 2, 1, 3, 5, 6];
    const table = new IndicatorTable(Float64Array.from(close));
    const specs = buildSpecs(CATALOG.sma_crossover, [{ fast: 2, slow: 3 }], table);
    const { fills } = runSpecs(table, specs);
    expect(fills[0]).toBe(9);
  });
});

describe("no look-ahead: prices after bar t never change positions up to t", () => {
  const strategies: Array<[StrategyName, Record<string, number>]> = [
    ["sma_crossover", { fast: 10, slow: 50 }],
    ["ema_crossover", { fast: 12, slow: 26 }],
    ["rsi_mean_reversion", { window: 14, lower: 30, upper: 70 }],
    ["bollinger_bands", { window: 20, k: 2 }],
    ["macd", { fast: 12, slow: 26, signal: 9 }],
    ["donchian_breakout", { window: 20, exit_window: 10 }],
    ["ts_momentum", { lookback: 126 }],
  ];
  for (const [name, params] of strategies) {
    it(name, () => {
      const base = load(SPY, "adj_close").close;
      const fillsOf = (close: Float64Array) => {
        const table = new IndicatorTable(close);
        return runSpecs(table, buildSpecs(CATALOG[name], [params], table)).fills;
      };
      const original = fillsOf(base);
      for (const t of [300, 1000, 1800]) {
        const changed = Float64Array.from(base, (p, i) => (i > t ? p * (1 + 0.3 * Math.sin(i * 0.37)) : p));
        const prefix = (fills: number[]) => fills.filter((f) => Math.abs(f) - 1 <= t);
        expect(prefix(fillsOf(changed))).toEqual(prefix(original));
      }
    });
  }
});

describe("bad parameters are refused with the reason", () => {
  const n = load(GOOG).close.length;
  it("fast ≥ slow", () =>
    expect(() => expandSets(CATALOG.sma_crossover, { fast: 50, slow: 20 }, undefined, n)).toThrow(
      /fast \(50\) must be smaller than slow \(20\)/,
    ));
  it("windows longer than the data", () =>
    expect(() => expandSets(CATALOG.sma_crossover, { fast: 50, slow: 5000 }, undefined, n)).toThrow(
      /need 5000 bars.*has 3379/,
    ));
  it("non-integer window", () =>
    expect(() => expandSets(CATALOG.sma_crossover, { fast: 2.5, slow: 20 }, undefined, n)).toThrow(
      /positive integer/,
    ));
  it("unknown parameter", () =>
    expect(() => expandSets(CATALOG.sma_crossover, { fats: 5 }, undefined, n)).toThrow(
      /no parameter "fats"/,
    ));
  it("a grid keeps only valid sets", () =>
    expect(expandSets(CATALOG.sma_crossover, undefined, { fast: [10, 30], slow: [20, 30] }, n)).toHaveLength(
      2,
    ));
});

describe("deflated Sharpe ratio", () => {
  it("normal CDF and its inverse agree", () => {
    for (const p of [0.001, 0.025, 0.5, 0.8, 0.999]) expect(normCdf(normInv(p))).toBeCloseTo(p, 6);
    expect(normInv(0.975)).toBeCloseTo(1.959964, 5);
  });
  it("more trials deflate the same best Sharpe", () => {
    const returns = Float64Array.from({ length: 1000 }, (_, i) => 0.001 + 0.01 * Math.sin(i * 1.7));
    const trials = (n: number) => Array.from({ length: n }, (_, i) => 0.02 * Math.sin(i + 1));
    const few = deflatedSharpe(returns, trials(3)).dsr!;
    const many = deflatedSharpe(returns, trials(5000)).dsr!;
    expect(few).toBeGreaterThan(many);
    expect(few).toBeLessThanOrEqual(1);
    expect(many).toBeGreaterThanOrEqual(0);
  });
});
