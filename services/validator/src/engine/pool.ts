import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { rollingMean } from "./indicators.ts";
import { crossedAboveStep, type KernelJob, OUT_STRIDE, runCrossover, runSets, SET_STRIDE } from "./kernel.ts";
import { IndicatorTable } from "./table.ts";

/**
 * A small pool of `worker_threads` running the kernel over one sweep's parameter sets. Inputs and the output
 * live in SharedArrayBuffers, so a worker reads prices and indicator rows without copies and writes its sets'
 * results in place. The kernel's source text is shipped with `eval: true`: no TypeScript loader is needed in
 * the worker, whether the parent runs under tsx, vitest or a bundle.
 *
 * Work is handed out in small chunks from a shared counter (Atomics.add), not split in fixed halves: on a
 * machine shared with other processes one thread is often descheduled, and a fixed split then waits for the
 * slower half (measured: 2 threads no faster than 1 under load). With chunks, whichever thread runs takes the
 * next sets, and the calling thread never waits for a worker that has not joined yet: a worker that is still
 * starting (the first call) or busy finds its slot closed and skips the job, so the first call costs no
 * worker start-up (see `run`).
 */
// Declarations, not assignments: a bundler may rename the functions, and runSets calls runCrossover and
// crossedAboveStep by whatever names they got.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
var __name = (f) => f;
${crossedAboveStep.toString()}
${runCrossover.toString()}
${runSets.toString()}
parentPort.on("message", (m) => {
  if (m.warm) {
    // Start-up warm-up (KernelPool.warm): the whole synthetic sweep, twice, so the kernel gets optimised.
    for (let k = 0; k < 2; k++)
      ${runSets.name}({ ...m, s0: 0, s1: m.nSets, fillsOut: null, returnsOut: null });
    parentPort.postMessage({ id: m.id, ok: true });
    return;
  }
  // Claim this worker's slot: 0 = open, 1 = joined, 2 = closed by the caller (it finished without us).
  if (Atomics.compareExchange(m.ctl, m.slot, 0, 1) !== 0) {
    parentPort.postMessage({ id: m.id, ok: true, sets: 0 });
    return;
  }
  try {
    let done = 0;
    for (;;) {
      const s0 = Atomics.add(m.ctl, 0, m.chunk);
      if (s0 >= m.nSets) break;
      const s1 = Math.min(s0 + m.chunk, m.nSets);
      ${runSets.name}({ ...m, s0, s1, fillsOut: null, returnsOut: null });
      done += s1 - s0;
    }
    parentPort.postMessage({ id: m.id, ok: true, sets: done });
  } catch (error) {
    parentPort.postMessage({ id: m.id, ok: false, message: String(error && error.stack || error) });
  }
});
`;

/** One sweep for the pool: the kernel's inputs and output, and how many sets there are. */
export type PoolJob = Omit<KernelJob, "s0" | "s1" | "fillsOut" | "returnsOut"> & { nSets: number };

/** Sets per chunk: ~0.2 ms of kernel work on 3,400 bars, small enough to balance, big enough to not contend. */
const CHUNK = 32;

function runRange(job: PoolJob, s0: number, s1: number): void {
  runSets({ ...job, s0, s1, fillsOut: null, returnsOut: null });
}

export class KernelPool {
  readonly threads: number;
  private workers: Worker[] = [];
  private nextId = 1;
  private pending = new Map<number, { resolve: (sets: number) => void; reject: (e: Error) => void }>();

  /** Sets the workers ran in the last `run` (0 when the calling thread did them all). */
  lastWorkerSets = 0;
  private readonly callerRuns: boolean;

  /**
   * `threads` counts the calling thread too: threads − 1 workers are started. `callerRuns: false` leaves
   * every set to the workers and waits for them (tests use it to check the workers' results bit for bit).
   */
  constructor(threads = Math.min(availableParallelism(), 8), options: { callerRuns?: boolean } = {}) {
    this.threads = Math.max(1, threads);
    this.callerRuns = options.callerRuns ?? true;
  }

  private ensure(): void {
    while (this.workers.length < this.threads - 1) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      worker.on("message", (m: { id: number; ok: boolean; sets?: number; message?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (!p) return;
        if (m.ok) p.resolve(m.sets ?? 0);
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

  /** Resolves once `warm()`'s warm-up has run on every thread. */
  ready: Promise<void> = Promise.resolve();

  /**
   * Start the workers now and run a small synthetic sweep on every thread, so the kernel is compiled
   * (optimised) before the first real request: what a long-running service wants at start-up. The calling
   * thread's share runs now (a few ms); the workers' in the background (`ready`).
   */
  warm(): void {
    this.ensure();
    const job = warmUpJob();
    const replies = this.workers.map((worker) => {
      const id = this.nextId++;
      const reply = new Promise<number>((resolve, reject) => this.pending.set(id, { resolve, reject }));
      worker.postMessage({ ...job, out: sharedFloat64(job.out.length), id, warm: true });
      return reply;
    });
    for (let k = 0; k < 2; k++) runRange(job, 0, job.nSets);
    this.ready = Promise.all(replies).then(() => {});
    this.ready.catch(() => {}); // a worker lost during warm-up is replaced on the next run
  }

  /**
   * Run every set. Inputs must be SharedArrayBuffer-backed for the workers to see them (callers build them
   * with `pack(true)` / `shared*` helpers); small sweeps stay on the calling thread.
   */
  async run(job: PoolJob, minSetsPerThread = 64): Promise<void> {
    const shared =
      job.out.buffer instanceof SharedArrayBuffer &&
      job.table.buffer instanceof SharedArrayBuffer &&
      job.close.buffer instanceof SharedArrayBuffer &&
      job.ret.buffer instanceof SharedArrayBuffer &&
      job.sets.buffer instanceof SharedArrayBuffer;
    this.lastWorkerSets = 0;
    if (this.threads <= 1 || job.nSets < 2 * minSetsPerThread || !shared) {
      runRange(job, 0, job.nSets);
      return;
    }
    this.ensure();
    // ctl[0]: the next set to hand out; ctl[1 + w]: worker w's slot (see WORKER_SOURCE).
    const workers = this.workers.slice();
    const ctl = new Int32Array(new SharedArrayBuffer(4 * (1 + workers.length)));
    const replies = workers.map((worker, w) => {
      const id = this.nextId++;
      const reply = new Promise<number>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
      });
      worker.postMessage({ ...job, id, ctl, slot: 1 + w, chunk: CHUNK });
      return reply;
    });
    // The calling thread takes chunks too instead of idling.
    let failure: unknown = null;
    try {
      while (this.callerRuns) {
        const s0 = Atomics.add(ctl, 0, CHUNK);
        if (s0 >= job.nSets) break;
        runRange(job, s0, Math.min(s0 + CHUNK, job.nSets));
      }
    } catch (error) {
      failure = error;
    }
    // Close the slot of every worker that has not joined: it will skip this job, so nothing is waited for.
    const waitFor: Promise<number>[] = [];
    for (const [w, reply] of replies.entries()) {
      if (this.callerRuns && Atomics.compareExchange(ctl, 1 + w, 0, 2) === 0) reply.catch(() => {});
      else waitFor.push(reply);
    }
    const done = await Promise.all(waitFor);
    if (failure) throw failure;
    this.lastWorkerSets = done.reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** A small synthetic sweep (a wavy random-looking walk, 3 moving averages, every crossover pair). */
function warmUpJob(): PoolJob {
  const n = 1024;
  const close = new Float64Array(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    price *= 1 + 0.01 * Math.sin(i * 0.37) + 0.004 * Math.cos(i * 1.91);
    close[i] = price;
  }
  const table = new IndicatorTable(close);
  const rows = [3, 5, 8, 13, 21, 34].map((w) => table.row(`sma:${w}`, () => rollingMean(close, w)));
  const specs: number[] = [];
  for (const a of rows)
    for (const b of rows) {
      if (a === b) continue;
      specs.push(a, b, 0, b, a, 0); // crossover fast path
      specs.push(a, b, 1, b, a, 1); // generic loop
    }
  const repeats = 8;
  const all = Array.from({ length: repeats }, () => specs).flat();
  const nSets = all.length / SET_STRIDE;
  return {
    close: sharedFloat64(close),
    ret: table.aux(true),
    table: table.pack(true),
    nBars: n,
    sets: sharedInt32(all),
    from: 0,
    to: n,
    initCash: 100,
    fees: 0.001,
    fixedFees: 0,
    slippage: 0,
    out: sharedFloat64(nSets * OUT_STRIDE),
    nSets,
  };
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
