import { signedHeaders } from "@qp/messaging/testing";
import type { PipelineMessage } from "@qp/schema";
import { createLogger, createRedisClient, type Logger, type Redis, type ServiceEnv } from "@qp/service-kit";
import { uniquePrefix } from "@qp/testing";
import type { Hono } from "hono";
import { inject } from "vitest";
import { createApp } from "../../src/app.ts";
import type { HandlerConfig } from "../../src/handlers/index.ts";
import type { SearchDeps } from "../../src/routes/search.ts";

export const CURRENT_KEY = "sig_orchestrator_test_current";
export const NEXT_KEY = "sig_orchestrator_test_next";
export const PUBLIC_URL = "http://orchestrator.test";
export const ENDPOINT = `${PUBLIC_URL}/api/qstash`;

export interface Harness {
  app: Hono<ServiceEnv>;
  /** The handler config the app was built with (for a sweeper over the same Redis). */
  config: HandlerConfig;
  logger: Logger;
  /** The app's client (keys are prefixed with `prefix`). */
  redis: Redis;
  prefix: string;
  deliver: (
    message: unknown,
    options?: {
      messageId?: string;
      retried?: number;
      key?: string;
      /** Extra or replacing headers (e.g. a captured `upstash-signature`, `upstash-retries`). */
      headers?: Record<string, string>;
    },
  ) => Promise<Response>;
  close: () => Promise<void>;
}

let counter = 0;

/** The orchestrator app over the project's real Redis (a unique key prefix per harness). */
export function createHarness(config: {
  parserUrl?: string;
  validatorUrl?: string;
  parserTimeoutMs?: number;
  validatorTimeoutMs?: number;
  serviceToken?: string;
  search?: SearchDeps;
  apiKey?: string;
}): Harness {
  const logger = createLogger({ service: "orchestrator-test", level: "silent" });
  const prefix = uniquePrefix("orch");
  const redis = createRedisClient({
    url: inject("redisUrl"),
    logger,
    keyPrefix: prefix,
    name: "orchestrator-test",
  });
  const handlerConfig: HandlerConfig = {
    parserUrl: config.parserUrl ?? "http://127.0.0.1:9",
    validatorUrl: config.validatorUrl ?? "http://127.0.0.1:9",
    parserTimeoutMs: config.parserTimeoutMs ?? 5_000,
    validatorTimeoutMs: config.validatorTimeoutMs ?? 5_000,
    ...(config.serviceToken ? { serviceToken: config.serviceToken } : {}),
  };
  const app = createApp({
    redis,
    logger,
    defaultMetrics: false,
    ...(config.search ? { search: config.search } : {}),
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    signing: { currentSigningKey: CURRENT_KEY, nextSigningKey: NEXT_KEY, publicUrl: PUBLIC_URL },
    config: handlerConfig,
  });
  return {
    app,
    config: handlerConfig,
    logger,
    redis,
    prefix,
    deliver: async (message, options = {}) => {
      const body = typeof message === "string" ? message : JSON.stringify(message);
      const messageId = options.messageId ?? `msg_test_${process.pid}_${++counter}`;
      return app.request(ENDPOINT, {
        method: "POST",
        body,
        headers: {
          ...signedHeaders(body, {
            key: options.key ?? CURRENT_KEY,
            url: ENDPOINT,
            messageId,
            retried: options.retried,
          }),
          ...options.headers,
        },
      });
    },
    close: async () => {
      // Remove this harness's keys (a shared REDIS_URL must not fill up with test data), then disconnect.
      const raw = createRedisClient({ url: inject("redisUrl"), logger, name: "orchestrator-test-cleanup" });
      const found = await raw.keys(`${prefix}*`);
      if (found.length > 0) await raw.del(...found);
      await raw.quit();
      await redis.quit();
    },
  };
}

export const CONCEPT = "golden cross on the S&P 500";
export const CONCEPT_ID = "5f1b2c3d4e5f60718293a4b5";

export function conceptUrl(url: string, discoveredBy = "wikipedia"): PipelineMessage {
  return { type: "concept.url", concept_id: CONCEPT_ID, concept: CONCEPT, url, discovered_by: discoveredBy };
}

export function crawlResult(url: string, content: string, title = "A page"): PipelineMessage {
  return {
    type: "crawl.result",
    id: "0123456789abcdef0123456789abcdef",
    concept_id: CONCEPT_ID,
    concept: CONCEPT,
    url,
    title,
    content,
    content_type: "text/html",
    timestamp: new Date().toISOString(),
    metadata: { lang: "en" },
    retry_count: 0,
  };
}

export function crawlFailed(url: string, reason: string, statusCode?: number): PipelineMessage {
  return {
    type: "crawl.failed",
    id: "fedcba9876543210fedcba9876543210",
    concept_id: CONCEPT_ID,
    concept: CONCEPT,
    url,
    reason,
    ...(statusCode ? { status_code: statusCode } : {}),
    timestamp: new Date().toISOString(),
    retry_count: 0,
  };
}

/**
 * The real parser's job worker publishes each outcome (`page.parsed` / `page.parse_failed`) through QStash to
 * /api/qstash; in these tests it is delivered, signed, straight to the harness's app. A non-2xx throws, so the
 * worker keeps the outcome and publishes it again, as it would when QStash refused it.
 */
export function deliverOutcomes(harness: () => Harness | undefined) {
  return async (outcome: unknown) => {
    const target = harness();
    if (!target) throw new Error("no orchestrator yet");
    const response = await target.deliver(outcome);
    if (!response.ok) throw new Error(`orchestrator answered ${response.status}: ${await response.text()}`);
  };
}

/** Wait until the parser's outcome for `url` reached the concept's record (parsed or failed); polls, no sleep. */
export async function settledSource(
  harness: Harness,
  conceptId: string,
  url: string,
  timeoutMs = 120_000,
): Promise<{ status: string; chunks?: number; reason?: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await harness.app.request(`http://orchestrator.test/api/concepts/${conceptId}`);
    if (response.status === 200) {
      const view = (await response.json()) as {
        sources: Array<{ url: string; status: string; chunks?: number; reason?: string }>;
      };
      const source = view.sources.find((s) => s.url === url);
      if (source && (source.status === "parsed" || source.status === "failed")) return source;
    }
    if (Date.now() > deadline) throw new Error(`${url} was not parsed within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
