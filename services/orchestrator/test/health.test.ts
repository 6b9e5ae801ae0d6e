import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { healthResponseSchema } from "@qp/schema";
import { createLogger, createRedisClient } from "@qp/service-kit";
import { startRedisServer } from "@qp/testing";
import { createLanceDbStore } from "@qp/vector-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { crawlFailed, createHarness } from "./support/harness.ts";
import { type ParserStandIn, startParserStandIn } from "./support/parser-stand-in.ts";
import { startValidatorStandIn, type ValidatorStandIn } from "./support/validator-stand-in.ts";

let parser: ParserStandIn;
let validator: ValidatorStandIn;
beforeAll(async () => {
  parser = await startParserStandIn();
  validator = await startValidatorStandIn();
});
afterAll(async () => {
  await parser.close();
  await validator.close();
});

describe("GET /health", () => {
  it("reports each dependency honestly: degraded when an optional one is down or degraded", async () => {
    const harness = createHarness({ parserUrl: parser.url, validatorUrl: validator.url });
    try {
      const response = await harness.app.request("http://orchestrator.test/health");
      expect(response.status).toBe(200);
      const health = healthResponseSchema.parse(await response.json());
      expect(health.services.redis?.status).toBe("healthy");
      expect(health.services.parser?.status).toBe("healthy");
      expect(health.services.validator).toMatchObject({ status: "degraded", message: "reports degraded" });
      expect(health.status).toBe("degraded");
    } finally {
      await harness.close();
    }
  });

  it("is unhealthy (503) when Redis is down, and says so", async () => {
    const redisServer = await startRedisServer();
    const logger = createLogger({ service: "t", level: "silent" });
    const redis = createRedisClient({ url: redisServer.url, logger, options: { maxRetriesPerRequest: 0 } });
    const app = createApp({
      redis,
      logger,
      defaultMetrics: false,
      signing: { currentSigningKey: "a", nextSigningKey: "b" },
      config: {
        parserUrl: parser.url,
        validatorUrl: "http://127.0.0.1:9",
        parserTimeoutMs: 100,
        validatorTimeoutMs: 100,
      },
    });
    try {
      await redis.ping();
      await redisServer.stop();
      const response = await app.request("http://orchestrator.test/health");
      expect(response.status).toBe(503);
      const health = healthResponseSchema.parse(await response.json());
      expect(health.status).toBe("unhealthy");
      expect(health.services.redis?.status).toBe("unhealthy");
      expect(health.services.validator?.status).toBe("unhealthy");
    } finally {
      redis.disconnect();
      await redisServer.stop();
    }
  });
});

describe("search mount", () => {
  it("mounts GET /api/search and reports the vector store in /health when search deps are given", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orch-lance-"));
    const vectorStore = createLanceDbStore({ path: dir });
    await vectorStore.init();
    const harness = createHarness({
      search: {
        vectorStore,
        embed: async () => {
          throw new Error("not reached: the query is refused before embedding");
        },
      },
    });
    try {
      const refused = await harness.app.request("http://orchestrator.test/api/search?q=");
      expect(refused.status).toBe(400);
      const health = healthResponseSchema.parse(
        await (await harness.app.request("http://orchestrator.test/health")).json(),
      );
      expect(health.services.vector_store?.status).toBe("healthy");
    } finally {
      await harness.close();
      await vectorStore.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("GET /metrics", () => {
  it("counts deliveries by type and outcome next to the HTTP metrics", async () => {
    const harness = createHarness({});
    try {
      await harness.deliver(crawlFailed("https://example.com/a", "HTTP 404"));
      await harness.deliver({ type: "nope" });
      await harness.app.request("http://orchestrator.test/api/qstash", { method: "POST", body: "{}" });
      const text = await (await harness.app.request("http://orchestrator.test/metrics")).text();
      expect(text).toMatch(/qstash_messages_total\{type="crawl\.failed",outcome="ok"[^}]*\} 1/);
      expect(text).toMatch(/qstash_messages_total\{type="unknown",outcome="permanent"[^}]*\} 1/);
      expect(text).toMatch(/qstash_messages_total\{type="unknown",outcome="unauthenticated"[^}]*\} 1/);
      expect(text).toMatch(/http_requests_total\{method="POST",route="\/api\/qstash",status="200"/);
    } finally {
      await harness.close();
    }
  });
});
