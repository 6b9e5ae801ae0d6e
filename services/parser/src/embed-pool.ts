import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** What a pool worker needs to build its own feature-extraction pipeline. */
export interface PoolModel {
  modelId: string;
  dtype: "q8" | "fp32";
  /** transformers.js `env.localModelPath` (offline) … */
  localModelPath?: string;
  /** … or `env.cacheDir` for hub downloads. */
  cacheDir?: string;
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
 * transformers.js by the absolute path the main thread resolved, so it loads the same installed copy.
 *
 * One ONNX thread per worker (intraOpNumThreads 1): on this project's 2 busy cores onnxruntime's own thread
 * pool spin-waits at every operator and spent twice the CPU per chunk of a single thread (bench/parser).
 * Parallelism comes from several workers, each running whole batches, with no barrier between them.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const model = workerData.model;
const ready = import(workerData.transformers).then(({ env, pipeline }) => {
  if (model.localModelPath) {
    env.localModelPath = model.localModelPath;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  } else {
    env.cacheDir = model.cacheDir;
  }
  return pipeline("feature-extraction", model.modelId, {
    dtype: model.dtype,
    session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 },
  });
});
ready.then(
  () => parentPort.postMessage({ type: "ready" }),
  (error) => parentPort.postMessage({ type: "error", message: String(error && error.message || error) }),
);
parentPort.on("message", async ({ id, texts }) => {
  try {
    const extractor = await ready;
    const tensor = await extractor(texts, { pooling: "mean", normalize: true });
    const data = Float32Array.from(tensor.data);
    parentPort.postMessage({ type: "result", id, data, rows: tensor.dims[0], dim: tensor.dims[1] }, [data.buffer]);
  } catch (error) {
    parentPort.postMessage({ type: "failed", id, message: String(error && error.message || error) });
  }
});
`;

/**
 * The ES module build of the transformers.js the parser depends on, as a file URL. Resolved through require
 * (works under tsx, vitest and the esbuild bundle alike), which names the CommonJS build beside it; that
 * build hangs in its first inference inside a worker thread, the ES module one does not.
 */
function transformersUrl(): string {
  const commonJs = createRequire(import.meta.url).resolve("@huggingface/transformers");
  const esm = commonJs.replace(/\.cjs$/, ".mjs");
  return pathToFileURL(existsSync(esm) ? esm : commonJs).href;
}

interface Task {
  id: number;
  texts: string[];
  resolve: (result: PoolResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task?: Task;
}

/**
 * A fixed set of worker threads, each with its own ONNX session. Batches queue and go to whichever worker is
 * idle, so concurrent requests share the workers batch by batch. A worker holds the process open only while
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
    const transformers = transformersUrl();
    try {
      await Promise.all(
        Array.from({ length: size }, async () => {
          const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { transformers, model } });
          const slot: Slot = { worker };
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

  embed(texts: string[]): Promise<PoolResult> {
    if (this.closed) return Promise.reject(new Error("embedding pool closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, texts, resolve, reject });
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
        const task = slot.task;
        if (!task || message.id !== task.id) return;
        slot.task = undefined;
        slot.worker.unref();
        if (message.type === "result" && message.data && message.rows !== undefined && message.dim) {
          task.resolve({ data: message.data, rows: message.rows, dim: message.dim });
        } else {
          task.reject(new Error(`embedding failed: ${message.message ?? "unknown error"}`));
        }
        this.dispatch();
      },
    );
    // A crashed worker takes its batch with it: that batch fails, the others go on with the rest.
    const lost = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index !== -1) this.slots.splice(index, 1);
      slot.task?.reject(error);
      slot.task = undefined;
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
    for (const slot of this.slots) {
      if (slot.task) continue;
      const task = this.queue.shift();
      if (!task) return;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, texts: task.texts });
    }
  }
}
