import { createLogger, createRedisClient } from "@qp/service-kit";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createApp, createCrawlerMetrics } from "./app.ts";

const logger = createLogger({ service: "crawler-test", level: "silent" });
const redis = createRedisClient({ url: inject("redisUrl"), logger });
afterAll(() => redis.quit());

describe("health and metrics", () => {
  const crawlerMetrics = createCrawlerMetrics();
  const app = createApp({ redis, logger, crawlerMetrics, inFlight: () => 3 });

  it("reports Redis health", async () => {
    const response = await app.request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "healthy",
      service: "crawler",
      services: { redis: { status: "healthy" } },
    });
  });

  it("exposes job counters and the in-flight gauge", async () => {
    crawlerMetrics.hooks.onDeadLetter?.("bad");
    const response = await app.request("/metrics");
    const text = await response.text();
    expect(text).toMatch(/crawler_in_flight\{service="crawler"\} 3/);
    expect(text).toMatch(/crawler_dead_letters_total\{service="crawler"\} 1/);
  });

  it("answers unknown paths with the JSON error envelope", async () => {
    const response = await app.request("/nope");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: expect.any(String) } });
  });
});
