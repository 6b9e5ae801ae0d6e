import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** What a pool worker needs to open its own ONNX session. */
export interface PoolModel {
  /** The .onnx file (inputs input_ids, attention_mask[, token_type_ids]; first output: last hidden state). */
  file: string;
}

/** One batch of tokenised texts, row-major, each row padded with zeros to `width`. */
export interface PoolBatch {
  ids: BigInt64Array<ArrayBuffer>;
  mask: BigInt64Array<ArrayBuffer>;
  rows: number;
  width: number;
}

/** One batch's mean-pooled, normalised vectors, row after row. */
export interface PoolResult {
  data: Float32Array;
  rows: number;
  dim: number;
}

/**
 * The worker's source, evaluated as CommonJS (`eval: true`): a separate file would need its own entry in the
 * esbuild bundle and a TypeScript loader under tsx and vitest, a string needs neither. It requires
 * onnxruntime-node by the absolute path the main thread resolved, so it loads the same installed copy.
 *
 * The main thread tokenises (it needs the lengths to batch by length anyway) and sends the ids, transferred,
 * not copied; the worker runs the session and mean-pools in place, so nothing is tokenised twice and only
 * rows × 384 floats come back. One ONNX thread per worker (intraOpNumThreads 1): on this project's 2 busy
 * cores onnxruntime's own thread pool spin-waits at every operator and spent twice the CPU per chunk of a
 * single thread (bench/parser). Parallelism comes from several workers, each running whole batches, with no
 * barrier between them.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const ort = require(workerData.ort);
const ready = ort.InferenceSession.create(workerData.model.file, {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: "sequential",
  graphOptimizationLevel: "all",
});
ready.then(
  () => parentPort.postMessage({ type: "ready" }),
  (error) => parentPort.postMessage({ type: "error", message: String(error && error.message || error) }),
);
// One batch at a time, in arrival order: the pool sends the next batch before this one ends (see DEPTH).
let previous = ready.catch(() => undefined);
parentPort.on("message", (message) => {
  previous = previous.then(() => run(message));
});
async function run({ id, ids, mask, rows, width }) {
  try {
    const session = await ready;
    const shape = [rows, width];
    const feeds = {
      input_ids: new ort.Tensor("int64", ids, shape),
      attention_mask: new ort.Tensor("int64", mask, shape),
    };
    if (session.inputNames.includes("token_type_ids")) {
      feeds.token_type_ids = new ort.Tensor("int64", new BigInt64Array(rows * width), shape);
    }
    const output = (await session.run(feeds))[session.outputNames[0]];
    const hidden = output.data;
    const dim = output.dims[2];
    const data = new Float32Array(rows * dim);
    for (let row = 0; row < rows; row++) {
      const vector = data.subarray(row * dim, (row + 1) * dim);
      let count = 0;
      for (let t = 0; t < width; t++) {
        if (mask[row * width + t] === 0n) continue;
        count++;
        const base = (row * width + t) * dim;
        for (let k = 0; k < dim; k++) vector[k] += hidden[base + k];
      }
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += vector[k] * vector[k];
      // Mean then L2 normalisation: the mean's 1/count cancels, only the norm matters (count > 0: [CLS]).
      norm = count > 0 && norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let k = 0; k < dim; k++) vector[k] *= norm;
    }
    output.dispose?.();
    parentPort.postMessage({ type: "result", id, data, rows, dim }, [data.buffer]);
  } catch (error) {
    parentPort.postMessage({ type: "failed", id, message: String(error && error.message || error) });
  }
}
`;

/**
 * Batches sent to a worker ahead of its answers: the next batch already waits in the worker when one ends,
 * so a main thread busy tokenising the next texts does not leave the worker idle.
 */
const DEPTH = 2;

/** onnxruntime-node as the parser depends on it (the same copy transformers.js would load). */
function onnxruntimePath(): string {
  return createRequire(import.meta.url).resolve("onnxruntime-node");
}

