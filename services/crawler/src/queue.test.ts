import { crawlDeadLetterSchema } from "@qp/schema";
import { createLogger, createRedisClient } from "@qp/service-kit";
import { uniquePrefix, waitUntil } from "@qp/testing";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createJobQueue } from "./queue.ts";

const logger = createLogger({ service: "crawler-test", level: "silent" });
const redis = createRedisClient({ url: inject("redisUrl"), logger, keyPrefix: uniquePrefix() });
afterAll(() => redis.quit());

describe("job queue (real Redis)", () => {
  it("claims, acks, and removes a job only on ack", async () => {
    const queue = createJobQueue({ redis, key: "q1", visibilityTimeoutMs: 60_000 });
    await redis.lpush("q1", "https://example.com/1");
    expect(await queue.claim("a:1")).toBe("https://example.com/1");
    expect(await redis.llen("q1")).toBe(0);
    expect(await redis.hget("q1:claimed", "a:1")).toBe("https://example.com/1");
    expect(await queue.claim("a:2")).toBeNull();
    expect(await queue.ack("a:1")).toBe(true);
    expect(await redis.hlen("q1:claimed")).toBe(0);
    expect(await redis.zcard("q1:leases")).toBe(0);
    expect(await queue.ack("a:1")).toBe(false);
  });

  it("gives a job back after the visibility timeout, not before a heartbeat lapses", async () => {
    const queue = createJobQueue({ redis, key: "q2", visibilityTimeoutMs: 300 });
    await redis.lpush("q2", "job-x");
    expect(await queue.claim("dead-crawler:1")).toBe("job-x");
    expect(await queue.reap()).toEqual({ requeued: 0, dead: 0 });
    await queue.extend(["dead-crawler:1"]);
    const reaped = await waitUntil(
      async () => {
        const result = await queue.reap();
        return result.requeued > 0 && result;
      },
      { what: "reap", intervalMs: 25, timeoutMs: 5_000 },
    );
    expect(reaped).toEqual({ requeued: 1, dead: 0 });
    expect(await queue.claim("other:1")).toBe("job-x");
    // The dead crawler's late ack does not remove the job another crawler now holds.
    expect(await queue.ack("dead-crawler:1")).toBe(false);
    expect(await redis.hget("q2:claimed", "other:1")).toBe("job-x");
  });

  it("dead-letters a job whose leases keep expiring", async () => {
    const queue = createJobQueue({ redis, key: "q3", visibilityTimeoutMs: 1, maxDeliveries: 2 });
    await redis.lpush("q3", "poison");
    await queue.claim("c:1");
    await waitUntil(async () => (await queue.reap()).requeued === 1, {
      what: "first reap",
      intervalMs: 25,
      timeoutMs: 5_000,
    });
    await queue.claim("c:2");
    await waitUntil(async () => (await queue.reap()).dead === 1, {
      what: "second reap",
      intervalMs: 25,
      timeoutMs: 5_000,
    });
    expect(await redis.llen("q3")).toBe(0);
    const [entry] = await redis.lrange("q3:dead", 0, -1);
    // The reaper's Lua entry is the contract's shape, as the queue's own.
    expect(crawlDeadLetterSchema.parse(JSON.parse(entry ?? "{}"))).toMatchObject({
      job: "poison",
      reason: expect.stringMatching(/lease expired 2 times/),
    });
  });

  it("dead-letters and releases atomically", async () => {
    const queue = createJobQueue({ redis, key: "q4", visibilityTimeoutMs: 60_000 });
    await redis.rpush("q4", "bad", "good");
    await queue.claim("c:1");
    await queue.deadLetter("c:1", "good", "reason here");
    expect(crawlDeadLetterSchema.parse(JSON.parse((await redis.lindex("q4:dead", 0)) ?? "{}"))).toMatchObject(
      {
        job: "good",
        reason: "reason here",
      },
    );
    await queue.claim("c:2");
    expect(await queue.release("c:2")).toBe(true);
    expect(await redis.lrange("q4", 0, -1)).toEqual(["bad"]);
    expect(await redis.hlen("q4:claimed")).toBe(0);
  });
});
