import { beforeAll, describe, expect, it } from "vitest";
import { type Chunk, chunkText } from "../src/chunk.ts";
import { cleanText } from "../src/clean.ts";
import { testEmbedder } from "./helpers.ts";

/** Small seeded PRNG (mulberry32) so a failing case can be replayed from its seed. */
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "price",
  "momentum",
  "the",
  "crossover",
  "volatility",
  "S&P",
  "500",
  "3.14%",
  "mean-reversion",
  "Bollinger",
  "市場",
  "株価",
  "🚀",
  "naïve",
  "don't",
  "(RSI)",
  "e.g.",
  "U.S.",
  "GDP",
  "antidisestablishmentarianism",
];

/** Random page: sentences of 1–80 words, sometimes a paragraph break, sometimes an enormous sentence or word. */
function randomText(seed: number): string {
  const next = rng(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)] as T;
  const sentences: string[] = [];
  const count = 1 + Math.floor(next() * 60);
  for (let s = 0; s < count; s++) {
    const roll = next();
    const length = roll < 0.05 ? 300 + Math.floor(next() * 400) : 1 + Math.floor(next() * 40);
    let words = Array.from({ length }, () => pick(WORDS));
    if (roll > 0.97) words = ["x".repeat(500 + Math.floor(next() * 5000)), ...words];
    if (roll > 0.94 && roll <= 0.97)
      words = [Array.from({ length: 300 }, () => pick(WORDS)).join(""), ...words];
    sentences.push(`${words.join(" ")}${pick([".", "!", "?", ".", "."])}${next() < 0.1 ? "\n\n" : " "}`);
  }
  return sentences.join("");
}

describe("chunkText (real tokenizer)", () => {
  let count: (text: string) => number;
  beforeAll(async () => {
    count = await testEmbedder().tokenCounter();
  });

  function checkProperties(text: string, chunks: Chunk[], truncated: boolean, seed: number) {
    const where = `seed ${seed}`;
    expect(chunks.length, where).toBeGreaterThan(0);
    expect(chunks[0]?.start, where).toBe(0);
    for (const [index, chunk] of chunks.entries()) {
      expect(chunk.text, where).toBe(text.slice(chunk.start, chunk.end));
      expect(count(chunk.text), where).toBeLessThanOrEqual(256);
      expect(chunk.tokens, where).toBe(count(chunk.text));
      const next = chunks[index + 1];
      if (next) {
        expect(next.start, where).toBeGreaterThan(chunk.start);
        // No text lost: the next chunk starts inside this one (overlap) or after whitespace only.
        if (next.start > chunk.end) expect(text.slice(chunk.end, next.start).trim(), where).toBe("");
      }
    }
    if (!truncated) expect(chunks.at(-1)?.end, where).toBe(text.length);
  }

  it("keeps every chunk within 256 word pieces and loses no text, over 20 random pages", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const text = cleanText(randomText(seed));
      const { chunks, truncated } = chunkText(text, { countTokens: count });
      expect(truncated).toBe(false);
      checkProperties(text, chunks, truncated, seed);
    }
  });

  it("overlaps consecutive chunks by whole trailing sentences", () => {
    const text = Array.from({ length: 80 }, (_, i) => `Sentence ${i} is about trend following.`).join(" ");
    const { chunks } = chunkText(text, { countTokens: count, overlapTokens: 32 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const [index, chunk] of chunks.slice(1).entries()) {
      const previous = chunks[index] as Chunk;
      expect(chunk.start).toBeLessThan(previous.end);
      expect(text.slice(chunk.start, previous.end)).toMatch(/^Sentence \d+ is about trend following\.$|\.$/);
    }
  });

  it("bounds the chunk count of a huge page and reports the cut", () => {
    const text = cleanText(randomText(7).repeat(400));
    const { chunks, truncated } = chunkText(text, { countTokens: count, maxChunks: 5 });
    expect(truncated).toBe(true);
    expect(chunks).toHaveLength(5);
    checkProperties(text, chunks, truncated, 7);
  });

  it("returns one chunk for a short text", () => {
    const { chunks, truncated } = chunkText("One sentence only.", { countTokens: count });
    expect(truncated).toBe(false);
    expect(chunks).toEqual([
      { text: "One sentence only.", start: 0, end: 18, tokens: count("One sentence only.") },
    ]);
  });
});
