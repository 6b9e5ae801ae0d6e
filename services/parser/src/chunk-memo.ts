import { createHash } from "node:crypto";
import type { Chunk } from "./chunk.ts";

export type ChunkList = { chunks: Chunk[]; truncated: boolean };

/**
 * Chunk lists by (SHA-256 of the cleaned text, chunking options): the same page text is cut into the same
 * chunks every time (chunkText is a pure function of them), so a page found again for another concept is not
 * tokenised sentence by sentence again. Half of a repeated page's cost was that tokenising (bench/pipeline's
 * per-page split). Part of the parser's repeat-text caching with the embedding cache: EMBED_CACHE=off turns
 * both off. Least recently used dropped past `maxEntries`.
 */
export class ChunkMemo {
  private readonly lists = new Map<string, ChunkList>();

  constructor(private readonly maxEntries = 2000) {}

  get(text: string, options: object, make: () => ChunkList): ChunkList {
    const key = createHash("sha256")
      .update(JSON.stringify(options))
      .update("\0")
      .update(text)
      .digest("base64");
    const known = this.lists.get(key);
    if (known) {
      this.lists.delete(key);
      this.lists.set(key, known);
      return { chunks: known.chunks.map((chunk) => ({ ...chunk })), truncated: known.truncated };
    }
    const made = make();
    this.lists.set(key, { chunks: made.chunks.map((chunk) => ({ ...chunk })), truncated: made.truncated });
    while (this.lists.size > this.maxEntries) {
      const oldest = this.lists.keys().next().value;
      if (oldest === undefined) break;
      this.lists.delete(oldest);
    }
    return made;
  }
}
