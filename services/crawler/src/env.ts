import { envPositiveInt, serviceEnvFields } from "@qp/service-kit";
import { z } from "zod";
import { EXTRACTORS } from "./extractors.ts";

const list = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

/** The crawler's settings; every limit has a default that suits a small deployment. */
export const envSchema = z.object({
  REDIS_URL: z.string().url(),
  REDIS_KEY_PREFIX: z.string().default(""),
  QSTASH_URL: z.string().url(),
  QSTASH_TOKEN: z.string().min(1),
  ORCHESTRATOR_URL: z.string().url(),
  ...serviceEnvFields(8001),
  CRAWLER_CONCURRENCY: envPositiveInt.default(8),
  CRAWLER_PER_HOST_CONCURRENCY: envPositiveInt.default(2),
  CRAWLER_PER_HOST_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  CRAWLER_REQUEST_TIMEOUT_MS: envPositiveInt.default(20_000),
  CRAWLER_MAX_BODY_BYTES: envPositiveInt.default(10 * 1024 * 1024),
  CRAWLER_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  CRAWLER_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  CRAWLER_RETRY_BASE_MS: envPositiveInt.default(1000),
  CRAWLER_VISIBILITY_TIMEOUT_MS: envPositiveInt.default(120_000),
  CRAWLER_POLL_INTERVAL_MS: envPositiveInt.default(500),
  CRAWLER_MAX_DELIVERIES: envPositiveInt.default(5),
  CRAWLER_EXTRACT_WORKERS: z.coerce.number().int().min(0).max(32).default(1),
  CRAWLER_EXTRACT_TIMEOUT_MS: envPositiveInt.default(30_000),
  /** The DOM Readability runs on: our lean one, or linkedom (`readability`, as before; see article.ts). */
  CRAWLER_EXTRACTOR: z.enum(EXTRACTORS).default("lean"),
  CRAWLER_MAX_MESSAGE_BYTES: envPositiveInt.default(1_000_000),
  CRAWLER_USER_AGENT: z
    .string()
    .min(1)
    .default("qstash-pipeline-crawler/0.1 (+https://github.com/qstash-pipeline)"),
  CRAWLER_DEFAULT_CONCEPT: z.string().trim().min(3).max(500).default("unassigned sources"),
  /** Hostnames exempt from the SSRF guard (comma-separated). */
  CRAWLER_ALLOW_HOSTS: list.default([]),
  /** CIDRs exempt from the SSRF guard, e.g. `127.0.0.0/8,::1/128` for tests against loopback servers. */
  CRAWLER_ALLOW_PRIVATE_CIDRS: list.default([]),
  /**
   * Exact origins exempt from the SSRF guard for this run (comma-separated, e.g. `http://127.0.0.1:41234`):
   * the fixture web of `pnpm research --sources fixtures`. Each must be a bare http(s) origin, no path.
   */
  CRAWL_ALLOW_ORIGINS: list.default([]).pipe(
    z.array(
      z.string().refine((value) => {
        try {
          const url = new URL(value);
          const bare = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
          return /^https?:$/.test(url.protocol) && bare;
        } catch {
          return false;
        }
      }, "each entry must be an http(s) origin such as http://127.0.0.1:41234 (scheme, host, port; no path)"),
    ),
  ),
  SHUTDOWN_GRACE_MS: envPositiveInt.default(15_000),
});

export type CrawlerEnv = z.infer<typeof envSchema>;
