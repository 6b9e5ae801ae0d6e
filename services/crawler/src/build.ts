import { createPublisher } from "@qp/messaging";
import type { Logger, Redis } from "@qp/service-kit";
import { HTML_TYPES, TEXT_TYPES } from "./crawl-page.ts";
import { type CrawlerDeps, createCrawler } from "./crawler.ts";
import type { CrawlerEnv } from "./env.ts";
import { createExtractPool } from "./extract-pool.ts";
import type { FetchOptions } from "./fetch-page.ts";
import { createHostGate } from "./host-gate.ts";
import { createRobotsCache } from "./robots.ts";
import { createResolver } from "./ssrf.ts";

export type CrawlerHooks = Pick<CrawlerDeps, "onOutcome" | "onDeadLetter">;

/** Everything a crawler needs, built from parsed env; main.ts, tests and the benchmark all build it this way. */
export function buildCrawler(
  env: CrawlerEnv,
  {
    redis,
    logger,
    crawlerId,
    hooks,
  }: { redis: Redis; logger: Logger; crawlerId?: string | undefined; hooks?: CrawlerHooks },
) {
  const fetchOptions: FetchOptions = {
    resolve: createResolver({
      allowHosts: env.CRAWLER_ALLOW_HOSTS,
      allowCidrs: env.CRAWLER_ALLOW_PRIVATE_CIDRS,
      allowOrigins: env.CRAWL_ALLOW_ORIGINS,
    }),
    timeoutMs: env.CRAWLER_REQUEST_TIMEOUT_MS,
    maxBytes: env.CRAWLER_MAX_BODY_BYTES,
    maxRedirects: env.CRAWLER_MAX_REDIRECTS,
    userAgent: env.CRAWLER_USER_AGENT,
    acceptType: (mime) => HTML_TYPES.has(mime) || TEXT_TYPES.has(mime),
  };
  const extractor = createExtractPool({
    size: env.CRAWLER_EXTRACT_WORKERS,
    taskTimeoutMs: env.CRAWLER_EXTRACT_TIMEOUT_MS,
    extractor: env.CRAWLER_EXTRACTOR,
  });
  const retryBudget =
    env.CRAWLER_REQUEST_TIMEOUT_MS * (env.CRAWLER_RETRIES + 1) +
    env.CRAWLER_RETRY_BASE_MS * 2 ** (env.CRAWLER_RETRIES + 1);
  const crawler = createCrawler({
    ...hooks,
    redis,
    logger,
    publisher: createPublisher({ baseUrl: env.QSTASH_URL, token: env.QSTASH_TOKEN, logger }),
    destination: `${env.ORCHESTRATOR_URL.replace(/\/+$/, "")}/api/qstash`,
    page: {
      robots: createRobotsCache({ fetchOptions, userAgent: env.CRAWLER_USER_AGENT }),
      gate: createHostGate({
        maxPerHost: env.CRAWLER_PER_HOST_CONCURRENCY,
        minDelayMs: env.CRAWLER_PER_HOST_DELAY_MS,
      }),
      fetchOptions,
      retry: { retries: env.CRAWLER_RETRIES, baseDelayMs: env.CRAWLER_RETRY_BASE_MS },
      extractor,
      maxMessageBytes: env.CRAWLER_MAX_MESSAGE_BYTES,
    },
    settings: {
      crawlerId,
      maxConcurrency: env.CRAWLER_CONCURRENCY,
      visibilityTimeoutMs: env.CRAWLER_VISIBILITY_TIMEOUT_MS,
      pollIntervalMs: env.CRAWLER_POLL_INTERVAL_MS,
      maxDeliveries: env.CRAWLER_MAX_DELIVERIES,
      // Robots fetch + fetch with retries + extraction + publish, with slack; a backstop, not the normal path.
      handlerTimeoutMs:
        env.CRAWLER_REQUEST_TIMEOUT_MS * 2 + retryBudget + env.CRAWLER_EXTRACT_TIMEOUT_MS + 30_000,
      defaultConcept: env.CRAWLER_DEFAULT_CONCEPT,
    },
  });
  return {
    crawler,
    async stop(graceMs?: number) {
      await crawler.stop({ graceMs });
      await extractor.close();
    },
  };
}
