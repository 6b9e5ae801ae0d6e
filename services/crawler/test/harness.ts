import { startQstashLocal } from "@qp/qstash-local";
import { createLogger, createRedisClient, parseEnv } from "@qp/service-kit";
import { uniquePrefix } from "@qp/testing";
import { buildCrawler } from "../src/build.ts";
import { envSchema } from "../src/env.ts";
import { startFixtureServer } from "./fixture-server.ts";
import { startSink } from "./sink.ts";

/** Test settings: short limits so hostile cases end fast; `localhost` (the fixture server) is allowlisted. */
export function testEnv(overrides: Record<string, string>) {
  return {
    CRAWLER_CONCURRENCY: "8",
    CRAWLER_PER_HOST_CONCURRENCY: "8",
    CRAWLER_PER_HOST_DELAY_MS: "0",
    CRAWLER_REQUEST_TIMEOUT_MS: "1500",
    CRAWLER_MAX_BODY_BYTES: String(2 * 1024 * 1024),
    CRAWLER_RETRIES: "1",
    CRAWLER_RETRY_BASE_MS: "50",
    CRAWLER_VISIBILITY_TIMEOUT_MS: "1500",
    CRAWLER_POLL_INTERVAL_MS: "50",
    CRAWLER_EXTRACT_WORKERS: "1",
    CRAWLER_ALLOW_HOSTS: "localhost",
    LOG_LEVEL: "silent",
    ...overrides,
  };
}

/** qstash-local + a sink standing in for the orchestrator + the fixture web server + a Redis client. */
export async function startStack(redisUrl: string) {
  const [qstash, sink, web] = await Promise.all([
    startQstashLocal({ timeScale: 0.001 }),
    startSink(),
    startFixtureServer(),
  ]);
  const prefix = uniquePrefix();
  const logger = createLogger({ service: "crawler-test", level: "silent" });
  const redis = createRedisClient({ url: redisUrl, logger, keyPrefix: prefix });
  const env = (overrides: Record<string, string> = {}) =>
    testEnv({
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      QSTASH_URL: qstash.url,
      QSTASH_TOKEN: qstash.token,
      ORCHESTRATOR_URL: sink.url,
      ...overrides,
    });
  return {
    qstash,
    sink,
    web,
    redis,
    prefix,
    logger,
    env,
    crawler: (overrides: Record<string, string> = {}, crawlerId?: string) =>
      buildCrawler(parseEnv(envSchema, env(overrides)), { redis, logger, crawlerId }),
    async close() {
      await redis.quit();
      await Promise.all([qstash.close(), sink.close(), web.close()]);
    },
  };
}
