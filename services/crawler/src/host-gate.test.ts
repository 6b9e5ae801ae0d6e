import { describe, expect, it } from "vitest";
import { createHostGate } from "./host-gate.ts";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("per-host gate", () => {
  it("keeps at most maxPerHost requests in flight per host, others unaffected", async () => {
    const gate = createHostGate({ maxPerHost: 1, minDelayMs: 0 });
    const first = await gate.acquire("a.example");
    let secondStarted = false;
    const second = gate.acquire("a.example").then((release) => {
      secondStarted = true;
      return release;
    });
    const other = await gate.acquire("b.example"); // another host does not wait
    await tick();
    expect(secondStarted).toBe(false);
    first();
    const releaseSecond = await second;
    expect(secondStarted).toBe(true);
    releaseSecond();
    other();
  });

  it("spaces the starts of requests to one host by minDelayMs", async () => {
    const gate = createHostGate({ maxPerHost: 4, minDelayMs: 60 });
    const starts: number[] = [];
    await Promise.all(
      [1, 2, 3].map(async () => {
        const release = await gate.acquire("c.example");
        starts.push(performance.now());
        release();
      }),
    );
    expect(starts).toHaveLength(3);
    // A lower bound (politeness), not a speed claim; 2 ms of slack for timer rounding.
    expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(58);
    expect((starts[2] ?? 0) - (starts[1] ?? 0)).toBeGreaterThanOrEqual(58);
  });
});
