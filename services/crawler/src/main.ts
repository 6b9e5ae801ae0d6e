import { createLogger, createRedisClient, listen, parseEnv, runService } from "@qp/service-kit";
import { createApp, createCrawlerMetrics } from "./app.ts";
import { buildCrawler } from "./build.ts";
import { envSchema } from "./env.ts";

/** The crawler service: env, Redis, the crawl loop, /health + /metrics, one SIGTERM handler. */
await runService("crawler", async () => {
  const env = parseEnv(envSchema);
  const logger = createLogger({ service: "crawler", level: env.LOG_LEVEL });
  const redis = createRedisClient({
    url: env.REDIS_URL,
    logger,
    keyPrefix: env.REDIS_KEY_PREFIX || undefined,
    name: "crawler",
  });
  const crawlerMetrics = createCrawlerMetrics();
  const built = buildCrawler(env, { redis, logger, hooks: crawlerMetrics.hooks });
  const app = createApp({ redis, logger, crawlerMetrics, inFlight: built.crawler.inFlight });
  const server = await listen(app.fetch, { port: env.PORT, hostname: env.HOST, logger });
  await built.crawler.start();
  logger.info(
    { crawler_id: built.crawler.crawlerId, concurrency: env.CRAWLER_CONCURRENCY },
    "crawler started",
  );
  return {
    logger,
    shutdown: [
      // Stop claiming, let in-flight jobs finish within the grace period, hand the rest back to start_urls.
      { name: "crawler", run: () => built.stop(env.SHUTDOWN_GRACE_MS) },
      { name: "http", run: () => server.close() },
      { name: "redis", run: () => redis.quit() },
    ],
    shutdownTimeoutMs: env.SHUTDOWN_GRACE_MS + 5000,
  };
});
