import { strategyNameSchema } from "@qp/schema";
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
import { afterAll, describe, expect, it } from "vitest";
import { createEngines } from "../src/engine/select.ts";
import { testApp } from "./helpers.ts";

/**
 * Issue 12 fuzzing: generated bodies and headers against the real validator app (real engines, real market
 * data), in process. The app requires SERVICE_TOKEN; unauthenticated requests must get the 401 envelope.
 */
const SERVICE_TOKEN = "fuzz-service-token-0123456789";
const AUTH = bearerAuth(SERVICE_TOKEN, true);

const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
afterAll(() => engines.close());
const app = testApp(engines, { serviceToken: SERVICE_TOKEN });

const window = fc.integer({ min: 1, max: 300 });
/**
 * Bodies the validator should accept or refuse on their merits: small sweeps on generated series (a CSV load
 * costs ~100 ms a request here, which 10,000 runs cannot afford; app.test.ts covers market data).
 */
const validBacktest = fc.record(
  {
    strategy: fc.record(
      {
        name: fc.constantFrom(...strategyNameSchema.options),
        params: fc.dictionary(fc.constantFrom("fast", "slow", "window", "signal", "lookback"), window, {
          maxKeys: 2,
        }),
        grid: fc.dictionary(
          fc.constantFrom("fast", "slow", "window"),
          fc.array(window, { minLength: 1, maxLength: 3 }),
          {
            maxKeys: 2,
          },
        ),
      },
      { requiredKeys: ["name"] },
    ),
    concept: fc.string({ minLength: 0, maxLength: 80 }),
    symbols: fc.array(fc.constantFrom("SPY", "GOOG", "AAPL", "NOPE", "spy", "../etc"), {
      minLength: 1,
      maxLength: 2,
    }),
    synthetic_seed: fc.integer({ min: 0, max: 1000 }),
    fees: fc.double({ min: 0, max: 0.2, noNaN: true }),
    engine: fc.constantFrom("auto", "native"),
    store: fc.constant(false),
  },
  { requiredKeys: ["store", "synthetic_seed"] },
);

describe("fuzz POST /backtest", () => {
  it(`${FUZZ_RUNS} generated bodies and headers: no 5xx, every 4xx an envelope, heap flat`, async () => {
    const report = await fuzzEndpoint({
      name: "POST /backtest",
      auth: AUTH,
      arbitrary: requestArbitrary(
        bodyArbitrary(validBacktest, { validWeight: 1, keep: ["synthetic_seed", "store"] }),
        headersArbitrary(["authorization"]),
      ),
      send: (request) => app.request("/backtest", requestInit(request, AUTH)),
    });
    console.log(`validator /backtest fuzz: ${JSON.stringify(report)}`);
    // The generator reaches both sides: back-tests that ran and refusals.
    expect(report.statuses[200] ?? 0).toBeGreaterThan(0);
    expect(report.statuses[400] ?? 0).toBeGreaterThan(0);
    expect(report.heapGrowth).not.toBeNull();
    expect(report.heapGrowth as number).toBeLessThan(48 * 1024 * 1024);
  }, 300_000);
});
