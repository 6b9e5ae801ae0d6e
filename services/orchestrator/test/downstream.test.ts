import { errorEnvelopeSchema } from "@qp/schema";
import { freePort, waitUntil } from "@qp/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CONCEPT_ID,
  conceptUrl,
  crawlFailed,
  crawlResult,
  createHarness,
  type Harness,
} from "./support/harness.ts";
import { type ParserStandIn, startParserStandIn } from "./support/parser-stand-in.ts";
import { startValidatorStandIn, type ValidatorStandIn } from "./support/validator-stand-in.ts";

// These tests talk to stand-ins that speak only the parser's and validator's contracts over real HTTP (see
// support/), so failures the real services cannot be made to produce on demand (5xx, a hang) can be staged;
// test/real-parser.test.ts and test/real-validator.test.ts drive the real services.
let parser: ParserStandIn;
let validator: ValidatorStandIn;
let harness: Harness;

beforeAll(async () => {
  parser = await startParserStandIn();
  validator = await startValidatorStandIn();
});
afterAll(async () => {
  await parser.close();
  await validator.close();
});
beforeEach(() => {
  parser.mode = "ok";
  validator.mode = "report";
  parser.requests.length = 0;
  parser.jobs.length = 0;
  validator.requests.length = 0;
  harness = createHarness({ parserUrl: parser.url, validatorUrl: validator.url, parserTimeoutMs: 300 });
});
afterEach(async () => {
  await harness.close();
});

const URL_A = "https://example.com/golden-cross";
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

/** The `page.parsed` the parser publishes once it stored the stand-in's last accepted job. */
function parsedOutcome(index = -1) {
  const job = parser.jobs.at(index);
  if (!job) throw new Error("the parser accepted no job");
  return {
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
  };
}

