import { startRedisServer, uniquePrefix } from "@qp/testing";
import { describe, expect, inject, it } from "vitest";
import { createLogger } from "./logger.ts";
import { checkRedis, createRedisClient } from "./redis.ts";

const logger = createLogger({ service: "kit-test", level: "silent" });

describe("createRedisClient", () => {
  it("applies the key prefix", async () => {
    const prefix = uniquePrefix("kit");
    const client = createRedisClient({ url: inject("redisUrl"), logger, keyPrefix: prefix });
    const raw = createRedisClient({ url: inject("redisUrl"), logger });
    try {
      await client.set("k", "v");
      expect(await raw.get(`${prefix}k`)).toBe("v");
      expect(await checkRedis(client)).toMatchObject({ status: "healthy" });
    } finally {
      await raw.del(`${prefix}k`);
      client.disconnect();
      raw.disconnect();
    }
  });

  it("reports unhealthy while Redis is down and reconnects when it is back", async () => {
    const server = await startRedisServer();
    const client = createRedisClient({ url: server.url, logger, options: { maxRetriesPerRequest: 0 } });
    try {
      expect((await checkRedis(client)).status).toBe("healthy");
      await server.stop();
      expect(await checkRedis(client, 300)).toMatchObject({ status: "unhealthy" });
    } finally {
      client.disconnect();
    }
  });
});
