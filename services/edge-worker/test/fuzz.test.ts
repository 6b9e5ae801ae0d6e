import {
  bearerAuth,
  bodyArbitrary,
  FUZZ_RUNS,
  fc,
  fuzzEndpoint,
  headersArbitrary,
  requestArbitrary,
  requestInit,
} from "@qp/testing/fuzz";
import { describe, expect, inject, it } from "vitest";
import { API_KEY, freshIp, request } from "./helpers.ts";

/**
 * Issue 12 fuzzing of the edge `POST /` inside workerd (the Worker's own fetch handler, the test bindings, the
 * fake providers and the real qstash-local from global-setup). EDGE_API_KEY is set, so the unauthenticated
 * slice must be a 401 envelope. Each request comes from its own client address (its own rate-limit bucket).
 * The heap is not measured here: workerd gives no heap figure to the code it runs.
 */
const AUTH = bearerAuth(API_KEY, true);

// A few concepts, so the Cache API and QStash's deduplication answer repeats cheaply.
const validConcept = fc.record({
  concept: fc.constantFrom("golden cross", "RSI mean reversion", "momentum on SPY", "  Golden   CROSS  "),
});

describe.skipIf(!inject("qstashUrl"))("fuzz POST / (edge worker in workerd)", () => {
  it(`${FUZZ_RUNS} generated bodies and headers: no 5xx, every 4xx an envelope, 401 without the key`, async () => {
    const report = await fuzzEndpoint({
      name: "edge POST /",
      auth: AUTH,
      arbitrary: requestArbitrary(
        bodyArbitrary(validConcept, { validWeight: 1 }),
        headersArbitrary(["authorization", "content-length"]),
      ),
      send: (fuzzed) =>
        request(
          new Request(
            "https://edge.qstash-pipeline.test/",
            requestInit(fuzzed, AUTH, { headers: { "cf-connecting-ip": freshIp() } }),
          ),
        ),
    });
    console.log(`edge POST / fuzz: ${JSON.stringify(report)}`);
    expect(report.statuses[202] ?? 0).toBeGreaterThan(0);
    expect(report.statuses[400] ?? 0).toBeGreaterThan(0);
    expect(report.statuses[401] ?? 0).toBeGreaterThan(0);
  }, 600_000);
});
