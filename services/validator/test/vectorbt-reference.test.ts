import { describe, expect, it } from "vitest";
import { metricsOf } from "../src/backtest/metrics.ts";
import { buildSpecs, expandSets } from "../src/backtest/sweep.ts";
import { createNativeEngine } from "../src/engine/native.ts";
import { IndicatorTable } from "../src/engine/table.ts";
import type { TemplateName as StrategyName } from "../src/strategies/catalog.ts";
import { CATALOG } from "../src/strategies/catalog.ts";
import { load, readFixture, runSignals, runSpecs, type VbtMetrics } from "./helpers.ts";

interface VbtStats extends VbtMetrics {
  fills: number[];
}
interface Case {
  name: string;
  file: string;
  price_field: string;
  strategy: StrategyName;
  params: Record<string, number>;
  init_cash: number;
  fees: number;
  slippage: number;
  year_days: number;
  vectorbt: VbtStats;
}
// Produced by fixtures/vectorbt/make_fixtures.py with real vectorbt (versions inside the file).
const reference = readFixture<{
  versions: Record<string, string>;
  cases: Case[];
  worked_example: {
    close: number[];
    entries: boolean[];
    exits: boolean[];
    value: number[];
    returns: number[];
    vectorbt: VbtStats;
  };
}>("vectorbt", "reference.json");

const close = (a: number, b: number, rel = 1e-9) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe(`equal to vectorbt ${reference.versions.vectorbt} on real data`, () => {
  for (const c of reference.cases) {
    it(c.name, () => {
      const isWide = !["close", "adj_close"].includes(c.price_field);
      const series = isWide
        ? load(c.file, "auto", c.price_field)
        : load(c.file, c.price_field as "close" | "adj_close");
      const table = new IndicatorTable(series.close);
      const template = CATALOG[c.strategy];
      const specs = buildSpecs(template, expandSets(template, c.params, undefined, table.nBars), table);
      const { metrics, fills } = runSpecs(
        table,
        specs,
        { initCash: c.init_cash, fees: c.fees, slippage: c.slippage },
        c.year_days,
      );
      const v = c.vectorbt;
      expect(fills.map((f) => Math.abs(f) - 1)).toEqual(v.fills);
      expect(metrics.trades).toBe(v.trades_count);
      expect(metrics.closedTrades).toBe(v.closed_trades);
      close(metrics.finalValue, v.final_value);
      close(metrics.totalReturn, v.total_return);
      close(metrics.sharpe, v.sharpe_ratio!);
      close(metrics.maxDrawdown, v.max_drawdown);
    });
  }

  it("the sweep engine (worker pool, crossover fast path) gives the same numbers as the traced kernel", async () => {
    const c = reference.cases[0]!;
    const series = load(c.file, "close");
    const table = new IndicatorTable(series.close);
    const template = CATALOG.sma_crossover;
    const sets = expandSets(template, undefined, { fast: [5, 10, 11], slow: [18, 20, 50] }, table.nBars);
    const engine = createNativeEngine();
    try {
      const raw = await engine.run({
        table,
        specs: buildSpecs(template, sets, table),
        nSets: sets.length,
        from: 0,
        to: table.nBars,
        costs: { initCash: 100, fees: 0.001, fixedFees: 0, slippage: 0 },
      });
      const k = sets.findIndex((s) => s.fast === 10 && s.slow === 20);
      const m = metricsOf(raw.out, k, table.nBars, 100, 365);
      close(m.finalValue, c.vectorbt.final_value);
      close(m.sharpe, c.vectorbt.sharpe_ratio!);
      close(m.maxDrawdown, c.vectorbt.max_drawdown);
      expect(m.trades).toBe(c.vectorbt.trades_count);
    } finally {
      await engine.pool.close();
    }
  });
});

describe("the conventions doc's worked fee/slippage example, exactly", () => {
  const w = reference.worked_example;
  it("matches the doc's printed numbers and vectorbt's", () => {
    const { metrics, fills, returns } = runSignals(w.close, w.entries, w.exits, {
      initCash: 100,
      fees: 0.01,
      fixedFees: 1,
      slippage: 0.02,
    });
    // Buy at bar 0, nothing at bar 2 (entry+exit conflict ignored), sell at bar 3.
    expect(fills).toEqual([1, -4]);
    // Doc: returns [−0.039022, 1.0, 0.5, 0.290131, 0.0]; value [96.0978, …, 371.9365].
    const docReturns = [-0.039022, 1.0, 0.5, 0.290131, 0.0];
    returns.forEach((r, i) => {
      expect(r).toBeCloseTo(docReturns[i]!, 6);
    });
    for (const [i, r] of returns.entries()) close(r, w.returns[i]!, 1e-12);
    close(metrics.finalValue, w.value[4]!, 1e-12);
    expect(metrics.finalValue).toBeCloseTo(371.9365, 4);
    // Buy: size 96.0978451 at 1.02, fees 1.980198; sell at 3.92, fees 4.767036 (derived from value/cash).
    const size = (100 - 1) / 1.01 / 1.02;
    expect(size).toBeCloseTo(96.0978451, 7);
    expect(100 - (100 - 1) / 1.01).toBeCloseTo(1.980198, 6);
    expect(size * 3.92 * 0.01 + 1).toBeCloseTo(4.767036, 6);
    expect(metrics.trades).toBe(1);
    expect(metrics.closedTrades).toBe(1);
    close(metrics.maxDrawdown, w.vectorbt.max_drawdown, 1e-12);
  });
});
