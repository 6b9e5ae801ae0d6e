import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signJwt } from "@qp/messaging/testing";
import { errorEnvelopeSchema, healthResponseSchema } from "@qp/schema";
import { createLogger, createRedisClient } from "@qp/service-kit";
import { freePort, startRedisServer } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../src/app.ts";
import {
  CONCEPT_ID,
  CURRENT_KEY,
  crawlFailed,
  crawlResult,
  createHarness,
  ENDPOINT,
  type Harness,
} from "./support/harness.ts";

// Issue 12 items 4 and 5 on the orchestrator: API key, replay by jti, exp required, the delivery's own
// retry count, 503 on a Redis outage, the cached broker probe.
const API_KEY = "orchestrator-api-key-0123456789";
const ORIGIN = "http://orchestrator.test";

describe("API_KEY on the query/report API", () => {
  let harness: Harness;
  beforeAll(() => {
    harness = createHarness({ apiKey: API_KEY });
  });
  afterAll(() => harness.close());

  it.each([`/api/concepts/${CONCEPT_ID}`, "/api/search?q=x", `/concepts/${CONCEPT_ID}/report`, "/metrics"])(
    "GET %s without the key → 401 envelope",
    async (path) => {
      const res = await harness.app.request(`${ORIGIN}${path}`);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      const envelope = errorEnvelopeSchema.parse(await res.json());
      expect(envelope.error.code).toBe("unauthorized");
      const wrong = await harness.app.request(`${ORIGIN}${path}`, { headers: { "x-api-key": "nope" } });
      expect(wrong.status).toBe(401);
      expect(errorEnvelopeSchema.parse(await wrong.json()).error.message).not.toContain("nope");
    },
  );

  it("accepts the key as Bearer (any case) or X-Api-Key", async () => {
    const path = `${ORIGIN}/api/concepts/${CONCEPT_ID}`;
    for (const headers of [
      { authorization: `Bearer ${API_KEY}` } as Record<string, string>,
      { authorization: `bearer ${API_KEY}` },
      { "x-api-key": API_KEY },
    ]) {
      const res = await harness.app.request(path, { headers });
      expect(res.status).toBe(404); // past the key: the concept is unknown
    }
    const metrics = await harness.app.request(`${ORIGIN}/metrics`, { headers: { "x-api-key": API_KEY } });
    expect(metrics.status).toBe(200);
  });

  it("leaves /health and signed deliveries to /api/qstash open", async () => {
    expect((await harness.app.request(`${ORIGIN}/health`)).status).not.toBe(401);
    const delivered = await harness.deliver(crawlFailed("https://example.com/a", "HTTP 404", 404));
    expect(delivered.status).toBe(200);
  });

  it("leaves the validator's settle callback to its SERVICE_TOKEN, not the API key", async () => {
    const guarded = createHarness({ apiKey: API_KEY, serviceToken: "orchestrator-service-token-0123" });
    try {
      const settle = (authorization?: string) =>
        guarded.app.request(`${ORIGIN}/api/validations/settle`, {
          method: "POST",
          body: "{}",
          headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        });
      const without = await settle();
      expect(without.status).toBe(401);
      expect(errorEnvelopeSchema.parse(await without.json()).error.message).toMatch(/service token/);
      // The right token (scheme in any case) gets past authentication to the body check.
      expect((await settle("bearer orchestrator-service-token-0123")).status).toBe(400);
      expect((await settle(`Bearer ${API_KEY}`)).status).toBe(401);
    } finally {
      await guarded.close();
    }
  });
});

describe("idempotency on the signed token", () => {
  let harness: Harness;
  beforeAll(() => {
    harness = createHarness({});
  });
  afterAll(() => harness.close());

  it("a replayed token with its Upstash-Message-Id changed or removed is not processed again", async () => {
    const first = crawlFailed("https://example.com/replay", "HTTP 404", 404);
    const body = JSON.stringify(first);
    const signature = signJwt({ key: CURRENT_KEY, body, sub: ENDPOINT });
    const original = await harness.deliver(body, {
      messageId: "msg_original",
      headers: { "upstash-signature": signature },
    });
    expect(await original.json()).toMatchObject({ ok: true, result: { status: "failed" } });
    const changed = await harness.deliver(body, {
      messageId: "msg_forged",
      headers: { "upstash-signature": signature },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ duplicate: true });
    // No message id at all: the jti alone recognises it.
    const removed = await harness.app.request(ENDPOINT, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "upstash-signature": signature },
    });
    expect(await removed.json()).toMatchObject({ duplicate: true });
    // A genuine retry of the same message (fresh token, same message id) is still a duplicate too.
    const retry = await harness.deliver(body, { messageId: "msg_original", retried: 1 });
    expect(await retry.json()).toMatchObject({ duplicate: true });
    const view = await (await harness.app.request(`${ORIGIN}/api/concepts/${first.concept_id}`)).json();
    expect(view.failures).toHaveLength(1);
  });

  it.each([["exp"], ["jti"]])("refuses a token without %s (401)", async (claim) => {
    const body = JSON.stringify(crawlFailed("https://example.com/noexp", "HTTP 404", 404));
    const res = await harness.deliver(body, {
      headers: { "upstash-signature": signJwt({ key: CURRENT_KEY, body, sub: ENDPOINT, omit: [claim] }) },
    });
    expect(res.status).toBe(401);
    expect(errorEnvelopeSchema.parse(await res.json()).error.message).toContain(claim);
  });
});

