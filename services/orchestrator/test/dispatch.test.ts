import { errorEnvelopeSchema } from "@qp/schema";
import { createLogger, createRedisClient } from "@qp/service-kit";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import {
  CONCEPT,
  CONCEPT_ID,
  conceptUrl,
  crawlFailed,
  createHarness,
  type Harness,
  NEXT_KEY,
} from "./support/harness.ts";

let harness: Harness;
beforeEach(() => {
  harness = createHarness({});
});
afterEach(async () => {
  await harness.close();
});

async function startUrls(): Promise<unknown[]> {
  // Read the list the way the crawler does: its own client, the same deployment prefix.
  const raw = createRedisClient({
    url: inject("redisUrl"),
    logger: createLogger({ service: "t", level: "silent" }),
  });
  const items = await raw.lrange(`${harness.prefix}start_urls`, 0, -1);
  await raw.quit();
  return items.map((item) => JSON.parse(item));
}

describe("POST /api/qstash: refusals", () => {
  it("answers 489 + Upstash-NonRetryable-Error for a schema violation, and handles nothing", async () => {
    const response = await harness.deliver({
      ...conceptUrl("https://example.com/a"),
      url: "javascript:alert(1)",
    });
    expect(response.status).toBe(489);
    expect(response.headers.get("upstash-nonretryable-error")).toBe("true");
    expect(errorEnvelopeSchema.parse(await response.json()).error.code).toBe("invalid_message");
    expect(await startUrls()).toEqual([]);
  });

  it("answers 489 for an unknown message type", async () => {
    const response = await harness.deliver({ type: "concept.delete", concept_id: CONCEPT_ID });
    expect(response.status).toBe(489);
    expect(errorEnvelopeSchema.parse(await response.json()).error.code).toBe("unknown_message_type");
  });

  it("answers 401 for an unsigned delivery and 200 for one signed with the next key", async () => {
    const body = JSON.stringify(conceptUrl("https://example.com/a"));
    const unsigned = await harness.app.request("http://orchestrator.test/api/qstash", {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });
    expect(unsigned.status).toBe(401);
    expect((await harness.deliver(conceptUrl("https://example.com/a"), { key: NEXT_KEY })).status).toBe(200);
  });
});

describe("concept.url → Redis start_urls", () => {
  it("queues and records a URL without its user:pass@ (issue 12)", async () => {
    const response = await harness.deliver(conceptUrl("https://alice:s3cret@example.com/private"));
    expect(await response.json()).toMatchObject({ result: { url: "https://example.com/private" } });
    expect(await startUrls()).toEqual([expect.objectContaining({ url: "https://example.com/private" })]);
    const view = await (
      await harness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)
    ).json();
    expect(JSON.stringify(view)).not.toContain("s3cret");
  });

  it("records the URL under the concept and pushes one JSON job, once per concept and URL", async () => {
    const first = await harness.deliver(conceptUrl("https://example.com/golden-cross", "wikipedia"));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, type: "concept.url", result: { queued: true } });
    // Found again by another provider, as a separate message: known, not queued again.
    const again = await harness.deliver(conceptUrl("https://example.com/golden-cross", "arxiv"));
    expect(await again.json()).toMatchObject({ result: { queued: false } });
    await harness.deliver(conceptUrl("https://example.com/other"));

    expect(await startUrls()).toEqual([
      {
        url: "https://example.com/other",
        concept_id: CONCEPT_ID,
        concept: CONCEPT,
        discovered_by: "wikipedia",
      },
      {
        url: "https://example.com/golden-cross",
        concept_id: CONCEPT_ID,
        concept: CONCEPT,
        discovered_by: "wikipedia",
      },
    ]);
    const view = await (
      await harness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)
    ).json();
    expect(view).toMatchObject({
      concept_id: CONCEPT_ID,
      concept: CONCEPT,
      status: "discovered",
      reasons: [],
      counts: { discovered: 2, total: 2 },
    });
    expect(view.sources.map((s: { url: string; status: string }) => [s.url, s.status]).sort()).toEqual([
      ["https://example.com/golden-cross", "discovered"],
      ["https://example.com/other", "discovered"],
    ]);
  });

  it("queues nothing twice when many deliveries of the same URL race", async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => harness.deliver(conceptUrl("https://example.com/race"))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await startUrls()).toHaveLength(1);
  });
});

