import { afterAll, describe, expect, it } from "vitest";
import { metricsOf } from "../src/backtest/metrics.ts";
import { buildSpecs, expandSets } from "../src/backtest/sweep.ts";
import { cudaDeviceVisible, loadTfBackend } from "../src/engine/backend.ts";
import { OUT_STRIDE, runSets } from "../src/engine/kernel.ts";
import { createEngines } from "../src/engine/select.ts";
import { IndicatorTable } from "../src/engine/table.ts";
import { createTfjsEngine } from "../src/engine/tfjs-engine.ts";
import type { TemplateName as StrategyName } from "../src/strategies/catalog.ts";
import { CATALOG, FULL_SMA_GRID } from "../src/strategies/catalog.ts";
import { GOOG, load, SPY } from "./helpers.ts";

const engines = createEngines({ threads: 2 });
afterAll(() => engines.close());

describe("GPU detection and fallback (test_backtest_gpu)", () => {
  it("without tfjs-node-gpu on a CUDA device, auto picks the native CPU engine and says so", async () => {
    const cuda = cudaDeviceVisible();
    const backend = await loadTfBackend();
    if (backend.gpu) {
      console.warn(`skipping the CPU-fallback assertion: a real GPU is in use (${backend.detail})`);
      return;
    }
    const choice = await engines.choose("auto");
    expect(choice.engine.name).toBe("native");
    expect(choice.engine.gpuAccelerated).toBe(false);
    expect(choice.reason).toMatch(/native CPU engine/);
    if (!cuda.visible) expect(choice.reason).toContain(cuda.detail);
    // Whichever tfjs loaded here is not a GPU one, and says why.
    expect(backend.gpu).toBe(false);
    expect(["tfjs-node", "tfjs"]).toContain(backend.name);
    expect(backend.detail).toMatch(/tfjs-node-gpu/);
  });

  it("a forced tfjs run reports the backend it really used, not a GPU", async () => {
    const choice = await engines.choose("tfjs");
    const backend = await loadTfBackend();
    expect(choice.engine.name).toBe(backend.name);
    expect(choice.engine.gpuAccelerated).toBe(backend.gpu);
  });
});

describe("native engine: worker partition equals one thread", () => {
  it("the full 4,851-set SMA sweep on GOOG, set by set, bit for bit", async () => {
    const series = load(GOOG);
    const table = new IndicatorTable(series.close);
    const sets = expandSets(CATALOG.sma_crossover, undefined, FULL_SMA_GRID, table.nBars);
    expect(sets).toHaveLength(4851);
    const specs = buildSpecs(CATALOG.sma_crossover, sets, table);
    const costs = { initCash: 100, fees: 0.001, fixedFees: 0, slippage: 0.0005 };
    const pooled = await engines.native.run({
      table,
      specs,
      nSets: sets.length,
      from: 0,
      to: table.nBars,
      costs,
    });
    const single = new Float64Array(sets.length * OUT_STRIDE);
    // The generic loop (fills buffer given → no crossover fast path): checks the fast path too.
    const fills = new Int32Array(table.nBars + 1);
    const inputs = table.kernelInputs();
    for (let s = 0; s < sets.length; s++)
      runSets({
        ...inputs,
        sets: specs,
        s0: s,
        s1: s + 1,
        from: 0,
        to: table.nBars,
        ...costs,
        out: single,
        fillsOut: fills,
        returnsOut: null,
      });
    for (let k = 0; k < single.length; k++) {
      const [a, b] = [pooled.out[k]!, single[k]!];
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
    }
  });
});