describe("the delivery's own retry count", () => {
  it("Upstash-Retries: 5 → the 4th attempt is not the last one; the 6th is", async () => {
    const down = createHarness({ parserUrl: `http://127.0.0.1:${await freePort()}` });
    const url = "https://example.com/five";
    const state = async () =>
      (await (await down.app.request(`${ORIGIN}/api/concepts/${CONCEPT_ID}`)).json()) as {
        sources: Array<{ status: string; reason?: string }>;
      };
    try {
      const fourth = await down.deliver(crawlResult(url, "some words here"), {
        retried: 3,
        headers: { "upstash-retries": "5" },
      });
      expect(fourth.status).toBe(503);
      expect((await state()).sources[0]?.status).not.toBe("failed");
      const last = await down.deliver(crawlResult(url, "some words here"), {
        retried: 5,
        headers: { "upstash-retries": "5" },
      });
      expect(last.status).toBe(503);
      expect((await state()).sources[0]).toMatchObject({
        status: "failed",
        reason: expect.stringContaining("after 6 attempts"),
      });
    } finally {
      await down.close();
    }
  });
});

describe("Redis outage", () => {
  it("concept reads answer 503 in the envelope, not 500", async () => {
    const redisServer = await startRedisServer();
    const logger = createLogger({ service: "t", level: "silent" });
    const redis = createRedisClient({ url: redisServer.url, logger, options: { maxRetriesPerRequest: 0 } });
    const app = createApp({
      redis,
      logger,
      defaultMetrics: false,
      signing: { currentSigningKey: "a", nextSigningKey: "b" },
      config: {
        parserUrl: "http://127.0.0.1:9",
        validatorUrl: "http://127.0.0.1:9",
        parserTimeoutMs: 100,
        validatorTimeoutMs: 100,
      },
    });
    try {
      await redis.ping();
      await redisServer.stop();
      const res = await app.request(`${ORIGIN}/api/concepts/${CONCEPT_ID}`);
      expect(res.status).toBe(503);
      const envelope = errorEnvelopeSchema.parse(await res.json());
      expect(envelope.error.code).toBe("unavailable");
      expect(envelope.error.message).toMatch(/Redis/);
    } finally {
      redis.disconnect();
      await redisServer.stop();
    }
  });
});

describe("GET /health and the broker", () => {
  let broker: Server;
  let brokerUrl: string;
  let probes = 0;
  beforeAll(async () => {
    // A stand-in for the broker's management API only: what is counted is how often /health asks it.
    broker = createServer((request, response) => {
      if (request.url?.startsWith("/v2/dlq")) probes++;
      response.writeHead(200, { "content-type": "application/json" }).end('{"messages":[]}');
    });
    await new Promise<void>((resolve) => broker.listen(0, "127.0.0.1", resolve));
    brokerUrl = `http://127.0.0.1:${(broker.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => broker.close(() => resolve())));

  it("asks the broker's DLQ once per TTL, however often /health is read", async () => {
    const logger = createLogger({ service: "t", level: "silent" });
    const redis = createRedisClient({ url: inject("redisUrl"), logger });
    const app = createApp({
      redis,
      logger,
      defaultMetrics: false,
      signing: { currentSigningKey: "a", nextSigningKey: "b" },
      config: {
        parserUrl: "http://127.0.0.1:9",
        validatorUrl: "http://127.0.0.1:9",
        parserTimeoutMs: 100,
        validatorTimeoutMs: 100,
      },
      qstash: { url: brokerUrl, token: "t" },
      qstashHealthTtlMs: 60_000,
    });
    try {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await app.request(`${ORIGIN}/health`));
      const last = healthResponseSchema.parse(await (answers.at(-1) as Response).json());
      expect(last.services.qstash?.status).toBe("healthy");
      expect(probes).toBe(1);
    } finally {
      await redis.quit();
    }
  });
});
