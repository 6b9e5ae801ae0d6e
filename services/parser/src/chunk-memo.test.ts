import { describe, expect, it } from "vitest";
import { chunkText } from "./chunk.ts";
import { ChunkMemo } from "./chunk-memo.ts";

const words = (text: string) => text.split(/\s+/).filter(Boolean).length + 2;
const page = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is about trend following.`).join(" ");

describe("ChunkMemo", () => {
  it("cuts a text once per set of options and returns the same chunks as chunkText", () => {
    const memo = new ChunkMemo(10);
    let made = 0;
    const make = (maxTokens: number) => () => {
      made++;
      return chunkText(page, { maxTokens, overlapTokens: 4, countTokens: words });
    };
    const first = memo.get(page, { maxTokens: 32 }, make(32));
    const again = memo.get(page, { maxTokens: 32 }, make(32));
    expect(made).toBe(1);
    expect(again).toEqual(first);
    expect(again).toEqual(chunkText(page, { maxTokens: 32, overlapTokens: 4, countTokens: words }));
    // Other options are another entry; a caller changing its copy does not change the memo.
    memo.get(page, { maxTokens: 64 }, make(64));
    expect(made).toBe(2);
    again.chunks[0]!.text = "changed";
    expect(memo.get(page, { maxTokens: 32 }, make(32)).chunks[0]!.text).toBe(first.chunks[0]!.text);
    expect(made).toBe(2);
  });

  it("keeps at most maxEntries lists", () => {
    const memo = new ChunkMemo(1);
    let made = 0;
    const make = () => {
      made++;
      return { chunks: [], truncated: false };
    };
    memo.get("a", {}, make);
    memo.get("b", {}, make);
    memo.get("a", {}, make);
    expect(made).toBe(3);
  });
});
