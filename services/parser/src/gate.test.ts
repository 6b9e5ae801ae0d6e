import { describe, expect, it } from "vitest";
import { Gate } from "./gate.ts";

describe("Gate", () => {
  it("admits `limit` holders and the rest in arrival order", async () => {
    const gate = new Gate(1);
    const order: string[] = [];
    const first = await gate.acquire();
    const second = gate.acquire().then((release) => {
      order.push("second");
      return release;
    });
    const third = gate.acquire().then((release) => {
      order.push("third");
      release();
    });
    expect(gate.queued).toBe(2);
    first();
    (await second)();
    await third;
    expect(order).toEqual(["second", "third"]);
    expect(gate.queued).toBe(0);
  });

  it("drops a waiter whose request was abandoned; it never runs and does not hold a place", async () => {
    const gate = new Gate(1);
    const holder = await gate.acquire();
    const abandoned = new AbortController();
    const gone = gate.acquire(abandoned.signal);
    const wanted = gate.acquire();
    abandoned.abort();
    await expect(gone).rejects.toThrow(/abandoned/);
    expect(gate.queued).toBe(1);
    holder();
    const release = await wanted;
    release();
    release(); // a second release is ignored
    const next = await gate.acquire();
    expect(gate.queued).toBe(0);
    next();
    await expect(gate.acquire(AbortSignal.abort())).rejects.toThrow(/abandoned/);
  });
});