interface Task {
  id: number;
  batch: PoolBatch;
  resolve: (result: PoolResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Sent and not yet answered, oldest first (at most DEPTH). */
  tasks: Task[];
}

/**
 * A fixed set of worker threads, each with its own ONNX session. Batches queue and go to whichever worker has
 * room (DEPTH batches each), so concurrent requests share the workers batch by batch. A worker holds the process open only while
 * it has a batch (unref'd when idle), so a caller that forgets `close()` still exits.
 */
export class EmbedPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  private constructor() {}

  /** Start `size` workers and wait until each has loaded the model; rejects (and stops them) if one cannot. */
  static async start(model: PoolModel, size: number): Promise<EmbedPool> {
    const pool = new EmbedPool();
    if (!existsSync(model.file)) throw new Error(`no model file ${model.file}`);
    const ort = onnxruntimePath();
    try {
      await Promise.all(
        Array.from({ length: size }, async () => {
          const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ort, model } });
          const slot: Slot = { worker, tasks: [] };
          pool.slots.push(slot);
          await new Promise<void>((resolve, reject) => {
            const failed = (error: Error) => {
              settle();
              reject(error);
            };
            const exited = (code: number) =>
              failed(new Error(`embedding worker exited (${code}) while loading`));
            const answered = (message: { type: string; message?: string }) => {
              settle();
              if (message.type === "ready") resolve();
              else reject(new Error(message.message));
            };
            // Only our own listeners go: removeAllListeners would also drop the Worker's internal ones.
            const settle = () => {
              worker.off("message", answered);
              worker.off("error", failed);
              worker.off("exit", exited);
            };
            worker.on("message", answered);
            worker.on("error", failed);
            worker.on("exit", exited);
          });
          pool.watch(slot);
        }),
      );
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  embed(batch: PoolBatch): Promise<PoolResult> {
    if (this.closed) return Promise.reject(new Error("embedding pool closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, batch, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error("embedding pool closed"));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private watch(slot: Slot): void {
    slot.worker.unref();
    slot.worker.on(
      "message",
      (message: { type: string; id: number; message?: string } & Partial<PoolResult>) => {
        const index = slot.tasks.findIndex((task) => task.id === message.id);
        const [task] = index === -1 ? [] : slot.tasks.splice(index, 1);
        if (!task) return;
        if (slot.tasks.length === 0) slot.worker.unref();
        if (message.type === "result" && message.data && message.rows !== undefined && message.dim) {
          task.resolve({ data: message.data, rows: message.rows, dim: message.dim });
        } else {
          task.reject(new Error(`embedding failed: ${message.message ?? "unknown error"}`));
        }
        this.dispatch();
      },
    );
    // A crashed worker takes its batches with it: those fail, the others go on with the rest.
    const lost = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index !== -1) this.slots.splice(index, 1);
      for (const task of slot.tasks.splice(0)) task.reject(error);
      if (this.slots.length === 0) {
        this.closed = true;
        for (const task of this.queue.splice(0)) task.reject(error);
      }
    };
    slot.worker.on("error", lost);
    slot.worker.on("exit", (code) => {
      if (!this.closed) lost(new Error(`embedding worker exited (${code})`));
    });
  }

  private dispatch(): void {
    // Round by round, so each worker gets one batch before any gets its second.
    for (let depth = 1; depth <= DEPTH; depth++) {
      for (const slot of this.slots) {
        if (slot.tasks.length >= depth) continue;
        const task = this.queue.shift();
        if (!task) return;
        slot.tasks.push(task);
        slot.worker.ref();
        const { ids, mask, rows, width } = task.batch;
        // Transferred: the ids were built for this batch alone and are not read again here.
        slot.worker.postMessage({ id: task.id, ids, mask, rows, width }, [ids.buffer, mask.buffer]);
      }
    }
  }
}
