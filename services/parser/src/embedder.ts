import { EMBEDDING_DIM } from "@qp/schema";
import { TransientError } from "@qp/service-kit";

export const DEFAULT_MODEL_ID = "Xenova/all-MiniLM-L6-v2";

export interface EmbedderOptions {
  /** Model id under the local folder or on the hub. */
  modelId?: string;
  /** Folder holding `<modelId>/…` (offline); when unset the model comes from the Hugging Face hub. */
  modelDir?: string;
  /** Where hub downloads are cached (default `.cache/transformers` in the working directory). */
  cacheDir?: string;
  /** `q8` (model_quantized.onnx) or `fp32` (model.onnx); default: whichever a local folder holds, else fp32. */
  dtype?: "q8" | "fp32";
}

export interface Embedder {
  readonly modelId: string;
  readonly dim: number;
  /** Load the tokenizer and the ONNX session (once); rejects with TransientError when the model is missing. */
  load(): Promise<void>;
  loaded(): boolean;
  /** A synchronous counter of word pieces as the model sees them, [CLS] and [SEP] included. */
  tokenCounter(): Promise<(text: string) => number>;
  /** Mean-pooled, L2-normalised 384-d embeddings, one per text, in batches of `batchSize`. */
  embed(texts: ReadonlyArray<string>, batchSize?: number): Promise<number[][]>;
}

type Extractor = {
  (texts: string[], options: { pooling: "mean"; normalize: boolean }): Promise<{ tolist(): number[][] }>;
  tokenizer: (text: string, options?: { add_special_tokens?: boolean }) => { input_ids: { size: number } };
  dispose?: () => Promise<void>;
};

/**
 * all-MiniLM-L6-v2 through transformers.js (onnxruntime-node on CPU). Inference runs one batch at a time:
 * onnxruntime already uses every core for one batch, and interleaving requests would only thrash caches.
 */
export function createEmbedder(options: EmbedderOptions = {}): Embedder {
  const modelId = options.modelId ?? DEFAULT_MODEL_ID;
  let extractor: Promise<Extractor> | undefined;
  let ready = false;
  let queue: Promise<unknown> = Promise.resolve();

  const load = () => {
    extractor ??= (async () => {
      const { env, pipeline } = await import("@huggingface/transformers");
      let dtype = options.dtype;
      if (options.modelDir) {
        env.localModelPath = options.modelDir.endsWith("/") ? options.modelDir : `${options.modelDir}/`;
        env.allowLocalModels = true;
        env.allowRemoteModels = false;
        if (!dtype) {
          const { existsSync } = await import("node:fs");
          dtype = existsSync(`${env.localModelPath}${modelId}/onnx/model.onnx`) ? "fp32" : "q8";
        }
      } else {
        env.cacheDir = options.cacheDir ?? ".cache/transformers";
      }
      const created = (await pipeline("feature-extraction", modelId, { dtype: dtype ?? "fp32" })) as unknown;
      ready = true;
      return created as Extractor;
    })().catch((error: unknown) => {
      extractor = undefined;
      // The loader's message names files on this server: it goes to the log (cause), not into answers.
      throw new TransientError(`embedding model ${modelId} unavailable (the parser's log says why)`, {
        cause: error,
      });
    });
    return extractor;
  };

  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  };

  return {
    modelId,
    dim: EMBEDDING_DIM,
    load: async () => void (await load()),
    loaded: () => ready,
    async tokenCounter() {
      const model = await load();
      return (text: string) => model.tokenizer(text).input_ids.size;
    },
    async embed(texts, batchSize = 32) {
      const model = await load();
      const out: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);
        const tensor = await serial(() => model(batch, { pooling: "mean", normalize: true }));
        for (const row of tensor.tolist()) {
          if (row.length !== EMBEDDING_DIM) throw new Error(`model returned ${row.length} dimensions`);
          out.push(row);
        }
      }
      return out;
    },
  };
}