describe("engine equality: native vs tfjs on real data (same trades, float32 tolerance)", () => {
  const cases: Array<[string, StrategyName, Record<string, number[]>]> = [
    [GOOG, "sma_crossover", { fast: [5, 10, 20, 50], slow: [20, 50, 100, 200] }],
    [SPY, "ema_crossover", { fast: [5, 12], slow: [26, 50] }],
    [SPY, "macd", { fast: [12], slow: [26], signal: [9] }],
    [GOOG, "rsi_mean_reversion", { window: [14], lower: [30], upper: [70] }],
    [SPY, "bollinger_bands", { window: [20], k: [2] }],
    [GOOG, "donchian_breakout", { window: [20, 50], exit_window: [10] }],
    [SPY, "ts_momentum", { lookback: [63, 252] }],
    [GOOG, "buy_and_hold", {}],
  ];
  for (const [file, name, grid] of cases) {
    it(`${name} on ${file}`, async () => {
      const tfjs = await createTfjsEngine({ prefer: "pure" });
      const series = load(file);
      const table = new IndicatorTable(series.close);
      const template = CATALOG[name];
      const sets = expandSets(
        template,
        Object.keys(grid).length ? undefined : {},
        Object.keys(grid).length ? grid : undefined,
        table.nBars,
      );
      const specs = buildSpecs(template, sets, table);
      const from = 0;
      const to = table.nBars;
      const costs = { initCash: 100, fees: 0.001, fixedFees: 0, slippage: 0.0005 };
      const input = { table, specs, nSets: sets.length, from, to, costs };
      const a = await engines.native.run(input);
      const b = await tfjs.run(input);
      const tfFills = await tfjs.fills(input);
      const inputs = table.kernelInputs();
      for (let k = 0; k < sets.length; k++) {
        const traced = new Int32Array(to + 1);
        runSets({
          ...inputs,
          sets: specs,
          s0: k,
          s1: k + 1,
          from,
          to,
          ...costs,
          out: new Float64Array(sets.length * OUT_STRIDE),
          fillsOut: traced,
          returnsOut: null,
        });
        const end = traced.indexOf(0);
        expect(tfFills[k]).toEqual(Array.from(traced.subarray(0, end < 0 ? traced.length : end)));
        const m1 = metricsOf(a.out, k, to - from, 100, 365);
        const m2 = metricsOf(b.out, k, to - from, 100, 365);
        expect(m2.trades).toBe(m1.trades);
        expect(m2.closedTrades).toBe(m1.closedTrades);
        expect(Math.abs(m2.finalValue / m1.finalValue - 1)).toBeLessThan(1e-4);
        expect(Math.abs(m2.maxDrawdown - m1.maxDrawdown)).toBeLessThan(1e-5);
        if (Number.isFinite(m1.sharpe)) expect(Math.abs(m2.sharpe - m1.sharpe)).toBeLessThan(1e-4);
      }
    });
  }

  it("tfjs refuses fixed fees instead of computing something else", async () => {
    const tfjs = await createTfjsEngine({ prefer: "pure" });
    const table = new IndicatorTable(load(GOOG).close);
    const specs = buildSpecs(CATALOG.sma_crossover, [{ fast: 10, slow: 20 }], table);
    await expect(
      tfjs.run({
        table,
        specs,
        nSets: 1,
        from: 0,
        to: table.nBars,
        costs: { initCash: 100, fees: 0, fixedFees: 1, slippage: 0 },
      }),
    ).rejects.toThrow(/fixed_fees/);
  });
});

describe("the worker pool survives a dead worker", () => {
  it("a worker that exits is replaced on the next run, with the same results", async () => {
    const { KernelPool } = await import("../src/engine/pool.ts");
    const { createNativeEngine } = await import("../src/engine/native.ts");
    const pool = new KernelPool(2);
    const engine = createNativeEngine(pool);
    try {
      const table = new IndicatorTable(load(GOOG).close);
      const sets = expandSets(
        CATALOG.sma_crossover,
        undefined,
        { fast: [5, 10, 20, 30], slow: Array.from({ length: 60 }, (_, i) => i + 31) },
        table.nBars,
      );
      const input = {
        table,
        specs: buildSpecs(CATALOG.sma_crossover, sets, table),
        nSets: sets.length,
        from: 0,
        to: table.nBars,
        costs: { initCash: 100, fees: 0.001, fixedFees: 0, slippage: 0 },
      };
      const before = await engine.run(input);
      const workers = (pool as unknown as { workers: Array<{ terminate(): Promise<number> }> }).workers;
      expect(workers.length).toBe(1);
      await workers[0]!.terminate();
      const after = await engine.run(input);
      expect(Array.from(after.out)).toEqual(Array.from(before.out));
    } finally {
      await pool.close();
    }
  });
});
