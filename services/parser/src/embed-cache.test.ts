import { afterAll, describe, expect, inject, it } from "vitest";
import { withEmbedCache } from "./embed-cache.ts";
import { createEmbedder } from "./embedder.ts";

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe("withEmbedCache (real all-MiniLM-L6-v2)", () => {
  const model = createEmbedder({ modelDir: inject("modelDir"), workers: 1 });
  afterAll(() => model.close());

  it("embeds a repeated text once and returns the vector the model gives it", async () => {
    const lookups: Array<[number, number]> = [];
    const cached = withEmbedCache(model, { maxEntries: 100, onLookup: (h, m) => lookups.push([h, m]) });
    const texts = ["A golden cross is a bullish signal.", "RSI under 30 is read as oversold."];
    const first = await cached.embed(texts);
    const second = await cached.embed([texts[1]!, "A new sentence about MACD.", texts[0]!]);
    expect(lookups).toEqual([
      [0, 2],
      [2, 1],
    ]);
    // The hits are the first call's vectors, in the new order; the miss is the model's own answer.
    expect(second[0]).toEqual(first[1]);
    expect(second[2]).toEqual(first[0]);
    const direct = await model.embed(["A new sentence about MACD.", ...texts]);
    expect(cosine(second[1]!, direct[0]!)).toBeGreaterThan(0.9999);
    expect(cosine(first[0]!, direct[1]!)).toBeGreaterThan(0.9999);
    // A caller changing its copy does not change what the cache returns next time.
    second[0]![0] = 42;
    expect((await cached.embed([texts[1]!]))[0]).toEqual(first[1]);
  });

  it("keeps at most maxEntries vectors, dropping the least recently used", async () => {
    const lookups: Array<[number, number]> = [];
    const cached = withEmbedCache(model, { maxEntries: 2, onLookup: (h, m) => lookups.push([h, m]) });
    await cached.embed(["one text", "two text"]);
    await cached.embed(["one text"]); // "one" is now the most recent
    await cached.embed(["three text"]); // drops "two"
    await cached.embed(["one text", "two text"]);
    expect(lookups).toEqual([
      [0, 2],
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
  });
});
