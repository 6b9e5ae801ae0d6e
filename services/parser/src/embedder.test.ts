import { describe, expect, it } from "vitest";
import { planBatches } from "./embedder.ts";

describe("planBatches", () => {
  it("puts every index in exactly one batch, longest texts first", () => {
    const lengths = [12, 256, 40, 7, 256, 90, 12, 33];
    const batches = planBatches(lengths, 32, 256);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, index) => index));
    const order = batches.flat().map((index) => lengths[index] ?? 0);
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });

  it("keeps texts × longest text within the token budget and the text count within the batch size", () => {
    const lengths = [256, 200, 128, 120, 64, 64, 64, 64, 30, 10, 10, 10, 10, 10, 10];
    for (const batch of planBatches(lengths, 4, 256)) {
      const longest = Math.max(...batch.map((index) => lengths[index] ?? 0));
      expect(batch.length).toBeLessThanOrEqual(4);
      expect(batch.length === 1 || longest * batch.length <= 256).toBe(true);
    }
  });

  it("gives a text longer than the budget a batch of its own", () => {
    expect(planBatches([600, 5, 5], 32, 256)).toEqual([[0], [1, 2]]);
  });
});
