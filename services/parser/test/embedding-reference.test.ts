import { readFileSync } from "node:fs";
import { EMBEDDING_DIM } from "@qp/schema";
import { describe, expect, it } from "vitest";
import { testEmbedder } from "./helpers.ts";

interface Reference {
  sentences: string[];
  embeddings: number[][];
  versions: Record<string, string>;
}

const reference = JSON.parse(
  readFileSync(new URL("./fixtures/reference-embeddings.json", import.meta.url), "utf8"),
) as Reference;

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
};

describe("embeddings agree with Python sentence-transformers (all-MiniLM-L6-v2)", () => {
  it(`cosine >= 0.99 on each of the ${reference.sentences.length} reference sentences`, async () => {
    const ours = await testEmbedder().embed(reference.sentences, 8);
    expect(ours).toHaveLength(reference.sentences.length);
    const scores = ours.map((vector, index) => cosine(vector, reference.embeddings[index] ?? []));
    for (const [index, score] of scores.entries()) {
      expect(score, reference.sentences[index]).toBeGreaterThanOrEqual(0.99);
    }
  });

  it("returns unit-length 384-d vectors, and a batch equals one-at-a-time", async () => {
    const embedder = testEmbedder();
    const texts = reference.sentences.slice(0, 3);
    const batched = await embedder.embed(texts, 3);
    const single = await embedder.embed([texts[1] ?? ""], 1);
    for (const vector of batched) {
      expect(vector).toHaveLength(EMBEDDING_DIM);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 4);
    }
    expect(cosine(batched[1] ?? [], single[0] ?? [])).toBeGreaterThan(0.9999);
  });

  it("texts sorted into batches by length, and concurrent calls, come back each in its own place", async () => {
    const embedder = testEmbedder();
    const long = reference.sentences.join(" ");
    const texts = [
      reference.sentences[0] ?? "",
      long,
      reference.sentences[5] ?? "",
      reference.sentences[9] ?? "",
    ];
    const alone = await Promise.all(texts.map(async (text) => (await embedder.embed([text], 1))[0] ?? []));
    const [forward, backward] = await Promise.all([
      embedder.embed(texts, 32),
      embedder.embed([...texts].reverse(), 32),
    ]);
    for (const [index, vector] of alone.entries()) {
      expect(cosine(forward?.[index] ?? [], vector), texts[index]).toBeGreaterThan(0.9999);
      expect(cosine(backward?.[texts.length - 1 - index] ?? [], vector), texts[index]).toBeGreaterThan(
        0.9999,
      );
    }
  });

  it("more texts than one tokenising window (32): every vector in its own place, as if embedded alone", async () => {
    const embedder = testEmbedder();
    // 70 texts of mixed lengths, so batches from three windows are in flight at once.
    const texts = Array.from({ length: 70 }, (_, index) =>
      `${reference.sentences[index % reference.sentences.length]} `.repeat(1 + (index % 7)).trim(),
    );
    const together = await embedder.embed(texts, 32);
    const alone = await Promise.all(texts.map(async (text) => (await embedder.embed([text], 1))[0] ?? []));
    expect(together).toHaveLength(texts.length);
    for (const [index, vector] of alone.entries()) {
      expect(cosine(together[index] ?? [], vector), `text ${index}`).toBeGreaterThan(0.9999);
    }
  });
});