describe("idempotency on Upstash-Message-Id", () => {
  it("handles a redelivered message id once and answers the duplicate with 200", async () => {
    const message = crawlFailed("https://example.com/gone", "HTTP 404", 404);
    const first = await harness.deliver(message, { messageId: "msg_same" });
    expect(await first.json()).toMatchObject({ ok: true, result: { status: "failed" } });
    // Change what the record would become if the handler ran again: it must not run.
    const second = await harness.deliver({ ...message, reason: "HTTP 410" }, { messageId: "msg_same" });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ ok: true, duplicate: true, messageId: "msg_same" });
    const view = await (
      await harness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)
    ).json();
    expect(view.failures).toEqual([
      { url: "https://example.com/gone", reason: "HTTP 404", status_code: 404, at: expect.any(String) },
    ]);
  });

  it("answers 409 while another delivery of the same id holds the claim, asking to come back after it lapses", async () => {
    // A claim a crashed attempt left behind (kill -9 mid-delivery) lives 35 s. QStash's retries follow
    // Retry-After: a fixed 10 s put all three inside the claim and dead-lettered the message.
    await harness.redis.set("qstash:delivery:msg_busy", "processing", "EX", 35);
    const response = await harness.deliver(crawlFailed("https://example.com/x", "timeout"), {
      messageId: "msg_busy",
    });
    expect(response.status).toBe(409);
    const wait = Number(response.headers.get("retry-after"));
    const left = await harness.redis.pttl("qstash:delivery:msg_busy");
    expect(wait * 1000).toBeGreaterThan(left);
    expect(wait).toBeLessThanOrEqual(36);
    // The retry after that wait finds the claim gone and runs the handler.
    await harness.redis.del("qstash:delivery:msg_busy");
    const retry = await harness.deliver(crawlFailed("https://example.com/x", "timeout"), {
      messageId: "msg_busy",
    });
    expect(retry.status).toBe(200);
  });

  it("does not let a 489 claim the id (a fixed redelivery is handled)", async () => {
    const bad = await harness.deliver(
      { ...crawlFailed("https://example.com/x", "r"), reason: "" },
      { messageId: "m1" },
    );
    expect(bad.status).toBe(489);
    expect(await harness.redis.get("qstash:delivery:m1")).toBeNull();
  });
});

describe("crawl.failed", () => {
  it("marks the URL failed with the reason; the concept reports it", async () => {
    await harness.deliver(conceptUrl("https://example.com/a"));
    await harness.deliver(crawlFailed("https://example.com/a", "robots.txt disallows this URL"));
    const view = await (
      await harness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)
    ).json();
    // Every source settled, the back-test not yet: the concept waits on validation.
    expect(view.status).toBe("validating");
    expect(view.counts).toMatchObject({ failed: 1, total: 1 });
    expect(view.failures[0]).toMatchObject({
      url: "https://example.com/a",
      reason: "robots.txt disallows this URL",
    });
  });
});

describe("crawling: a crawler's claim (crawling:{id}, written by the crawler) shows in the view", () => {
  it("a claimed URL is crawling until its result arrives; the concept is crawling", async () => {
    await harness.deliver(conceptUrl("https://example.com/a"));
    await harness.deliver(conceptUrl("https://example.com/b"));
    const claimedAt = new Date().toISOString();
    // What the crawler writes when it claims a job (services/crawler/src/crawler.ts markCrawling).
    await harness.redis.hset(`crawling:${CONCEPT_ID}`, "https://example.com/a", claimedAt);
    const read = async () =>
      (await harness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)).json();
    const view = await read();
    expect(view.status).toBe("crawling");
    expect(view.counts).toMatchObject({ discovered: 1, crawling: 1, total: 2 });
    expect(view.sources.find((s: { url: string }) => s.url === "https://example.com/a")).toMatchObject({
      status: "crawling",
      crawl_started_at: claimedAt,
    });
    // A later outcome wins over the claim; the claim time stays as information.
    await harness.deliver(crawlFailed("https://example.com/a", "HTTP 404", 404));
    const after = await read();
    expect(after.sources.find((s: { url: string }) => s.url === "https://example.com/a")).toMatchObject({
      status: "failed",
      crawl_started_at: claimedAt,
    });
    // One URL is done with, one still waits for a crawler: the concept is still crawling.
    expect(after.status).toBe("crawling");
    expect(after.counts).toMatchObject({ discovered: 1, failed: 1 });
  });
});
