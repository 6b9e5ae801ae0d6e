import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runDetailSchema } from "@qp/schema";
import { afterAll, describe, expect, it } from "vitest";
import { pathOf, tradesOf } from "../src/backtest/detail.ts";
import { keepIndices } from "../src/backtest/downsample.ts";
import type { PriceSeries } from "../src/data/types.ts";
import { createEngines } from "../src/engine/select.ts";
import { here, runSignals, testApp } from "./helpers.ts";

const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
afterAll(() => engines.close());
const app = testApp(engines);
const backtest = async (body: unknown) => {
  const res = await app.request("/backtest", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ store: false, ...(body as object) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()).runs[0];
};
const rel = (a: number, b: number, tol = 1e-9) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
const DAY = 86_400_000;
const cagrOf = (r: { final_value: number; initial_cash: number; start: string; end: string }) =>
  (r.final_value / r.initial_cash) ** (365.25 / ((Date.parse(r.end) - Date.parse(r.start)) / DAY)) - 1;

describe("the report's detail of a back-test (golden cross 50/200 on SPY, fees 0.001)", async () => {
  const run = await backtest({
    concept: "golden cross on SPY",
    strategy: { name: "sma_crossover", params: { fast: 50, slow: 200 } },
    symbols: ["SPY"],
    fees: 0.001,
  });
  const { detail, best, benchmark } = run;

  it("has the schema's shape", () => {
    expect(runDetailSchema.safeParse(detail).success).toBe(true);
  });

  it("equity ends at final_value, starts on the first bar, and is downsampled to ≤ 1,000 points", () => {
    const s = detail.series;
    expect(s.bars).toBe(best.bars);
    expect(s.bars).toBeGreaterThan(1000);
    expect(s.downsampled).toBe(true);
    expect(s.dates.length).toBeLessThanOrEqual(1000);
    expect(s.dates[0]).toBe(best.start);
    expect(s.dates.at(-1)).toBe(best.end);
    rel(s.equity.at(-1), best.final_value);
    rel(s.benchmark.at(-1), benchmark.final_value);
    for (const key of ["equity", "benchmark", "drawdown", "benchmark_drawdown"])
      expect(s[key]).toHaveLength(s.dates.length);
    expect([...s.dates].sort()).toEqual(s.dates);
  });

  it("the drawdown's minimum is max_drawdown, for the strategy and the benchmark (extremes kept)", () => {
    rel(Math.min(...detail.series.drawdown), best.max_drawdown);
    rel(Math.min(...detail.series.benchmark_drawdown), benchmark.max_drawdown);
  });

  it("lists trades_count trades, the open one last, and their held bars add up to the exposure", () => {
    const { trades, stats } = detail;
    expect(trades.count).toBe(best.trades_count);
    expect(trades.items).toHaveLength(best.trades_count);
    expect(trades.items.filter((t: { status: string }) => t.status === "closed")).toHaveLength(
      best.closed_trades,
    );
    const held = trades.items.reduce((sum: number, t: { bars: number }) => sum + t.bars, 0);
    expect(stats.best.bars_in_market).toBe(held);
    rel(stats.best.exposure, held / best.bars);
    expect(stats.best.exposure).toBeGreaterThan(0.5);
    expect(stats.best.exposure).toBeLessThan(1);
    // Compounding the trades' returns (flat periods earn nothing) gives the total return.
    const compounded = trades.items.reduce((v: number, t: { return: number }) => v * (1 + t.return), 1) - 1;
    expect(compounded).toBeGreaterThan(best.total_return * 0.9);
  });

  it("buy-and-hold is in the market on every bar", () => {
    expect(detail.stats.benchmark.exposure).toBe(1);
    expect(detail.stats.benchmark.bars_in_market).toBe(benchmark.bars);
  });

  it("CAGR = (final/initial)^(365.25 / calendar days) − 1, for the full period and out of sample", () => {
    rel(detail.stats.best.cagr, cagrOf(best));
    rel(detail.stats.benchmark.cagr, cagrOf(benchmark));
    rel(detail.stats.out_of_sample.cagr, cagrOf(run.walk_forward.out_of_sample));
    rel(detail.stats.benchmark_out_of_sample.cagr, cagrOf(run.walk_forward.benchmark_out_of_sample));
    expect(detail.stats.best.years).toBeGreaterThan(20);
  });
});

