import { crawlQueueKeys } from "@qp/schema";
import {
  checkRedis,
  createMetrics,
  healthHandler,
  installServiceBasics,
  type Logger,
  type Redis,
  type ServiceEnv,
} from "@qp/service-kit";
import { Hono } from "hono";
import { Counter, Gauge } from "prom-client";
import type { CrawlerHooks } from "./build.ts";

/** Crawler metrics, and the hooks that feed them from the crawler's outcomes. */
export function createCrawlerMetrics() {
  const metrics = createMetrics("crawler");
  const jobs = new Counter({
    name: "crawler_jobs_total",
    help: "Jobs finished, by published message type",
    labelNames: ["type"] as const,
    registers: [metrics.registry],
  });
  const dead = new Counter({
    name: "crawler_dead_letters_total",
    help: "Jobs sent to start_urls:dead",
    registers: [metrics.registry],
  });
  const inFlight = new Gauge({
    name: "crawler_in_flight",
    help: "Jobs claimed and not yet done",
    registers: [metrics.registry],
  });
  const queueDepth = new Gauge({
    name: "crawler_queue_depth",
    help: "Jobs waiting in start_urls, claimed (start_urls:claimed) and dead-lettered (start_urls:dead); read at scrape time",
    labelNames: ["queue"] as const,
    registers: [metrics.registry],
  });
  const hooks: CrawlerHooks = {
    onOutcome: ({ message }) => jobs.inc({ type: message.type }),
    onDeadLetter: () => dead.inc(),
  };
  return { metrics, hooks, inFlight, queueDepth };
}

/** `/health` (Redis reachable) and `/metrics` on port 8001; the crawler itself has no other HTTP surface. */
export function createApp({
  redis,
  logger,
  crawlerMetrics,
  inFlight,
  queueKey = crawlQueueKeys.startUrls,
}: {
  redis: Redis;
  logger: Logger;
  crawlerMetrics: ReturnType<typeof createCrawlerMetrics>;
  inFlight: () => number;
  /** The job list (default `start_urls`), whose depth /metrics reports. */
  queueKey?: string;
}) {
  const key = queueKey;
  const app = new Hono<ServiceEnv>();
  installServiceBasics(app, logger);
  app.use(crawlerMetrics.metrics.middleware);
  app.get("/health", healthHandler("crawler", { redis: { check: () => checkRedis(redis) } }));
  app.get("/metrics", async (c, next) => {
    crawlerMetrics.inFlight.set(inFlight());
    // Queue depth from Redis; a Redis outage leaves the last values (and /health says unhealthy).
    try {
      const [waiting, claimed, dead] = await Promise.all([
        redis.llen(key),
        redis.hlen(`${key}:claimed`),
        redis.llen(`${key}:dead`),
      ]);
      crawlerMetrics.queueDepth.set({ queue: key }, waiting);
      crawlerMetrics.queueDepth.set({ queue: `${key}:claimed` }, claimed);
      crawlerMetrics.queueDepth.set({ queue: `${key}:dead` }, dead);
    } catch (error) {
      logger.warn({ err: error }, "queue depth not read");
    }
    return crawlerMetrics.metrics.handler(c, next);
  });
  return app;
}
