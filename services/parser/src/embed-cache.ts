import { createHash } from "node:crypto";
import type { Embedder } from "./embedder.ts";

export interface EmbedCacheOptions {
  /** Vectors kept (least recently used dropped first); 384 float32s each, about 1.6 KB. */
  maxEntries: number;
  /** Called once per embed call with how many texts were found and how many had to be embedded. */
  onLookup?: (hits: number, misses: number) => void;
}

/**
 * An embedder that remembers vectors by (model id, SHA-256 of the exact text): the same chunk of the same page
 * is embedded once. The model is deterministic for a given text, so a hit returns what a miss would (up to the float rounding
 * that batching with other texts can bring, far below anything a search sees).
 * Why: the same page is often found for several concepts (the fixture web's 30 pages serve every concept), and
 * a page's chunks are the same text each time; embedding is the parser's whole cost.
 * In memory, per process: a restart starts empty. EMBED_CACHE=off turns it off (bench/pipeline reports both).
 */
export function withEmbedCache(embedder: Embedder, options: EmbedCacheOptions): Embedder {
  const vectors = new Map<string, number[]>();
  const keyOf = (text: string) =>
    createHash("sha256").update(embedder.modelId).update("\0").update(text).digest("base64");
  return {
    ...embedder,
    modelId: embedder.modelId,
    dim: embedder.dim,
    load: () => embedder.load(),
    loaded: () => embedder.loaded(),
    tokenCounter: () => embedder.tokenCounter(),
    close: () => embedder.close(),
    async embed(texts, batchSize) {
      const keys = texts.map(keyOf);
      const out: number[][] = new Array(texts.length);
      const missing: number[] = [];
      for (const [index, key] of keys.entries()) {
        const known = vectors.get(key);
        if (known) {
          // Refresh its place: most recently used last.
          vectors.delete(key);
          vectors.set(key, known);
          out[index] = known.slice();
        } else missing.push(index);
      }
      options.onLookup?.(texts.length - missing.length, missing.length);
      if (missing.length > 0) {
        const fresh = await embedder.embed(
          missing.map((index) => texts[index] ?? ""),
          batchSize,
        );
        for (const [row, index] of missing.entries()) {
          const vector = fresh[row] ?? [];
          out[index] = vector;
          vectors.set(keys[index] ?? "", vector.slice());
        }
        while (vectors.size > options.maxEntries) {
          const oldest = vectors.keys().next().value;
          if (oldest === undefined) break;
          vectors.delete(oldest);
        }
      }
      return out;
    },
  };
}