describe("equity and trades on vectorbt's worked example (fees 0.01, fixed 1, slippage 0.02)", () => {
  const reference = JSON.parse(
    readFileSync(join(here, "fixtures", "vectorbt", "reference.json"), "utf8"),
  ).worked_example;
  const costs = { initCash: 100, fees: 0.01, fixedFees: 1, slippage: 0.02 };
  const run = runSignals(reference.close, reference.entries, reference.exits, costs);
  const path = pathOf(run, 100, 0);

  it("the value path is vectorbt's value", () => {
    for (const [i, v] of reference.value.entries()) rel(path.equity[i]!, v, 1e-12);
    expect([...path.inMarket]).toEqual([1, 1, 1, 0, 0]);
  });

  it("one closed trade with vectorbt's fill prices and return (pnl after fees / entry value)", () => {
    const series: PriceSeries = {
      symbol: "X",
      dates: ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04", "2020-01-05"],
      close: Float64Array.from(reference.close),
      priceField: "close",
      source: "worked example",
      repairs: [],
      synthetic: false,
    };
    const [trade, ...rest] = tradesOf(run, path, series, 0, costs);
    expect(rest).toEqual([]);
    // From the doc: size 96.0978451 at 1.02 (fees 1.980198), sold at 3.92 (fees 4.767036).
    const size = 96.0978451;
    const expected = (size * (3.92 - 1.02) - 1.980198 - 4.767036) / (size * 1.02);
    expect(trade).toMatchObject({
      status: "closed",
      entry_date: "2020-01-01",
      exit_date: "2020-01-04",
      bars: 3,
    });
    rel(trade!.entry_price, 1.02, 1e-12);
    rel(trade!.exit_price, 3.92, 1e-12);
    expect(trade!.return).toBeCloseTo(expected, 6);
  });
});

describe("a sweep's heatmap", () => {
  it("three parameters: the two with the most values, the third fixed at the best set's and said so", async () => {
    const run = await backtest({
      strategy: {
        name: "rsi_mean_reversion",
        grid: { window: [7, 14], lower: [20, 25, 30], upper: [70, 80] },
      },
      symbols: ["SPY"],
    });
    const heatmap = run.grid.heatmap;
    expect([heatmap.x, heatmap.y]).toEqual(["window", "lower"]);
    expect(heatmap.fixed).toEqual({ upper: run.best.params.upper });
    expect(heatmap.note).toContain(`upper = ${run.best.params.upper}`);
    const bx = heatmap.x_values.indexOf(run.best.params.window);
    const by = heatmap.y_values.indexOf(run.best.params.lower);
    expect(heatmap.sharpe_ratio[by][bx]).toBeCloseTo(run.best.sharpe_ratio, 12);
  });
});

describe("keepIndices", () => {
  it("keeps everything up to the limit, else first, last and the extremes of every series", () => {
    expect(keepIndices(5, 10, [1, 2, 3, 4, 5], [])).toEqual([0, 1, 2, 3, 4]);
    const n = 10_000;
    const a = Array.from({ length: n }, (_, i) => Math.sin(i / 50) + (i === 4321 ? 9 : 0));
    const b = Array.from({ length: n }, (_, i) => (i === 777 ? -5 : 0));
    const keep = keepIndices(n, 100, a, [b]);
    expect(keep.length).toBeLessThanOrEqual(100);
    expect(keep).toEqual([...keep].sort((x, y) => x - y));
    expect(keep).toEqual(expect.arrayContaining([0, n - 1, 4321, 777]));
  });
});

describe("a concept with many runs keeps its report small", () => {
  it("four symbols: at most 500 chart points and 500 listed trades per run; the count keeps them all", async () => {
    const res = await app.request("/backtest", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        strategy: { name: "sma_crossover", params: { fast: 2, slow: 5 } },
        symbols: ["SPY", "AAPL", "GOOG", "INTC"],
        store: false,
      }),
    });
    const runs = (await res.json()).runs;
    expect(runs).toHaveLength(4);
    for (const run of runs) {
      expect(run.detail.series.dates.length).toBeLessThanOrEqual(500);
      expect(run.detail.trades.count).toBe(run.best.trades_count);
      expect(run.detail.trades.items.length).toBe(Math.min(500, run.best.trades_count));
      expect(run.detail.trades.truncated).toBe(run.best.trades_count > 500);
    }
    expect(
      runs.some((run: { detail: { trades: { truncated: boolean } } }) => run.detail.trades.truncated),
    ).toBe(true);
  });
});
