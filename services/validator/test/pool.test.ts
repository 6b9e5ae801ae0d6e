import { describe, expect, it } from "vitest";
import { buildSpecs, expandSets } from "../src/backtest/sweep.ts";
import { OUT_STRIDE, runSets } from "../src/engine/kernel.ts";
import { createNativeEngine } from "../src/engine/native.ts";
import { KernelPool } from "../src/engine/pool.ts";
import { IndicatorTable } from "../src/engine/table.ts";
import { CATALOG, FULL_SMA_GRID } from "../src/strategies/catalog.ts";
import { GOOG, load } from "./helpers.ts";

function sweep() {
  const table = new IndicatorTable(load(GOOG).close);
  const sets = expandSets(CATALOG.sma_crossover, undefined, FULL_SMA_GRID, table.nBars);
  const specs = buildSpecs(CATALOG.sma_crossover, sets, table);
  const costs = { initCash: 100, fees: 0.001, fixedFees: 0, slippage: 0.0005 };
  const single = new Float64Array(sets.length * OUT_STRIDE);
  runSets({
    ...table.kernelInputs(),
    sets: specs,
    s0: 0,
    s1: sets.length,
    from: 0,
    to: table.nBars,
    ...costs,
    out: single,
    fillsOut: null,
    returnsOut: null,
  });
  return { input: { table, specs, nSets: sets.length, from: 0, to: table.nBars, costs }, single };
}

describe("kernel pool: chunks from a shared counter", () => {
  it("a worker alone (the caller takes no chunk) gives the one-thread results bit for bit", async () => {
    const { input, single } = sweep();
    const pool = new KernelPool(2, { callerRuns: false });
    try {
      const raw = await createNativeEngine(pool).run(input);
      expect(pool.lastWorkerSets).toBe(input.nSets);
      expect(Array.from(raw.out)).toEqual(Array.from(single));
    } finally {
      await pool.close();
    }
  });

  it("the first call does not wait for a worker that is still starting, and a warmed pool shares the sweep", async () => {
    const { input, single } = sweep();
    const pool = new KernelPool(2);
    const engine = createNativeEngine(pool);
    try {
      // Cold: whatever the worker managed, every set is right.
      expect(Array.from((await engine.run(input)).out)).toEqual(Array.from(single));
      pool.warm();
      await pool.ready;
      const warm = await engine.run(input);
      expect(Array.from(warm.out)).toEqual(Array.from(single));
      expect(pool.lastWorkerSets).toBeLessThanOrEqual(input.nSets);
    } finally {
      await pool.close();
    }
  });

  it("small sweeps stay on the calling thread", async () => {
    const table = new IndicatorTable(load(GOOG).close);
    const sets = expandSets(CATALOG.sma_crossover, undefined, { fast: [5, 10], slow: [20, 50] }, table.nBars);
    const pool = new KernelPool(2, { callerRuns: false });
    try {
      await createNativeEngine(pool).run({
        table,
        specs: buildSpecs(CATALOG.sma_crossover, sets, table),
        nSets: sets.length,
        from: 0,
        to: table.nBars,
        costs: { initCash: 100, fees: 0.001, fixedFees: 0, slippage: 0 },
      });
      expect(pool.lastWorkerSets).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
