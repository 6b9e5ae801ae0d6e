import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { createEmbedder } from "../src/embedder.ts";

const { sentences } = JSON.parse(
  readFileSync(new URL("./fixtures/reference-embeddings.json", import.meta.url), "utf8"),
) as { sentences: string[] };

const dot = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);

const skipped = inject("fusedSkipped");
if (skipped) console.warn(`fused graph tests skipped: ${skipped}`);

describe.skipIf(skipped !== "")(
  "the fused graph (scripts/optimize-model.py) and the pinned model file",
  () => {
    it("is what the embedder runs by default, and gives the pinned file's vectors (cosine >= 0.99999)", async () => {
      const modelDir = inject("modelDir");
      const fused = createEmbedder({ modelDir, workers: 1 });
      const pinned = createEmbedder({ modelDir, workers: 1, dtype: "q8" });
      try {
        expect(await fused.graph()).toBe("fused");
        expect(await pinned.graph()).toBe("q8");
        // Short sentences batched together (padded rows), and one long text alone near the 256-piece chunks.
        const texts = [...sentences, sentences.join(" ")];
        const [a, b] = await Promise.all([fused.embed(texts, 8), pinned.embed(texts, 8)]);
        for (const [index, text] of texts.entries()) {
          expect(dot(a[index] ?? [], b[index] ?? []), text).toBeGreaterThanOrEqual(0.99999);
        }
      } finally {
        await Promise.all([fused.close(), pinned.close()]);
      }
    });
  },
);