async function view() {
  const response = await harness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`);
  expect(response.status).toBe(200);
  return response.json();
}

describe("crawl.result → parser queue → page.parsed / page.parse_failed", () => {
  it("marks the URL crawled and queues it with POST /jobs; the parser's page.parsed marks it parsed", async () => {
    await harness.deliver(conceptUrl(URL_A));
    const response = await harness.deliver(crawlResult(URL_A, words(450), "Golden cross - Wikipedia"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: { status: "crawled" } });

    expect(parser.requests).toHaveLength(1);
    expect(parser.requests[0]?.path).toBe("/jobs");
    const sent = JSON.parse(parser.requests[0]?.body ?? "{}");
    expect(sent).toMatchObject({ type: "crawl.result", url: URL_A, concept_id: CONCEPT_ID });
    expect(parser.requests[0]?.headers["content-type"]).toBe("application/json");

    // Queued, not yet stored: the concept is parsing and counts no chunks.
    let state = await view();
    expect(state.status).toBe("parsing");
    expect(state.chunks_total).toBe(0);
    expect(state.sources[0]).toMatchObject({ status: "crawled", parse_job_id: parser.jobs[0]?.jobId });

    const parsed = await harness.deliver(parsedOutcome());
    expect(parsed.status).toBe(200);
    state = await view();
    // The only source is parsed; no back-test has been asked for yet, so the concept waits on validation.
    expect(state.status).toBe("validating");
    expect(state.chunks_total).toBe(3);
    expect(state.sources).toEqual([
      expect.objectContaining({
        url: URL_A,
        status: "parsed",
        title: "Golden cross - Wikipedia",
        chunks: 3,
        content_length: words(450).length,
        discovered_by: "wikipedia",
        crawled_at: expect.any(String),
        parsed_at: expect.any(String),
      }),
    ]);
  });

  it("records a URL it never queued (a bare producer pushed it) when its result arrives", async () => {
    const response = await harness.deliver(crawlResult("https://example.com/bare", words(10)));
    expect(response.status).toBe(200);
    const state = await view();
    expect(state.sources[0]).toMatchObject({
      url: "https://example.com/bare",
      status: "crawled",
      discovered_by: "unknown",
    });
  });

  it("a URL recorded failed because the parser was slow to accept it is set right by the page.parsed that follows", async () => {
    // The last attempt timed out (the parser took the page but answered too late): recorded failed…
    parser.mode = "hang";
    const last = await harness.deliver(crawlResult(URL_A, words(10)), { retried: 3 });
    expect(last.status).toBe(503);
    expect((await view()).sources[0]).toMatchObject({ status: "failed" });
    // …then the parser stores it and says so: the record follows the store.
    parser.mode = "ok";
    await harness.deliver(crawlResult(URL_A, words(10)), { messageId: "msg_other_run" });
    const parsed = await harness.deliver(parsedOutcome());
    expect(parsed.status).toBe(200);
    const state = await view();
    expect(state.sources[0]).toMatchObject({ status: "parsed", chunks: 1 });
    expect(state.failures).toEqual([]);
  });

  it("page.parse_failed marks the URL failed with the parser's reason, but never hides a parsed page", async () => {
    await harness.deliver(crawlResult(URL_A, words(10)));
    const job = parser.jobs[0]!;
    const failed = {
      type: "page.parse_failed",
      job_id: job.jobId,
      id: job.message.id,
      concept_id: job.message.concept_id,
      concept: job.message.concept,
      url: job.message.url,
      reason: "parser could not store the page after 5 attempts: vector store unavailable",
      permanent: false,
      failed_at: new Date().toISOString(),
    };
    expect((await harness.deliver(failed)).status).toBe(200);
    let state = await view();
    expect(state.status).toBe("validating");
    expect(state.failures).toEqual([
      expect.objectContaining({ url: URL_A, reason: expect.stringContaining("vector store unavailable") }),
    ]);

    // A later run stored it; a late failure of another run does not hide it.
    await harness.deliver(parsedOutcome());
    await harness.deliver({ ...failed, job_id: "f".repeat(32) });
    state = await view();
    expect(state.sources[0]).toMatchObject({ status: "parsed", chunks: 1 });
  });

  it("parser 4xx → 489 (DLQ) and the URL failed with the parser's reason", async () => {
    const response = await harness.deliver(crawlResult(URL_A, "   "));
    expect(response.status).toBe(489);
    expect(response.headers.get("upstash-nonretryable-error")).toBe("true");
    const state = await view();
    expect(state.failures).toEqual([
      expect.objectContaining({
        url: URL_A,
        reason: expect.stringContaining("content is empty"),
        status_code: 422,
      }),
    ]);
  });

  it("parser 5xx → 503 so QStash retries; the URL stays crawled with the error noted; the retry succeeds", async () => {
    parser.mode = "unavailable";
    const failed = await harness.deliver(crawlResult(URL_A, words(10)), {
      messageId: "msg_retry",
      retried: 0,
    });
    expect(failed.status).toBe(503);
    expect(errorEnvelopeSchema.parse(await failed.json()).error.code).toBe("unavailable");
    let state = await view();
    expect(state.sources[0]).toMatchObject({
      status: "crawled",
      last_error: expect.stringContaining("HTTP 503"),
    });

    // QStash's retry carries the same message id: the claim was released, so the handler runs again.
    parser.mode = "ok";
    const retried = await harness.deliver(crawlResult(URL_A, words(10)), {
      messageId: "msg_retry",
      retried: 1,
    });
    expect(retried.status).toBe(200);
    await harness.deliver(parsedOutcome());
    state = await view();
    expect(state.sources[0]).toMatchObject({ status: "parsed", chunks: 1 });
  });

  it("a parser that never answers is cut off at the deadline → 503", async () => {
    parser.mode = "hang";
    const response = await harness.deliver(crawlResult(URL_A, words(10)));
    expect(response.status).toBe(503);
    const state = await view();
    expect(state.sources[0].last_error).toContain("no answer within 300 ms");
  });

  it("holds the delivery's claim for just over QStash's 30 s attempt timeout while the handler runs", async () => {
    parser.mode = "hang";
    const pending = harness.deliver(crawlResult(URL_A, words(10)), { messageId: "msg_inflight" });
    // Readiness poll: the claim appears as soon as the delivery is verified.
    const ttl = await waitUntil(
      async () => {
        const left = await harness.redis.ttl("qstash:delivery:msg_inflight");
        return left >= 0 && left;
      },
      { what: "the delivery's claim", intervalMs: 5, timeoutMs: 5_000 },
    );
    expect(ttl).toBeGreaterThan(30);
    expect(ttl).toBeLessThanOrEqual(35);
    expect((await pending).status).toBe(503);
    expect(await harness.redis.exists("qstash:delivery:msg_inflight")).toBe(0);
  });

  it("an unreachable parser → 503; on QStash's last attempt the URL is marked failed", async () => {
    const down = createHarness({ parserUrl: `http://127.0.0.1:${await freePort()}` });
    try {
      const first = await down.deliver(crawlResult(URL_A, words(10)), { retried: 0 });
      expect(first.status).toBe(503);
      const last = await down.deliver(crawlResult(URL_A, words(10)), { retried: 3 });
      expect(last.status).toBe(503);
      const state = await (
        await down.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)
      ).json();
      expect(state.sources[0]).toMatchObject({
        status: "failed",
        reason: expect.stringContaining("after 4 attempts"),
      });
    } finally {
      await down.close();
    }
  });

  it("a late crawl.failed does not hide a parsed page", async () => {
    await harness.deliver(crawlResult(URL_A, words(10)));
    await harness.deliver(parsedOutcome());
    await harness.deliver(crawlFailed(URL_A, "HTTP 500 on re-crawl", 500));
    const state = await view();
    expect(state.sources[0]).toMatchObject({ status: "parsed", last_error: "HTTP 500 on re-crawl" });
    expect(state.failures).toEqual([]);
  });
});

describe("concept.validate → validator", () => {
  const validate = {
    type: "concept.validate",
    concept_id: CONCEPT_ID,
    concept: "golden cross on the S&P 500",
  };

  it("calls POST /backtest with {concept_id, concept, strategy} and stores the report", async () => {
    const strategy = { name: "sma_crossover", params: { fast: 50, slow: 200 } };
    const response = await harness.deliver({ ...validate, strategy });
    expect(response.status).toBe(200);
    expect(JSON.parse(validator.requests[0]?.body ?? "{}")).toEqual({
      concept_id: CONCEPT_ID,
      concept: validate.concept,
      strategy,
    });
    const state = await view();
    expect(state.validation).toMatchObject({
      status: "completed",
      strategy,
      report: { strategy: "sma_crossover", results: [{ symbol: "SPY", total_return: 0.12 }] },
    });
  });

  it("stores the job id of a 202", async () => {
    validator.mode = "accepted";
    await harness.deliver(validate);
    expect((await view()).validation).toMatchObject({ status: "running", job_id: "job_1" });
  });

  it("validator 4xx → 489 and the validation failed with the reason", async () => {
    validator.mode = "refuse";
    const response = await harness.deliver(validate);
    expect(response.status).toBe(489);
    expect((await view()).validation).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("unknown strategy"),
    });
  });

  it("validator 5xx → 503 and the request stays recorded", async () => {
    validator.mode = "unavailable";
    const response = await harness.deliver(validate);
    expect(response.status).toBe(503);
    expect((await view()).validation).toMatchObject({
      status: "requested",
      last_error: expect.stringContaining("503"),
    });
  });
});
