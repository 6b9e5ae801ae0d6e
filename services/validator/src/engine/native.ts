import { OUT_STRIDE } from "./kernel.ts";
import { KernelPool, sharedFloat64, sharedInt32 } from "./pool.ts";
import type { Engine, SweepInput, SweepRaw } from "./types.ts";

/** The native CPU engine: the typed-array kernel, partitioned across a worker pool for big sweeps. */
export function createNativeEngine(pool = new KernelPool()): Engine & { pool: KernelPool } {
  return {
    name: "native",
    gpuAccelerated: false,
    pool,
    async run(input: SweepInput): Promise<SweepRaw> {
      const started = performance.now();
      const { table, costs } = input;
      const out = sharedFloat64(input.nSets * OUT_STRIDE);
      await pool.run({
        close: sharedFloat64(table.close),
        ret: table.aux(true),
        table: table.pack(true),
        nBars: table.nBars,
        sets: sharedInt32(input.specs),
        from: input.from,
        to: input.to,
        initCash: costs.initCash,
        fees: costs.fees,
        fixedFees: costs.fixedFees,
        slippage: costs.slippage,
        out,
        nSets: input.nSets,
      });
      return { out, engine: "native", gpuAccelerated: false, seconds: (performance.now() - started) / 1000 };
    },
  };
}
