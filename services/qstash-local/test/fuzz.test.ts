import { type Sink, startSink } from "@qp/testing";
import {
  bearerAuth,
  bodyArbitrary,
  FUZZ_RUNS,
  fc,
  fuzzEndpoint,
  headerValue,
  requestArbitrary,
  requestInit,
} from "@qp/testing/fuzz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/server.ts";

/**
 * Issue 12 fuzzing of qstash-local's `/v2/*` API, over HTTP on loopback (the real server, its SQLite store and
 * its scheduler delivering to a local sink): publish, enqueue, batch, messages, DLQ, queues, events, keys.
 * Every destination and callback is a loopback URL or not a URL at all: nothing leaves this machine.
 * qstash-local answers errors in QStash's own `{"error": "..."}` shape (the official client reads it), so that
 * is the envelope checked here; its Bearer token is enforced, so the unauthenticated slice must get 401.
 */
let qstash: QstashLocal;
let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
  qstash = await startQstashLocal({ timeScale: 0.001 });
});
afterAll(async () => {
  await qstash?.close();
  await sink?.close();
});

const AUTH = () => bearerAuth(qstash.token, true);
const isQstashError = (body: unknown) => typeof (body as { error?: unknown } | null)?.error === "string";

const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/),
  fc.string({ maxLength: 30 }).map((text) => encodeURIComponent(text)),
  // No bare dot segments: fetch would resolve "/v2/.." out of the API, which is not what is being tested.
  fc.constantFrom("a..b", "%00", "%252e%252e", "a%2Fb", `msg_${"9".repeat(40)}`),
);
/** Loopback destinations only (the sink, or a closed port), or text that is no http URL. */
const destination = () =>
  fc.oneof(
    { weight: 4, arbitrary: segment.map((path) => `${sink.url}/${path}`) },
    { weight: 1, arbitrary: segment.map((path) => `http://127.0.0.1:9/${path}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("ftp://127.0.0.1/x", "javascript:alert(1)", "", "group-name", "http://"),
    },
  );
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        "fromDate",
        "toDate",
        "count",
        "cursor",
        "messageId",
        "url",
        "queueName",
        "state",
        "qstash_token",
      ),
      headerValue,
    ),
    { maxLength: 3 },
  )
  .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ""));

const target = () =>
  fc.oneof(
    { weight: 6, arbitrary: destination().map((to) => ({ method: "POST", path: `/v2/publish/${to}` })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(segment, destination())
        .map(([queue, to]) => ({ method: "POST", path: `/v2/enqueue/${queue}/${to}` })),
    },
    { weight: 2, arbitrary: fc.constant({ method: "POST", path: "/v2/batch" }) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom("GET", "DELETE"), fc.constantFrom("messages", "dlq", "queues"), segment, query)
        .map(([method, kind, id, q]) => ({ method, path: `/v2/${kind}/${id}${q}` })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom("/v2/dlq", "/v2/events", "/v2/queues", "/v2/keys", "/v2/messages"), query)
        .map(([path, q]) => ({ method: "GET", path: `${path}${q}` })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom("DELETE /v2/dlq", "DELETE /v2/messages", "POST /v2/dlq/retry", "POST /v2/queues"),
          query,
        )
        .map(([route, q]) => {
          const [method, path] = route.split(" ") as [string, string];
          return { method, path: `${path}${q}` };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(segment, fc.constantFrom("pause", "resume"))
        .map(([name, action]) => ({ method: "POST", path: `/v2/queues/${name}/${action}` })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), segment)
        .map(([method, path]) => ({ method, path: `/v2/${path}` })),
    },
  );

/** Upstash-* headers with hostile values; callbacks are loopback or not URLs. */
const upstashHeaders = () =>
  fc
    .array(
      fc.oneof(
        fc.tuple(
          fc.constantFrom(
            "upstash-delay",
            "upstash-retries",
            "upstash-retry-delay",
            "upstash-timeout",
            "upstash-method",
            "upstash-not-before",
            "upstash-deduplication-id",
            "upstash-content-based-deduplication",
            "upstash-label",
            "upstash-flow-control-key",
            "upstash-flow-control-value",
            "upstash-forward-x-test",
            "upstash-callback-x",
            "content-type",
          ),
          fc.oneof(
            headerValue,
            fc.constantFrom(
              "10s",
              "99999999d",
              "-1s",
              "1h",
              "0",
              "5",
              "101",
              "POST",
              "GET",
              "true",
              "pow(2, retried) * 1000",
            ),
          ),
        ),
        fc.tuple(fc.constantFrom("upstash-callback", "upstash-failure-callback"), destination()),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => Object.fromEntries(pairs));

const batchBody = () =>
  fc.array(
    fc.record(
      {
        destination: destination(),
        body: fc.string({ maxLength: 50 }),
        headers: fc.dictionary(
          fc.constantFrom("Upstash-Delay", "Upstash-Retries", "Content-Type"),
          headerValue,
          { maxKeys: 2 },
        ),
      },
      { requiredKeys: ["destination"] },
    ),
    { maxLength: 4 },
  );

describe("fuzz qstash-local /v2/*", () => {
  it(`${FUZZ_RUNS} generated requests over the v2 API: no 5xx, every 4xx {"error": "..."}, heap flat`, async () => {
    const auth = AUTH();
    const body = fc.oneof(
      bodyArbitrary(fc.record({ concept: fc.string({ maxLength: 40 }), n: fc.integer() })),
      batchBody().map((items) => JSON.stringify(items)),
    );
    const report = await fuzzEndpoint({
      name: "qstash-local /v2",
      auth,
      envelope: isQstashError,
      arbitrary: requestArbitrary(body, upstashHeaders(), target()),
      send: async (request) => fetch(`${qstash.url}${request.path}`, requestInit(request, auth)),
    });
    console.log(`qstash-local /v2 fuzz: ${JSON.stringify(report)}`);
    expect(report.statuses[201] ?? report.statuses[200] ?? 0).toBeGreaterThan(0);
    expect(report.statuses[400] ?? 0).toBeGreaterThan(0);
    expect(report.statuses[401] ?? 0).toBeGreaterThan(0);
    expect(report.heapGrowth as number).toBeLessThan(48 * 1024 * 1024);
    // Still serving: the health check answers after the storm.
    expect((await fetch(`${qstash.url}/health`)).status).toBe(200);
  }, 300_000);
});
