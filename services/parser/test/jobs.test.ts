import { createLogger, createRedisClient } from "@qp/service-kit";
import { uniquePrefix } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createJobQueue } from "../src/jobs/queue.ts";
import { type ParseOutcome, startJobWorker } from "../src/jobs/worker.ts";
import { crawlResult, post, type RunningParser, startParser } from "./helpers.ts";

const ARTICLE = Array.from(
  { length: 60 },
  (_, i) => `Sentence ${i}: a golden cross happens when the 50-day average rises above the 200-day average.`,
).join(" ");

/** Outcomes as the worker publishes them, with a wait for the next one matching. */
function outbox() {
  const seen: ParseOutcome[] = [];
  const waiters: Array<{ match: (o: ParseOutcome) => boolean; resolve: (o: ParseOutcome) => void }> = [];
  return {
    seen,
    publish: async (outcome: ParseOutcome) => {
      seen.push(outcome);
      for (const waiter of [...waiters])
        if (waiter.match(outcome)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(outcome);
        }
    },
    next: (match: (o: ParseOutcome) => boolean) =>
      new Promise<ParseOutcome>((resolve) => {
        const known = seen.find(match);
        if (known) resolve(known);
        else waiters.push({ match, resolve });
      }),
  };
}

describe("POST /jobs: the durable parse queue (real Redis, real model, LanceDB)", () => {
  const out = outbox();
  let parser: RunningParser;
  beforeAll(async () => {
    parser = await startParser({
      ingest: { maxChunks: 8 },
      jobs: { redisUrl: inject("redisUrl"), publish: out.publish },
    });
  });
  afterAll(async () => parser?.close());

  it("answers 202 with a job id, then publishes page.parsed with the chunk count the store holds", async () => {
    const message = await crawlResult("https://example.com/jobs/a", ARTICLE, { concept: "jobs concept a" });
    const response = await post(`${parser.url}/jobs`, message);
    expect(response.status).toBe(202);
    const body = (await response.json()) as { job_id: string; status: string };
    expect(body.status).toBe("queued");
    expect(body.job_id).toMatch(/^[0-9a-f]{32}$/);
    const outcome = await out.next((o) => o.job_id === body.job_id);
    expect(outcome).toMatchObject({ type: "page.parsed", url: message.url, concept_id: message.concept_id });
    const chunks = outcome.type === "page.parsed" ? outcome.chunks : -1;
    expect(chunks).toBeGreaterThan(1);
    expect(await parser.store.countDocuments({ conceptId: message.concept_id, sourceUrl: message.url })).toBe(
      chunks,
    );
    const job = (await (await fetch(`${parser.url}/jobs/${body.job_id}`)).json()) as { state: string };
    expect(job.state).toBe("done");
  });

  it("the same page accepted again (joined while queued, or re-run when done) never duplicates chunks", async () => {
    const message = await crawlResult("https://example.com/jobs/b", ARTICLE, { concept: "jobs concept b" });
    const [first, second] = await Promise.all([
      post(`${parser.url}/jobs`, message).then(
        (r) => r.json() as Promise<{ job_id: string; status: string }>,
      ),
      post(`${parser.url}/jobs`, message).then(
        (r) => r.json() as Promise<{ job_id: string; status: string }>,
      ),
    ]);
    // Both requests land in one job: the second joined the first while it was queued or running.
    expect(second.job_id).toBe(first.job_id);
    expect([first.status, second.status].sort()).toEqual(["already_queued", "queued"]);
    const done = await out.next((o) => o.job_id === first.job_id);
    const third = (await (await post(`${parser.url}/jobs`, message)).json()) as { job_id: string };
    expect(third.job_id).not.toBe(first.job_id);
    const again = await out.next((o) => o.job_id === third.job_id);
    expect(again.type).toBe("page.parsed");
    const stored = await parser.store.countDocuments({
      conceptId: message.concept_id,
      sourceUrl: message.url,
    });
    expect(done.type === "page.parsed" && done.chunks).toBe(stored);
    expect(again.type === "page.parsed" && again.chunks).toBe(stored);
  });

  it("refuses content that can never become chunks with 422 at once, queueing nothing", async () => {
    const message = await crawlResult("https://example.com/jobs/blank", " \n\t ");
    const response = await post(`${parser.url}/jobs`, message);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("empty_content");
    expect((await parser.queue!.depth()).queued).toBe(0);
  });

  it("answers 400 in the envelope for a body that is not a crawl.result", async () => {
    const response = await post(`${parser.url}/jobs`, { type: "crawl.result", url: "nope" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });
});

describe("a full queue", () => {
  it("answers 503 queue_full with Retry-After, and accepts nothing", async () => {
    const parser = await startParser({
      jobs: { redisUrl: inject("redisUrl"), publish: async () => {}, maxDepth: 0 },
    });
    try {
      const response = await post(
        `${parser.url}/jobs`,
        await crawlResult("https://example.com/full", ARTICLE),
      );
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("30");
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("queue_full");
      expect(await parser.queue!.depth()).toEqual({ queued: 0, active: 0, delayed: 0 });
    } finally {
      await parser.close();
    }
  });
});

describe("job worker (real Redis)", () => {
  const logger = createLogger({ service: "jobs-test", level: "silent" });
  const prefix = uniquePrefix("parser-worker");
  const client = () =>
    createRedisClient({
      url: inject("redisUrl"),
      logger,
      keyPrefix: prefix,
      options: { maxRetriesPerRequest: null },
    });
  const redis = client();
  afterAll(async () => {
    const found = await redis.keys(`${prefix}*`);
    if (found.length > 0) await redis.del(...found.map((key) => key.slice(prefix.length)));
    await redis.quit();
  });

  const fakeResult = (chunks: number) => ({
    chunks: [],
    documents: Array.from({ length: chunks }),
    truncated: false,
    written: chunks,
    deletedStale: 0,
    processedAt: new Date(),
  });

  it("a job a stopped parser left active is run at the next start: nothing accepted is lost", async () => {
    const queue = createJobQueue(redis, { maxDepth: 10 });
    const accepted = await queue.enqueue(await crawlResult("https://example.com/left-active", ARTICLE));
    expect(accepted.kind).toBe("queued");
    // The first parser claimed it and died before finishing.
    const blocking = client();
    const claimed = await queue.claim(blocking, 1);
    blocking.disconnect();
    expect(claimed?.state).toBe("running");
    expect(await queue.depth()).toMatchObject({ queued: 0, active: 1 });

    const out = outbox();
    const worker = startJobWorker({
      queue,
      blocking: client,
      // The store's answer for this page (the real ingest is covered above); what is tested is the queue.
      ingest: async () => fakeResult(4) as never,
      publish: out.publish,
      logger,
    });
    try {
      const outcome = await out.next(() => true);
      expect(outcome).toMatchObject({
        type: "page.parsed",
        chunks: 4,
        url: "https://example.com/left-active",
      });
      expect(accepted.kind === "queued" && outcome.job_id).toBe(accepted.kind === "queued" && accepted.jobId);
    } finally {
      await worker.stop();
    }
  });

  it("a publish that fails is retried later without parsing the page again", async () => {
    const queue = createJobQueue(redis, { maxDepth: 10 });
    await queue.enqueue(await crawlResult("https://example.com/publish-fails", ARTICLE));
    let ingested = 0;
    let publishes = 0;
    const out = outbox();
    const worker = startJobWorker({
      queue,
      blocking: client,
      ingest: async () => {
        ingested++;
        return fakeResult(2) as never;
      },
      publish: async (outcome) => {
        publishes++;
        if (publishes === 1) throw new Error("QStash unreachable");
        await out.publish(outcome);
      },
      logger,
      retryBaseMs: 50,
    });
    try {
      await out.next(() => true);
      expect(publishes).toBe(2);
      expect(ingested).toBe(1);
    } finally {
      await worker.stop();
    }
  });

  it("a store that stays down: retried, then page.parse_failed (not permanent) with the reason", async () => {
    const queue = createJobQueue(redis, { maxDepth: 10 });
    await queue.enqueue(await crawlResult("https://example.com/store-down", ARTICLE));
    let attempts = 0;
    const out = outbox();
    const worker = startJobWorker({
      queue,
      blocking: client,
      ingest: async () => {
        attempts++;
        throw new Error("vector store unavailable");
      },
      publish: out.publish,
      logger,
      maxAttempts: 3,
      retryBaseMs: 20,
    });
    try {
      const outcome = await out.next(() => true);
      expect(attempts).toBe(3);
      expect(outcome).toMatchObject({
        type: "page.parse_failed",
        permanent: false,
        reason: expect.stringContaining("after 3 attempts: vector store unavailable"),
      });
    } finally {
      await worker.stop();
    }
  });
});
