import { createLogger, listen, type RunningServer } from "@qp/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The real validator service (H6's app, engines and the shared market data), reached over HTTP on loopback
// as in production.
import { createApp as createValidatorApp } from "../../validator/src/app.ts";
import { MarketIndex } from "../../validator/src/data/market-index.ts";
import { createMarketSource } from "../../validator/src/data/source.ts";
import { createEngines } from "../../validator/src/engine/select.ts";
import { MARKET_DIR } from "../../validator/test/helpers.ts";
import { CONCEPT_ID, createHarness, type Harness } from "./support/harness.ts";

const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
let validator: RunningServer;
let harness: Harness;

beforeAll(async () => {
  const app = createValidatorApp({
    logger: createLogger({ service: "validator-test", level: "silent" }),
    engines,
    market: createMarketSource(new MarketIndex(MARKET_DIR)),
    defaultSymbols: ["SPY"],
    maxSyncBarSets: 10_000_000,
    maxJobBarSets: 200_000_000,
  });
  validator = await listen(app.fetch, { port: 0, hostname: "127.0.0.1" });
  harness = createHarness({ validatorUrl: validator.url, validatorTimeoutMs: 60_000 });
});
afterAll(async () => {
  await harness?.close();
  await validator?.close();
  await engines.close();
});

describe("concept.validate through the real validator", () => {
  it("back-tests the concept and stores the report under it", async () => {
    const response = await harness.deliver({
      type: "concept.validate",
      concept_id: CONCEPT_ID,
      concept: "golden cross on SPY",
      strategy: { name: "sma_crossover", params: { fast: 50, slow: 200 } },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: { status: "completed" } });
    const view = await (
      await harness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)
    ).json();
    expect(view.validation.status).toBe("completed");
    expect(view.validation.report.runs[0]).toMatchObject({ symbol: "SPY", strategy: "sma_crossover" });
  });

  it("a strategy the validator refuses → 489 and the validation failed with its reason", async () => {
    const response = await harness.deliver({
      type: "concept.validate",
      concept_id: CONCEPT_ID,
      concept: "golden cross on SPY",
      strategy: { name: "sma_crossover", params: { fast: 200, slow: 50, bogus: 3 } },
    });
    expect(response.status).toBe(489);
    const view = await (
      await harness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)
    ).json();
    expect(view.validation).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("validator refused"),
    });
  });
});
