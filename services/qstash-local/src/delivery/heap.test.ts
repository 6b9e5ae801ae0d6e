import { describe, expect, it } from "vitest";
import { MinHeap } from "./heap.ts";
import type { Entry } from "./lane.ts";
import { Lane } from "./lane.ts";

describe("MinHeap", () => {
  it("pops in key order whatever the push order", () => {
    const heap = new MinHeap<number>();
    const keys = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    for (const key of keys) heap.push(key, key);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop() as number);
    expect(out).toEqual([...keys].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });
});

describe("Lane", () => {
  const entry = (lane: Lane, id: string): Entry => ({
    message: { id } as Entry["message"],
    lane,
    cancelled: false,
    holdsSlot: false,
  });

  it("hands out entries FIFO within its parallelism and skips cancelled ones", () => {
    const lane = new Lane("q:x", "queue");
    lane.parallelism = 1;
    const [a, b, c] = ["a", "b", "c"].map((id) => entry(lane, id)) as [Entry, Entry, Entry];
    for (const e of [a, b, c]) lane.push(e);
    expect(lane.take(0)).toBe(a);
    expect(lane.take(0)).toBe("blocked");
    lane.inFlight--;
    b.cancelled = true;
    expect(lane.take(0)).toBe(c);
    lane.inFlight--;
    expect(lane.take(0)).toBe("empty");
  });

  it("limits starts per period and says when the next one is allowed", () => {
    const lane = new Lane("f:k", "flow");
    lane.rate = 2;
    lane.periodMs = 1000;
    for (const id of ["a", "b", "c"]) lane.push(entry(lane, id));
    expect(typeof lane.take(100)).toBe("object");
    expect(typeof lane.take(200)).toBe("object");
    expect(lane.take(300)).toBe(1100);
    expect(typeof lane.take(1100)).toBe("object");
  });

  it("holds everything while paused", () => {
    const lane = new Lane("q:p", "queue");
    lane.paused = true;
    lane.push(entry(lane, "a"));
    expect(lane.take(0)).toBe("blocked");
    lane.paused = false;
    expect(typeof lane.take(0)).toBe("object");
  });
});
