import { MAX_GRID_SETS } from "@qp/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONCEPT_ID, createHarness, type Harness } from "./support/harness.ts";
import { startValidatorStandIn, type ValidatorStandIn } from "./support/validator-stand-in.ts";

/**
 * Issue 12: the orchestrator forwarded a concept's `strategy` unchanged, so one signed concept.validate with a
 * 1000×1000×1000 grid (and each of its retries) made the validator expand 10⁹ parameter sets. The orchestrator
 * now counts the grid with the shared limit and refuses the message for good before calling anyone.
 */
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const hostile = {
  type: "concept.validate",
  concept_id: CONCEPT_ID,
  concept: "macd crossover on SPY",
  strategy: { name: "macd", grid: { fast: range(1000), slow: range(1000), signal: range(1000) } },
} as const;

let validator: ValidatorStandIn;
let harness: Harness;
beforeAll(async () => {
  validator = await startValidatorStandIn();
  harness = createHarness({ validatorUrl: validator.url });
});
afterAll(async () => {
  await harness?.close();
  await validator?.close();
});

const view = async () =>
  (await (await harness.app.request(`http://orchestrator.test/api/concepts/${CONCEPT_ID}`)).json()) as {
    validation: { status: string; reason?: string; strategy?: Record<string, unknown> };
  };

describe("concept.validate with a grid over the limit", () => {
  it("is a permanent refusal (489, never retried), the validation failed with the count and the limit", async () => {
    const response = await harness.deliver(hostile, { messageId: "msg_grid_1" });
    expect(response.status).toBe(489);
    expect(response.headers.get("upstash-nonretryable-error")).toBe("true");
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "non_retryable", requestId: expect.any(String) });
    expect(body.error.message).toContain("1,000,000,000 parameter sets");
    const { validation } = await view();
    expect(validation.status).toBe("failed");
    expect(validation.reason).toContain("1,000,000,000 parameter sets");
    expect(validation.reason).toContain(MAX_GRID_SETS.toLocaleString("en"));
    expect(validation.strategy).toEqual({ name: "macd" });
    expect(validator.requests.filter((r) => r.path === "/backtest")).toHaveLength(0);
  });

  it("a retry of the same signed message is refused the same way and still never reaches the validator", async () => {
    for (const retried of [1, 2, 3]) {
      const response = await harness.deliver(hostile, { messageId: "msg_grid_1", retried });
      expect(response.status).toBe(489);
    }
    expect((await view()).validation.status).toBe("failed");
    expect(validator.requests.filter((r) => r.path === "/backtest")).toHaveLength(0);
  });

  it("a grid within the limit is still forwarded", async () => {
    const response = await harness.deliver({
      ...hostile,
      strategy: { name: "macd", grid: { fast: [8, 12], slow: [26], signal: [9] } },
    });
    expect(response.status).toBe(200);
    expect(validator.requests.filter((r) => r.path === "/backtest")).toHaveLength(1);
  });
});
