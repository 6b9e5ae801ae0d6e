import { createLogger, listen, type RunningServer } from "@qp/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConceptStore } from "../../services/orchestrator/src/store/concept-store.ts";
import { createValidationSweeper } from "../../services/orchestrator/src/validation-job.ts";
import { CONCEPT_ID, createHarness, type Harness } from "../../services/orchestrator/test/support/harness.ts";
import { createEngines } from "../../services/validator/src/engine/select.ts";
import { createJobNotifier, type JobEndNotifier } from "../../services/validator/src/job-callback.ts";
import { testApp } from "../../services/validator/test/helpers.ts";

interface View {
  status: string;
  reasons: string[];
  validation: { status: string; job_id?: string; reason?: string; report?: { runs: unknown[] } };
}

async function readView(h: Harness): Promise<View> {
  const response = await h.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`);
  expect(response.status).toBe(200);
  return (await response.json()) as View;
}

/** The sweeper main.ts runs on a timer, over the harness's Redis; tests call runOnce with a chosen clock. */
function sweeperOf(h: Harness) {
  return createValidationSweeper({
    redis: h.redis,
    logger: h.logger,
    store: createConceptStore(h.redis, h.logger),
    config: h.config,
    intervalMs: 60_000,
    checkAfterMs: 60_000,
  });
}

const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
let validator: RunningServer;
let harness: Harness;

/**
 * The real validator app (its engines and data/market), reached over HTTP on loopback as in production;
 * `maxSyncBarSets: 1` makes every back-test a job (202).
 */
function validatorApp(maxSyncBarSets = 10_000_000, onJobEnd?: JobEndNotifier) {
  return testApp(engines, { maxSyncBarSets, ...(onJobEnd ? { onJobEnd } : {}) });
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

  it("a job (202) is settled by the validator's callback when it ends", async () => {
    // The orchestrator listens on loopback so the validator can call it back, with a service token.
    const token = "service-token-for-tests-0123456789";
    const jobHarness = createHarness({ validatorTimeoutMs: 60_000, serviceToken: token });
    const orchestrator = await listen(jobHarness.app.fetch, { port: 0, hostname: "127.0.0.1" });
    const notifier = createJobNotifier({
      orchestratorUrl: orchestrator.url,
      serviceToken: token,
      logger: createLogger({ service: "validator-test", level: "silent" }),
      baseDelayMs: 50,
    });
    const app = validatorApp(1, notifier);
    const jobValidator = await listen(app.fetch, { port: 0, hostname: "127.0.0.1" });
    jobHarness.config.validatorUrl = jobValidator.url;
    try {
      const response = await jobHarness.deliver(goldenCross);
      expect(await response.json()).toMatchObject({ result: { status: "running" } });
      let view = await readView(jobHarness);
      const deadline = Date.now() + 60_000;
      while (view.validation.status === "running" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        view = await readView(jobHarness);
      }
      expect(view.validation.status).toBe("completed");
      expect(view.validation.job_id).toEqual(expect.any(String));
      expect(view.validation.report?.runs[0]).toMatchObject({ symbol: "SPY", strategy: "sma_crossover" });
      // No URLs were posted for this concept: the back-test is there, the sources are not.
      expect(view.status).toBe("partial");
      expect(view.reasons[0]).toMatch(/^no sources/);
      // Settled, it leaves the sweeper's index.
      expect(await jobHarness.redis.zscore("validations:running", CONCEPT_ID)).toBeNull();
    } finally {
      await app.jobs.idle();
      await jobHarness.close();
      await orchestrator.close();
      await jobValidator.close();
    }
  });

  it("without a callback, reads leave a finished job running; the sweeper settles it", async () => {
    const app = validatorApp(1);
    const jobValidator = await listen(app.fetch, { port: 0, hostname: "127.0.0.1" });
    const jobHarness = createHarness({ validatorUrl: jobValidator.url, validatorTimeoutMs: 60_000 });
    try {
      expect(await (await jobHarness.deliver(goldenCross)).json()).toMatchObject({
        result: { status: "running" },
      });
      await app.jobs.idle();
      // The job is done at the validator, but a read is only a read.
      for (let i = 0; i < 3; i++) {
        const view = await readView(jobHarness);
        expect(view.validation.status).toBe("running");
        expect(view.status).toBe("validating");
      }
      const sweeper = sweeperOf(jobHarness);
      // Not yet due: a job younger than checkAfterMs is left alone.
      expect(await sweeper.runOnce(Date.now() - 120_000)).toEqual([]);
      expect(await sweeper.runOnce(Date.now() + 120_000)).toEqual([
        { concept_id: CONCEPT_ID, outcome: "settled" },
      ]);
      const view = await readView(jobHarness);
      expect(view.validation.status).toBe("completed");
      expect(view.validation.report?.runs[0]).toMatchObject({ symbol: "SPY" });
      expect(await sweeper.runOnce(Date.now() + 240_000)).toEqual([]);
    } finally {
      await jobHarness.close();
      await jobValidator.close();
    }
  });

  it("a job the validator no longer knows (it restarted) ends failed with what to do, found by the sweeper", async () => {
    const first = await listen(validatorApp(1).fetch, { port: 0, hostname: "127.0.0.1" });
    const jobHarness = createHarness({ validatorUrl: first.url, validatorTimeoutMs: 60_000 });
    let restarted: RunningServer | undefined;
    try {
      const response = await jobHarness.deliver(goldenCross);
      expect(await response.json()).toMatchObject({ result: { status: "running" } });
      // The validator restarts on the same port: its jobs lived in memory, so it has never heard of this one.
      await first.close();
      restarted = await listen(validatorApp().fetch, { port: first.port, hostname: "127.0.0.1" });
      expect((await readView(jobHarness)).validation.status).toBe("running");
      expect(await sweeperOf(jobHarness).runOnce(Date.now() + 120_000)).toEqual([
        { concept_id: CONCEPT_ID, outcome: "settled" },
      ]);
      const view = await readView(jobHarness);
      expect(view.validation).toMatchObject({
        status: "failed",
        reason: expect.stringContaining("post the concept again"),
      });
      expect(view.status).toBe("failed");
      expect(view.reasons[0]).toMatch(/^back-test failed: the validator no longer has job/);
    } finally {
      await jobHarness.close();
      await restarted?.close();
    }
  });
});

describe("POST /api/validations/settle", () => {
  const token = "service-token-for-tests-0123456789";
  const settle = (h: Harness, body: unknown, auth = `Bearer ${token}`) =>
    h.app.request("http://orchestrator.test/api/validations/settle", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: auth },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("requires the service token when one is set, validates the body, and 409s a job it has not recorded", async () => {
    const h = createHarness({ serviceToken: token });
    try {
      const body = { concept_id: CONCEPT_ID, job_id: "0f0e0d0c-job" };
      expect((await settle(h, body, "Bearer wrong-token-wrong-token-00")).status).toBe(401);
      expect((await settle(h, body, "")).status).toBe(401);
      const bad = await settle(h, { concept_id: "nope", job_id: "x", extra: 1 });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
      expect((await settle(h, "{not json")).status).toBe(400);
      const unknown = await settle(h, body);
      expect(unknown.status).toBe(409);
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("job_not_recorded");
    } finally {
      await h.close();
    }
  });
});
