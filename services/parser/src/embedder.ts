import { availableParallelism } from "node:os";
import { EMBEDDING_DIM } from "@qp/schema";
import { TransientError } from "@qp/service-kit";
import { EmbedPool, type PoolBatch } from "./embed-pool.ts";

export const DEFAULT_MODEL_ID = "Xenova/all-MiniLM-L6-v2";

export interface EmbedderOptions {
  /** Model id under the local folder or on the hub. */
  modelId?: string;
  /** Folder holding `<modelId>/…` (offline); when unset the model comes from the Hugging Face hub. */
  modelDir?: string;
  /** Where hub downloads are cached (default `.cache/transformers` in the working directory). */
  cacheDir?: string;
  /**
   * Which graph: `fused` (onnx/model_fused.onnx, derived from model_quantized.onnx by
   * scripts/optimize-model.py: the same weights with fused attention), `q8` (model_quantized.onnx) or `fp32`
   * (model.onnx). Default: the first of fused, fp32, q8 that a local folder holds; fp32 from the hub.
   */
  dtype?: ModelGraph;
  /** Worker threads, each with its own single-threaded ONNX session (default: the number of CPUs). */
  workers?: number;
  /**
   * Most padded word pieces in one batch (texts × longest text). Small batches are faster per text here: a
   * batch of 32 chunks of 256 pieces materialises 100 MB of attention scores per layer, one chunk 3 MB.
   */
  maxBatchTokens?: number;
}

export interface Embedder {
  readonly modelId: string;
  readonly dim: number;
  /** Load the tokenizer and the ONNX sessions (once); rejects with TransientError when the model is missing. */
  load(): Promise<void>;
  loaded(): boolean;
  /** A synchronous counter of word pieces as the model sees them, [CLS] and [SEP] included. */
  tokenCounter(): Promise<(text: string) => number>;
  /**
   * Mean-pooled, L2-normalised 384-d embeddings, one per text, in input order. Texts are sorted by length
   * (within windows of 32 texts, or `batchSize` if larger) and batched up to `batchSize` texts and
   * `maxBatchTokens` padded pieces, so padding stays small.
   */
  embed(texts: ReadonlyArray<string>, batchSize?: number): Promise<number[][]>;
  /** Which graph the workers run (loads the model). */
  graph(): Promise<ModelGraph>;
  /** Stop the worker threads (a later call loads them again). */
  close(): Promise<void>;
}

export type ModelGraph = "fused" | "q8" | "fp32";

/** The .onnx file of each graph, inside `<modelDir>/<modelId>/`. */
export const GRAPH_FILES: Readonly<Record<ModelGraph, string>> = {
  fused: "onnx/model_fused.onnx",
  q8: "onnx/model_quantized.onnx",
  fp32: "onnx/model.onnx",
};

type Tokenizer = (
  text: string,
  options?: { add_special_tokens?: boolean; truncation?: boolean },
) => { input_ids: { size: number; data: BigInt64Array } };

interface Loaded {
  tokenizer: Tokenizer;
  pool: EmbedPool;
  graph: ModelGraph;
}

/** The batch's ids row after row, each row padded with zeros ([PAD] = 0) to the longest, and the 0/1 mask. */
function packBatch(rows: ReadonlyArray<BigInt64Array>): PoolBatch {
  const width = Math.max(1, ...rows.map((row) => row.length));
  const ids = new BigInt64Array(rows.length * width);
  const mask = new BigInt64Array(rows.length * width);
  for (const [index, row] of rows.entries()) {
    ids.set(row, index * width);
    mask.fill(1n, index * width, index * width + row.length);
  }
  return { ids, mask, rows: rows.length, width };
}

/** Texts tokenised before their batches go out (at least one batch's worth; see embed). */
const TOKENIZE_WINDOW = 32;

