import { Redis } from "ioredis";
import { describe, expect, inject, it } from "vitest";
import { startRedisServer } from "./redis-server.ts";

describe("redis test harness", () => {
  it("provides a Redis that answers", async () => {
    const client = new Redis(inject("redisUrl"));
    try {
      expect(await client.ping()).toBe("PONG");
    } finally {
      client.disconnect();
    }
  });

  it("starts and stops a private redis-server", async () => {
    const redis = await startRedisServer();
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => {});
    await client.set("k", "v");
    expect(await client.get("k")).toBe("v");
    client.disconnect();
    await redis.stop();
    expect(redis.process.exitCode !== null || redis.process.signalCode !== null).toBe(true);
  });
});
