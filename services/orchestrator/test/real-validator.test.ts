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

/** The real validator app; `maxSyncBarSets: 1` makes every back-test a job (202). */
function validatorApp(maxSyncBarSets = 10_000_000) {
  return createValidatorApp({
    logger: createLogger({ service: "validator-test", level: "silent" }),
    engines,
    market: createMarketSource(new MarketIndex(MARKET_DIR)),
    defaultSymbols: ["SPY"],
    maxSyncBarSets,
    maxJobBarSets: 200_000_000,
  });
}

const goldenCross = {
  type: "concept.validate",
  concept_id: CONCEPT_ID,
  concept: "golden cross on SPY",
  strategy: { name: "sma_crossover", params: { fast: 50, slow: 200 } },
} as const;

beforeAll(async () => {
  validator = await listen(validatorApp().fetch, { port: 0, hostname: "127.0.0.1" });
  harness = createHarness({ validatorUrl: validator.url, validatorTimeoutMs: 60_000 });
});
afterAll(async () => {
  await harness?.close();
  await validator?.close();
  await engines.close();
});

describe("concept.validate through the real validator", () => {
  it("back-tests the concept and stores the report under it", async () => {
    const response = await harness.deliver(goldenCross);
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

  it("a sweep the validator runs as a job (202) is settled into the report when the concept is read", async () => {
    // The same real validator, with a synchronous budget so small that every back-test becomes a job.
    const jobValidator = await listen(validatorApp(1).fetch, { port: 0, hostname: "127.0.0.1" });
    const jobHarness = createHarness({ validatorUrl: jobValidator.url, validatorTimeoutMs: 60_000 });
    try {
      const response = await jobHarness.deliver(goldenCross);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ result: { status: "running" } });
      const read = async () =>
        (await (
          await jobHarness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)
        ).json()) as {
          validation: { status: string; job_id?: string; report?: { runs: unknown[] } };
        };
      let view = await read();
      const deadline = Date.now() + 30_000;
      while (view.validation.status === "running" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        view = await read();
      }
      expect(view.validation.status).toBe("completed");
      expect(view.validation.job_id).toEqual(expect.any(String));
      expect(view.validation.report?.runs[0]).toMatchObject({ symbol: "SPY", strategy: "sma_crossover" });
    } finally {
      await jobHarness.close();
      await jobValidator.close();
    }
  });

  it("a job the validator no longer knows (it restarted) is marked failed with what to do", async () => {
    const first = await listen(validatorApp(1).fetch, { port: 0, hostname: "127.0.0.1" });
    const jobHarness = createHarness({ validatorUrl: first.url, validatorTimeoutMs: 60_000 });
    let restarted: RunningServer | undefined;
    try {
      const response = await jobHarness.deliver(goldenCross);
      expect(await response.json()).toMatchObject({ result: { status: "running" } });
      // The validator restarts on the same port: its jobs lived in memory, so it has never heard of this one.
      await first.close();
      restarted = await listen(validatorApp().fetch, { port: first.port, hostname: "127.0.0.1" });
      const view = (await (
        await jobHarness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)
      ).json()) as { validation: { status: string; reason?: string } };
      expect(view.validation).toMatchObject({
        status: "failed",
        reason: expect.stringContaining("post the concept again"),
      });
    } finally {
      await jobHarness.close();
      await restarted?.close();
    }
  });
});