/** Batches of indices into `lengths`, longest first, each within `maxTexts` texts and `maxTokens` padded pieces. */
export function planBatches(lengths: ReadonlyArray<number>, maxTexts: number, maxTokens: number): number[][] {
  const order = lengths.map((_, index) => index).sort((a, b) => (lengths[b] ?? 0) - (lengths[a] ?? 0));
  const batches: number[][] = [];
  let current: number[] = [];
  let longest = 0;
  for (const index of order) {
    const length = lengths[index] ?? 0;
    const widest = Math.max(longest, length);
    if (current.length > 0 && (current.length >= maxTexts || widest * (current.length + 1) > maxTokens)) {
      batches.push(current);
      current = [];
      longest = 0;
    }
    current.push(index);
    longest = Math.max(longest, length);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * all-MiniLM-L6-v2 through transformers.js (onnxruntime-node on CPU). The tokenizer lives on the main
 * thread (chunking counts with it); inference runs in a pool of worker threads, so a long /parse does not
 * block the event loop and batches of concurrent requests share the CPUs.
 */
export function createEmbedder(options: EmbedderOptions = {}): Embedder {
  const modelId = options.modelId ?? DEFAULT_MODEL_ID;
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const maxBatchTokens = options.maxBatchTokens ?? 256;
  let loading: Promise<Loaded> | undefined;
  let ready = false;

  const load = () => {
    loading ??= (async () => {
      const { env, AutoTokenizer, AutoModel } = await import("@huggingface/transformers");
      const { existsSync } = await import("node:fs");
      let folder: string;
      let graph: ModelGraph;
      if (options.modelDir) {
        env.localModelPath = options.modelDir.endsWith("/") ? options.modelDir : `${options.modelDir}/`;
        env.allowLocalModels = true;
        env.allowRemoteModels = false;
        folder = `${env.localModelPath}${modelId}/`;
        graph =
          options.dtype ??
          (["fused", "fp32", "q8"] as const).find((name) => existsSync(`${folder}${GRAPH_FILES[name]}`)) ??
          "q8";
      } else {
        // The hub: transformers.js downloads into its file cache (<cacheDir>/<modelId>/onnx/…) once, and
        // the workers open that file. The derived fused graph exists only locally.
        env.cacheDir = options.cacheDir ?? ".cache/transformers";
        folder = `${env.cacheDir.endsWith("/") ? env.cacheDir : `${env.cacheDir}/`}${modelId}/`;
        graph = options.dtype === "q8" ? "q8" : "fp32";
        if (!existsSync(`${folder}${GRAPH_FILES[graph]}`)) {
          const model = await AutoModel.from_pretrained(modelId, { dtype: graph });
          await model.dispose();
        }
      }
      const tokenizer = (await AutoTokenizer.from_pretrained(modelId)) as unknown as Tokenizer;
      const pool = await EmbedPool.start({ file: `${folder}${GRAPH_FILES[graph]}` }, workers);
      ready = true;
      return { tokenizer, pool, graph };
    })().catch((error: unknown) => {
      loading = undefined;
      // The loader's message names files on this server: it goes to the log (cause), not into answers.
      throw new TransientError(`embedding model ${modelId} unavailable (the parser's log says why)`, {
        cause: error,
      });
    });
    return loading;
  };

  return {
    modelId,
    dim: EMBEDDING_DIM,
    load: async () => void (await load()),
    loaded: () => ready,
    async tokenCounter() {
      const { tokenizer } = await load();
      return (text: string) => tokenizer(text).input_ids.size;
    },
    async graph() {
      return (await load()).graph;
    },
    async embed(texts, batchSize = 32) {
      const { tokenizer, pool } = await load();
      const out: number[][] = new Array(texts.length);
      const sent: Promise<void>[] = [];
      const send = async (indices: number[], tokens: BigInt64Array[]) => {
        const result = await pool.embed(packBatch(tokens)).catch((error: Error) => {
          if (pool.size === 0) {
            // Every worker died: the next call loads afresh instead of failing forever.
            ready = false;
            loading = undefined;
          }
          // As above: the worker's message may name files on this server, so it stays in the cause.
          throw new TransientError("embedding failed (the parser's log says why)", { cause: error });
        });
        if (result.dim !== EMBEDDING_DIM) throw new Error(`model returned ${result.dim} dimensions`);
        for (const [row, index] of indices.entries()) {
          out[index] = Array.from(result.data.subarray(row * result.dim, (row + 1) * result.dim));
        }
      };
      // Tokenised once, here, a window at a time: each window's batches go to the workers while the next
      // window is tokenised (tokenising all first left both workers idle meanwhile: ~0.3 s per 128 full
      // chunks, about a tenth of their embedding time on 2 workers). Sorting by length within a window of
      // TOKENIZE_WINDOW texts still keeps padding small.
      // Truncation at the model's 512 positions, as transformers.js's pipeline did.
      const window = Math.max(TOKENIZE_WINDOW, batchSize);
      for (let start = 0; start < texts.length; start += window) {
        if (start > 0) await new Promise((resolve) => setImmediate(resolve)); // answers in, next batches out
        const indices = texts.slice(start, start + window).map((_, offset) => start + offset);
        const tokens = indices.map(
          (index) => tokenizer(texts[index] ?? "", { truncation: true }).input_ids.data,
        );
        for (const batch of planBatches(
          tokens.map((row) => row.length),
          batchSize,
          maxBatchTokens,
        )) {
          const done = send(
            batch.map((row) => indices[row] ?? 0),
            batch.map((row) => tokens[row] ?? new BigInt64Array(0)),
          );
          done.catch(() => undefined); // handled below, by Promise.all; not an unhandled rejection meanwhile
          sent.push(done);
        }
      }
      await Promise.all(sent);
      return out;
    },
    async close() {
      const current = loading;
      loading = undefined;
      ready = false;
      if (current) await (await current.catch(() => undefined))?.pool.close();
    },
  };
}
