import { type QstashLocal, startQstashLocal } from "@qp/qstash-local";
import type { PipelineMessage } from "@qp/schema";
import { createLogger, listen, type RunningServer } from "@qp/service-kit";
import { freePort } from "@qp/testing";
import { Receiver } from "@upstash/qstash";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPublisher,
  DELIVERY_POLICY,
  PublishError,
  type QstashEnv,
  qstashReceiver,
} from "../src/index.ts";

// test_qstash_producer: our publisher → qstash-local → a real HTTP endpoint that verifies with our middleware.

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  message: PipelineMessage;
}

let qstash: QstashLocal;
let endpoint: RunningServer;
const received: Received[] = [];
const waiters: Array<{ match: (r: Received) => boolean; resolve: (r: Received) => void }> = [];
let failFirst = new Set<string>();

function nextDelivery(match: (r: Received) => boolean, timeoutMs = 10_000): Promise<Received> {
  const seen = received.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no matching delivery arrived")), timeoutMs);
    waiters.push({
      match,
      resolve: (r) => {
        clearTimeout(timer);
        resolve(r);
      },
    });
  });
}

beforeAll(async () => {
  qstash = await startQstashLocal({ timeScale: 0.001, maxMessageBytes: 64 * 1024 });
  const app = new Hono<QstashEnv>();
  app.post(
    "/hooks/*",
    qstashReceiver({ currentSigningKey: qstash.currentSigningKey, nextSigningKey: qstash.nextSigningKey }),
    async (c) => {
      const path = new URL(c.req.url).pathname;
      if (failFirst.has(path)) {
        failFirst.delete(path);
        return c.json({ error: "try again" }, 503);
      }
      const record: Received = {
        path,
        headers: Object.fromEntries(c.req.raw.headers.entries()),
        body: await c.req.text(),
        message: c.var.message,
      };
      received.push(record);
      for (const waiter of [...waiters]) {
        if (waiter.match(record)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(record);
        }
      }
      return c.json({ ok: true });
    },
  );
  endpoint = await listen(app.fetch, { port: 0, hostname: "127.0.0.1" });
});

afterAll(async () => {
  await qstash?.close();
  await endpoint?.close();
});

const conceptId = "0123456789abcdef01234567";
function urlMessage(url: string): PipelineMessage {
  return {
    type: "concept.url",
    concept_id: conceptId,
    concept: "golden cross",
    url,
    discovered_by: "manual",
  };
}

describe("test_qstash_producer", () => {
  it("delivers the message as JSON with QStash's headers and a signature the official Receiver accepts", async () => {
    const publisher = createPublisher({ baseUrl: qstash.url, token: qstash.token });
    const destination = `${endpoint.url}/hooks/one?source=test`;
    const message = urlMessage("https://example.com/one");
    const result = await publisher.publish(message, destination);
    expect(result.deduplicated).toBe(false);
    expect(result.messageId).toMatch(/^msg_/);

    const delivery = await nextDelivery((r) => r.headers["upstash-message-id"] === result.messageId);
    expect(delivery.path).toBe("/hooks/one");
    expect(JSON.parse(delivery.body)).toEqual(message);
    expect(delivery.message).toEqual(message);
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["upstash-retried"]).toBe("0");
    const receiver = new Receiver({
      currentSigningKey: qstash.currentSigningKey,
      nextSigningKey: qstash.nextSigningKey,
      devMode: false,
    });
    // sub is the exact destination, query included.
    await expect(
      receiver.verify({
        signature: delivery.headers["upstash-signature"] ?? "",
        body: delivery.body,
        url: destination,
      }),
    ).resolves.toBe(true);
  });

  it("deduplicates by content identity: the same message again answers the first message id", async () => {
    const publisher = createPublisher({ baseUrl: qstash.url, token: qstash.token });
    const message = urlMessage("https://example.com/dedup");
    const first = await publisher.publish(message, `${endpoint.url}/hooks/dedup`);
    const second = await publisher.publish(message, `${endpoint.url}/hooks/dedup`);
    expect(second).toEqual({ messageId: first.messageId, deduplicated: true });
  });

  it("publishes a batch in one call, results in input order, each delivered", async () => {
    const publisher = createPublisher({ baseUrl: qstash.url, token: qstash.token });
    const items = ["b1", "b2", "b3"].map((name) => ({
      message: urlMessage(`https://example.com/${name}`),
      destination: `${endpoint.url}/hooks/${name}`,
    }));
    const results = await publisher.publishBatch(items);
    expect(results).toHaveLength(3);
    for (const [index, result] of results.entries()) {
      const delivery = await nextDelivery((r) => r.headers["upstash-message-id"] === result.messageId);
      expect(delivery.path).toBe(`/hooks/b${index + 1}`);
      expect(delivery.message).toEqual(items[index]?.message);
    }
    expect(await publisher.publishBatch([])).toEqual([]);
  });

  it("carries the delivery policy: a 5xx answer is retried (scaled backoff) with Upstash-Retried counting up", async () => {
    failFirst = new Set(["/hooks/flaky"]);
    const publisher = createPublisher({ baseUrl: qstash.url, token: qstash.token });
    const result = await publisher.publish(
      urlMessage("https://example.com/flaky"),
      `${endpoint.url}/hooks/flaky`,
    );
    const delivery = await nextDelivery((r) => r.headers["upstash-message-id"] === result.messageId);
    expect(delivery.headers["upstash-retried"]).toBe("1");
    expect(DELIVERY_POLICY.retries).toBe(3);
  });
});

describe("the publisher fails loudly", () => {
  it("throws PublishError with the broker's status when the token is refused", async () => {
    const publisher = createPublisher({ baseUrl: qstash.url, token: "wrong-token" });
    const error = await publisher
      .publish(urlMessage("https://example.com/x"), `${endpoint.url}/hooks/x`)
      .catch((e) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error.status).toBe(401);
    expect(error.permanent).toBe(true);
  });

  it("throws PublishError 413 for a message over the broker's size limit", async () => {
    const publisher = createPublisher({ baseUrl: qstash.url, token: qstash.token });
    const big: PipelineMessage = {
      type: "crawl.result",
      id: "0123456789abcdef0123456789abcdef",
      concept_id: conceptId,
      concept: "golden cross",
      url: "https://example.com/big",
      title: "Big",
      content: "x".repeat(100_000),
      content_type: "text/html",
      timestamp: new Date().toISOString(),
      metadata: {},
      retry_count: 0,
    };
    const error = await publisher.publish(big, `${endpoint.url}/hooks/big`).catch((e) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error.status).toBe(413);
  });

  it("refuses an invalid message or destination before sending anything", async () => {
    const publisher = createPublisher({ baseUrl: qstash.url, token: qstash.token });
    const bad = { ...urlMessage("https://example.com/x"), url: "file:///etc/passwd" } as PipelineMessage;
    const error = await publisher.publish(bad, `${endpoint.url}/hooks/x`).catch((e) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain("url");
    await expect(
      publisher.publish(urlMessage("https://example.com/x"), "ftp://example.com/"),
    ).rejects.toThrow(PublishError);
  });

  it("throws PublishError without a status when the broker cannot be reached", async () => {
    const logger = createLogger({ service: "t", level: "silent" });
    const publisher = createPublisher({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      token: "t",
      logger,
    });
    const error = await publisher
      .publish(urlMessage("https://example.com/x"), `${endpoint.url}/hooks/x`)
      .catch((e) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain("unreachable");
  });
});
