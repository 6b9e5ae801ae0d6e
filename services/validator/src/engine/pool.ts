import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { OUT_STRIDE, runCrossover, runSets } from "./kernel.ts";

/**
 * A small pool of `worker_threads` running the kernel over disjoint ranges of parameter sets. Inputs and the
 * output live in SharedArrayBuffers, so a worker reads prices and indicator rows without copies and writes
 * its sets' results in place. The kernel's source text is shipped with `eval: true`: no TypeScript loader is
 * needed in the worker, whether the parent runs under tsx, vitest or a bundle.
 */
// Declarations, not assignments: a bundler may rename the functions, and runSets calls runCrossover by
// whatever name it got.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
var __name = (f) => f;
${runCrossover.toString()}
${runSets.toString()}
parentPort.on("message", (m) => {
  try {
    ${runSets.name}(m.close, m.ret, m.table, m.nBars, m.sets, m.s0, m.s1, m.from, m.to, m.initCash, m.fees, m.fixedFees, m.slippage, m.out, null, null);
    parentPort.postMessage({ id: m.id, ok: true });
  } catch (error) {
    parentPort.postMessage({ id: m.id, ok: false, message: String(error && error.stack || error) });
  }
});
`;

export interface PoolJob {
  close: Float64Array;
  ret: Float64Array;
  table: Float64Array;
  nBars: number;
  sets: Int32Array;
  from: number;
  to: number;
  initCash: number;
  fees: number;
  fixedFees: number;
  slippage: number;
  out: Float64Array;
  nSets: number;
}

export class KernelPool {
  readonly threads: number;
  private workers: Worker[] = [];
  private nextId = 1;
  private pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  /** `threads` counts the calling thread too: threads − 1 workers are started, the caller runs one share. */
  constructor(threads = Math.min(availableParallelism(), 8)) {
    this.threads = Math.max(1, threads);
  }

  private ensure(): void {
    while (this.workers.length < this.threads - 1) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      worker.on("message", (m: { id: number; ok: boolean; message?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (!p) return;
        if (m.ok) p.resolve();
        else p.reject(new Error(`kernel worker failed: ${m.message}`));
      });
      // A dead worker fails what is in flight and is replaced on the next run (never a hang).
      const fail = (error: Error) => {
        this.workers = this.workers.filter((w) => w !== worker);
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => {
        if (this.workers.includes(worker)) fail(new Error(`kernel worker exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  /** Start the workers now (a warm pool is what a long-running service wants). */
  warm(): void {
    this.ensure();
  }

  /**
   * Run every set. Inputs must be SharedArrayBuffer-backed for the worker shares to see them (callers build
   * them with `pack(true)` / `shared*` helpers); small sweeps stay on the calling thread.
   */
  async run(job: PoolJob, minSetsPerThread = 64): Promise<void> {
    const shares = Math.min(this.threads, Math.max(1, Math.floor(job.nSets / minSetsPerThread)));
    const shared =
      job.out.buffer instanceof SharedArrayBuffer && job.table.buffer instanceof SharedArrayBuffer;
    if (shares <= 1 || !shared) {
      runSets(
        job.close,
        job.ret,
        job.table,
        job.nBars,
        job.sets,
        0,
        job.nSets,
        job.from,
        job.to,
        job.initCash,
        job.fees,
        job.fixedFees,
        job.slippage,
        job.out,
        null,
        null,
      );
      return;
    }
    this.ensure();
    const bounds = Array.from({ length: shares + 1 }, (_, k) => Math.round((k * job.nSets) / shares));
    const promises: Promise<void>[] = [];
    for (let k = 1; k < shares; k++) {
      const id = this.nextId++;
      promises.push(
        new Promise<void>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          const { nSets: _n, ...rest } = job;
          this.workers[k - 1]!.postMessage({ ...rest, id, s0: bounds[k], s1: bounds[k + 1] });
        }),
      );
    }
    // The calling thread takes the first share instead of idling.
    runSets(
      job.close,
      job.ret,
      job.table,
      job.nBars,
      job.sets,
      0,
      bounds[1]!,
      job.from,
      job.to,
      job.initCash,
      job.fees,
      job.fixedFees,
      job.slippage,
      job.out,
      null,
      null,
    );
    await Promise.all(promises);
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export function sharedFloat64(source: ArrayLike<number> | number): Float64Array {
  const n = typeof source === "number" ? source : source.length;
  const out = new Float64Array(new SharedArrayBuffer(n * 8));
  if (typeof source !== "number") out.set(source);
  return out;
}

export function sharedInt32(source: ArrayLike<number>): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(source.length * 4));
  out.set(source);
  return out;
}

export { OUT_STRIDE };
