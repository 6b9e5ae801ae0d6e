import { signedHeaders } from "@qp/messaging/testing";
import {
  bodyArbitrary,
  FUZZ_RUNS,
  type FuzzAuth,
  type FuzzRequest,
  fc,
  fuzzEndpoint,
  headerValue,
  requestArbitrary,
} from "@qp/testing/fuzz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CURRENT_KEY, createHarness, ENDPOINT, type Harness, NEXT_KEY } from "./support/harness.ts";

/**
 * Issue 12 fuzzing of `POST /api/qstash` in process against the real app and Redis. "Authenticated" here means
 * a valid Upstash-Signature over the fuzzed body (signed per request); the unauthenticated slice has none, a
 * forged one or one for another body, and must be refused with 401. Valid messages are those whose handlers
 * need only Redis (concept.url, crawl.failed) and concept.validate with a grid over the limit, which is refused
 * before any downstream call; crawl.result and other concept.validate messages reach the parser and validator,
 * which tests/pairs/orchestrator-real-{parser,validator}.test.ts cover (here no downstream runs, so they would
 * be 503 by design).
 */
const AUTH: FuzzAuth = { headers: {}, required: true };

let harness: Harness;
beforeAll(() => {
  harness = createHarness({});
});
afterAll(async () => {
  await harness?.close();
});

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const concept = fc.string({ minLength: 3, maxLength: 60 }).filter((text) => text.trim().length >= 3);
const url = fc.webUrl({ validSchemes: ["https", "http"] });
const timestamp = fc
  .date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
  .map((d) => d.toISOString());

const validMessage = fc.oneof(
  fc.record({
    type: fc.constant("concept.url"),
    concept_id: hex(24),
    concept,
    url,
    discovered_by: fc.constantFrom("wikipedia", "arxiv", "tavily", "fixtures"),
  }),
  fc.record(
    {
      type: fc.constant("crawl.failed"),
      id: hex(32),
      concept_id: hex(24),
      concept,
      url,
      reason: fc.string({ minLength: 1, maxLength: 100 }),
      status_code: fc.integer({ min: 100, max: 599 }),
      timestamp,
      retry_count: fc.integer({ min: 0, max: 100 }),
    },
    { requiredKeys: ["type", "id", "concept_id", "concept", "url", "reason", "timestamp"] },
  ),
  fc.record({
    type: fc.constant("concept.validate"),
    concept_id: hex(24),
    concept,
    strategy: fc.record({
      name: fc.constant("macd"),
      grid: fc.record({
        fast: fc.constant(Array.from({ length: 100 }, (_, i) => i + 1)),
        slow: fc.constant(Array.from({ length: 100 }, (_, i) => i + 2)),
        signal: fc.constant(Array.from({ length: 11 }, (_, i) => i + 1)),
      }),
    }),
  }),
);

const deliveryHeaders = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        "upstash-message-id",
        "upstash-retried",
        "upstash-retries",
        "content-type",
        "user-agent",
        "upstash-signature",
      ),
      fc.oneof(
        headerValue,
        fc.constantFrom("msg_1", "0", "3", "5", "-1", "99999999999", "eyJhbGciOiJIUzI1NiJ9.e30.x"),
      ),
    ),
    { maxLength: 3 },
  )
  .map((pairs) => Object.fromEntries(pairs));

/** The signature a real QStash would send for this body (the authenticated slice), or a broken one. */
function deliveryHeadersFor(request: FuzzRequest, counter: number): Record<string, string> {
  const body = request.body ?? "";
  const signed = signedHeaders(body, {
    key: counter % 7 === 0 ? NEXT_KEY : CURRENT_KEY,
    url: ENDPOINT,
    messageId: `msg_fuzz_${counter}`,
  });
  if (request.authenticated) {
    // Fuzzed headers may override everything but the signature (that would make it unauthenticated).
    const { "upstash-signature": _forged, ...rest } = request.headers;
    return { ...signed, ...rest };
  }
  const broken = [
    () => {
      const { "upstash-signature": _dropped, ...rest } = signed;
      return rest;
    },
    () => ({
      ...signed,
      "upstash-signature": signedHeaders(`${body} `, { key: CURRENT_KEY, url: ENDPOINT })[
        "upstash-signature"
      ] as string,
    }),
    () => ({
      ...signed,
      "upstash-signature": signedHeaders(body, { key: "sig_wrong", url: ENDPOINT })[
        "upstash-signature"
      ] as string,
    }),
    () => ({
      ...signed,
      "upstash-signature": signedHeaders(body, { key: CURRENT_KEY, url: "http://elsewhere.test/api/qstash" })[
        "upstash-signature"
      ] as string,
    }),
  ];
  return { ...request.headers, ...(broken[counter % broken.length]?.() ?? {}) };
}

describe("fuzz POST /api/qstash", () => {
  it(`${FUZZ_RUNS} generated deliveries: no 5xx, every 4xx an envelope, unsigned ones 401, heap flat`, async () => {
    let counter = 0;
    const report = await fuzzEndpoint({
      name: "POST /api/qstash",
      auth: AUTH,
      arbitrary: requestArbitrary(
        bodyArbitrary(validMessage, { validWeight: 6, keep: ["type", "strategy"] }),
        deliveryHeaders,
      ),
      send: (request) => {
        counter += 1;
        return harness.app.request(ENDPOINT, {
          method: "POST",
          headers: deliveryHeadersFor(request, counter),
          ...(request.body === undefined ? {} : { body: request.body }),
        });
      },
    });
    console.log(`orchestrator /api/qstash fuzz: ${JSON.stringify(report)}`);
    expect(report.statuses[200] ?? 0).toBeGreaterThan(0);
    expect(report.statuses[489] ?? 0).toBeGreaterThan(0);
    expect(report.statuses[401] ?? 0).toBeGreaterThan(0);
    expect(report.heapGrowth as number).toBeLessThan(48 * 1024 * 1024);
  }, 300_000);
});
