import { createPublisher } from "@qp/messaging";
import { type QstashLocal, startQstashLocal } from "@qp/qstash-local";
import { createLogger, createRedisClient, listen, type Redis, type RunningServer } from "@qp/service-kit";
import { freePort, uniquePrefix, waitUntil } from "@qp/testing";
import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../src/app.ts";
import { CONCEPT_ID, conceptUrl, crawlResult } from "./support/harness.ts";
import { type ParserStandIn, startParserStandIn } from "./support/parser-stand-in.ts";

// End to end: the official client (through our publisher) → qstash-local → the orchestrator listening on a
// free loopback port, verifying the signature (sub included) and handling the message against real Redis.

let qstash: QstashLocal;
let parser: ParserStandIn;
let server: RunningServer;
let redis: Redis;
let reader: Redis;
let prefix: string;
let destination: string;

beforeAll(async () => {
  const logger = createLogger({ service: "orchestrator-e2e", level: "silent" });
  qstash = await startQstashLocal({ timeScale: 0.001 });
  parser = await startParserStandIn();
  prefix = uniquePrefix("e2e");
  redis = createRedisClient({ url: inject("redisUrl"), logger, keyPrefix: prefix });
  reader = createRedisClient({ url: inject("redisUrl"), logger, keyPrefix: prefix });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const app = createApp({
    redis,
    logger,
    defaultMetrics: false,
    signing: {
      currentSigningKey: qstash.currentSigningKey,
      nextSigningKey: qstash.nextSigningKey,
      publicUrl,
    },
    config: {
      parserUrl: parser.url,
      validatorUrl: parser.url,
      parserTimeoutMs: 5_000,
      validatorTimeoutMs: 5_000,
    },
    qstash: { url: qstash.url, token: qstash.token },
  });
  server = await listen(app.fetch, { port, hostname: "127.0.0.1" });
  destination = `${server.url}/api/qstash`;
});

afterAll(async () => {
  await qstash?.close();
  await server?.close();
  await parser?.close();
  const found = await reader.keys(`${prefix}*`); // KEYS patterns are not prefixed by ioredis
  if (found.length > 0) await reader.del(...found.map((key) => key.slice(prefix.length)));
  await redis?.quit();
  await reader?.quit();
});

async function conceptView(): Promise<{ sources: Array<{ url: string; status: string; chunks?: number }> }> {
  const response = await fetch(`${server.url}/api/concepts/${CONCEPT_ID}`);
  return response.status === 200 ? response.json() : { sources: [] };
}

describe("publish → qstash-local → orchestrator", () => {
  it("concept.url published with the official client lands in start_urls as a crawl job", async () => {
    const publisher = createPublisher({ baseUrl: qstash.url, token: qstash.token });
    await publisher.publish(conceptUrl("https://example.com/e2e"), destination);
    // BLPOP waits for the push itself: the crawler's view of the queue.
    const popped = await reader.blpop("start_urls", 10);
    expect(popped).not.toBeNull();
    expect(JSON.parse(popped?.[1] ?? "{}")).toEqual({
      url: "https://example.com/e2e",
      concept_id: CONCEPT_ID,
      concept: "golden cross on the S&P 500",
      discovered_by: "wikipedia",
    });
  });

  it("crawl.result is queued with the parser; its page.parsed (through QStash) shows up parsed on the concept", async () => {
    const publisher = createPublisher({ baseUrl: qstash.url, token: qstash.token });
    await publisher.publish(crawlResult("https://example.com/e2e", "one two three", "E2E page"), destination);
    const queued = await waitUntil(
      async () =>
        (await conceptView()).sources.find(
          (s) => s.url === "https://example.com/e2e" && s.status === "crawled",
        ),
      { what: "the page crawled on the concept", intervalMs: 20 },
    );
    expect(queued.chunks).toBeUndefined();
    const job = await waitUntil(
      async () => parser.jobs.find((j) => j.message.url === "https://example.com/e2e"),
      { what: "the page queued with the parser", intervalMs: 20 },
    );
    // What the parser publishes once the page is stored.
    await publisher.publish(
      {
        type: "page.parsed",
        job_id: job.jobId,
        id: job.message.id,
        concept_id: job.message.concept_id,
        concept: job.message.concept,
        url: job.message.url,
        chunks: job.chunks,
        truncated: false,
        written: job.chunks,
        parsed_at: new Date().toISOString(),
      },
      destination,
    );
    const source = await waitUntil(
      async () =>
        (await conceptView()).sources.find(
          (s) => s.url === "https://example.com/e2e" && s.status === "parsed",
        ),
      { what: "the page parsed on the concept", intervalMs: 20 },
    );
    expect(source.chunks).toBe(1);
  });

  it("a delivery the orchestrator cannot accept (bad schema) goes to the DLQ at once with 489", async () => {
    // Our publisher refuses bad messages, so use the official client directly, as a foreign producer would.
    const client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
    const { messageId } = await client.publishJSON({
      url: destination,
      body: { type: "concept.url", concept_id: "nope" },
      retries: 3,
    });
    const dead = await waitUntil(
      async () => {
        const { messages } = await client.dlq.listMessages();
        return messages.find((m) => m.messageId === messageId);
      },
      { what: `the DLQ entry of ${messageId}`, intervalMs: 20 },
    );
    expect(dead.responseStatus).toBe(489);
  });

  it("reports the broker in /health", async () => {
    const health = await (await fetch(`${server.url}/health`)).json();
    expect(health.services.qstash.status).toBe("healthy");
    expect(health.services.redis.status).toBe("healthy");
  });
});
