import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { type BodyExtraction, type ExtractInput, extractBody } from "./extract-body.ts";
import type { ExtractTask } from "./extract-worker.ts";
import type { ExtractorName } from "./extractors.ts";

export type { BodyExtraction, ExtractInput } from "./extract-body.ts";

/**
 * Readability is CPU-bound: on our lean DOM ~10–15 ms of CPU a page on average over the 30 fixture pages (the
 * largest several times that; on linkedom ~30, on jsdom ~300 ms), per bench/results/crawler.json. Run inline it would
 * stall the event loop: lease heartbeats, fetch deadlines and /health would all wait behind it. So extraction runs in worker threads; `size: 0` runs it inline (tests, tools).
 * A task that runs past `taskTimeoutMs` (pathological HTML) terminates its worker, which is replaced.
 */

export class ExtractionError extends Error {
  override name = "ExtractionError";
}

export interface ExtractPool {
  extract(input: ExtractInput): Promise<BodyExtraction>;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  /** Finished at least one task: a later death is about a page, not about the worker failing to start. */
  proven?: boolean;
  busy?:
    | {
        id: number;
        resolve: (value: BodyExtraction) => void;
        reject: (error: Error) => void;
        timer: NodeJS.Timeout;
      }
    | undefined;
}

interface Pending {
  task: ExtractInput;
  resolve: (value: BodyExtraction) => void;
  reject: (error: Error) => void;
}

const inlineExtract = extractBody;

/**
 * Raw bytes go to the worker by moving their memory, not copying it. Only a buffer that owns its whole memory
 * may be moved: a small Node Buffer is a slice of a shared pool, and moving that would pull the pool from
 * under every other Buffer in it, so those (small anyway) are copied first.
 */
function transferable(body: Uint8Array): { body: Uint8Array; transfer: ArrayBuffer[] } {
  if (body.byteLength === 0) return { body, transfer: [] };
  const owned =
    body.buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
  const moved = owned ? body : new Uint8Array(body);
  return { body: moved, transfer: [moved.buffer as ArrayBuffer] };
}

/**
 * A worker running our TypeScript source: Node 20 does not pass `--import tsx` hooks on to worker threads, so
 * the worker registers tsx itself before importing the entry. A bundled build (`.js`) loads its entry directly.
 */
function startWorker(): Worker {
  const entry = new URL(
    import.meta.url.endsWith(".ts") ? "./extract-worker.ts" : "./extract-worker.js",
    import.meta.url,
  );
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry);
  const api = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const boot = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true });
}

export function createExtractPool({
  size,
  taskTimeoutMs,
  extractor,
}: {
  size: number;
  taskTimeoutMs: number;
  /** The DOM Readability runs on, for tasks that do not name one (extractors.ts); the lean one by default. */
  extractor?: ExtractorName;
}): ExtractPool {
  const withExtractor = (input: ExtractInput): ExtractInput =>
    input.extractor || !extractor ? input : { ...input, extractor };
  if (size <= 0) {
    return { extract: async (input) => inlineExtract(withExtractor(input)), close: async () => {} };
  }
  const slots: Slot[] = [];
  const waiting: Pending[] = [];
  let nextId = 1;
  let closed = false;
  // A worker that cannot even start (missing loader in an odd deployment) would respawn forever; after a few
  // workers in a row die before finishing one task, extraction falls back to running inline. Timeouts on
  // pathological pages do not count: those pages must stay off the main thread.
  let startupFailures = 0;
  let inline = false;

  const spawn = (): Slot => {
    const worker = startWorker();
    worker.unref();
    const slot: Slot = { worker };
    worker.on("message", (message: { id: number; result?: BodyExtraction; error?: string }) => {
      const busy = slot.busy;
      if (!busy || busy.id !== message.id) return;
      clearTimeout(busy.timer);
      slot.busy = undefined;
      slot.proven = true;
      startupFailures = 0;
      if (message.result) busy.resolve(message.result);
      else busy.reject(new ExtractionError(`extraction failed: ${message.error}`));
      pump();
    });
    worker.on("error", (error) =>
      replace(slot, new ExtractionError(`extraction worker crashed: ${error.message}`), !slot.proven),
    );
    worker.on("exit", () => {
      if (!closed) replace(slot, new ExtractionError("extraction worker exited"), !slot.proven);
    });
    return slot;
  };

  const replace = (slot: Slot, error: Error, neverWorked = false) => {
    const index = slots.indexOf(slot);
    if (index === -1) return;
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
      slot.busy.reject(error);
      slot.busy = undefined;
    }
    slots.splice(index, 1);
    void slot.worker.terminate();
    if (neverWorked) startupFailures++;
    if (startupFailures > 3 * size) inline = true;
    if (!closed && !inline) slots.push(spawn());
    pump();
  };

  const pump = () => {
    if (inline) {
      for (const next of waiting.splice(0)) {
        try {
          next.resolve(inlineExtract(next.task));
        } catch (error) {
          next.reject(new ExtractionError(`extraction failed: ${(error as Error).message}`));
        }
      }
      return;
    }
    for (const slot of slots) {
      if (slot.busy) continue;
      const next = waiting.shift();
      if (!next) return;
      const id = nextId++;
      const timer = setTimeout(
        () => replace(slot, new ExtractionError(`extraction took longer than ${taskTimeoutMs} ms`)),
        taskTimeoutMs,
      );
      slot.busy = { id, resolve: next.resolve, reject: next.reject, timer };
      if (typeof next.task.body === "string") {
        slot.worker.postMessage({ ...next.task, id } satisfies ExtractTask);
      } else {
        const { body, transfer } = transferable(next.task.body);
        slot.worker.postMessage({ ...next.task, body, id } satisfies ExtractTask, transfer);
      }
    }
  };

  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    extract: (input) =>
      new Promise<BodyExtraction>((resolve, reject) => {
        if (closed) return reject(new ExtractionError("extraction pool closed"));
        waiting.push({ task: withExtractor(input), resolve, reject });
        pump();
      }),
    close: async () => {
      closed = true;
      for (const entry of waiting.splice(0)) entry.reject(new ExtractionError("extraction pool closed"));
      await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
    },
  };
}
