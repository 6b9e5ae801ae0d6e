import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VectorStore } from "@qp/vector-store";
import { afterAll, describe, expect, it } from "vitest";
import { createEngines } from "../src/engine/select.ts";
import { testApp } from "./helpers.ts";

// Every rule is strategy "rule": the id must carry the rule's text, or two rules with the same parameters,
// data and costs share an id and the second overwrites the first in the Backtest collection.
const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
let store: VectorStore | undefined;
let skipReason = "";
try {
  const vs = await import("@qp/vector-store");
  store = vs.createVectorStore(
    vs.vectorStoreEnvSchema.parse({ VECTOR_DB_PATH: mkdtempSync(join(tmpdir(), "validator-pid-")) }),
  );
  await store.init();
} catch (error) {
  skipReason = `@qp/vector-store unavailable (${(error as Error).message})`;
  console.warn(`portfolio-id test skipped: ${skipReason}`);
}
afterAll(async () => {
  await engines.close();
  await store?.close();
});

const app = testApp(engines, { ...(store ? { sink: store } : {}) });
const CONCEPT_ID = "0123456789abcdef0123abcd";
const run = async (entry: string, exit: string, extra: object = {}) => {
  const res = await app.request("/backtest", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      concept_id: CONCEPT_ID,
      strategy: { entry, exit, params: { n: 50 } },
      symbols: ["GOOG"],
      fees: 0.001,
      ...extra,
    }),
  });
  expect(res.status).toBe(200);
  return await res.json();
};

describe.skipIf(!store)("portfolio_id of rules", () => {
  it("two rules with the same params get two ids and both are kept; the same rule again is idempotent", async () => {
    const sma = await run("close > sma({n})", "close < sma({n})");
    const ema = await run("close > ema({n})", "close < ema({n})");
    expect(sma.stored).toEqual({ written: 3 });
    const [a, b] = [sma.runs[0], ema.runs[0]];
    expect(a.best.params).toEqual(b.best.params);
    expect(a.best.total_return).not.toBe(b.best.total_return);
    expect(a.best.portfolio_id).not.toBe(b.best.portfolio_id);
    expect(a.walk_forward.out_of_sample.portfolio_id).not.toBe(b.walk_forward.out_of_sample.portfolio_id);
    // The benchmark (buy and hold on the same bars) is one portfolio: best + oos of each rule + one benchmark.
    expect(a.benchmark.portfolio_id).toBe(b.benchmark.portfolio_id);
    expect(await store!.countBacktests({ conceptId: CONCEPT_ID })).toBe(5);
    const kept = new Map(
      (await store!.listBacktests({ conceptId: CONCEPT_ID, limit: 20 })).map((r) => [r.portfolio_id, r]),
    );
    expect(kept.get(a.best.portfolio_id)?.total_return).toBeCloseTo(a.best.total_return, 12);
    expect(kept.get(b.best.portfolio_id)?.total_return).toBeCloseTo(b.best.total_return, 12);

    // The same rule, spaced and cased differently: the same portfolio, overwritten in place, not a sixth row.
    const again = await run("CLOSE >   SMA({n})", "close<sma( {n} )");
    expect(again.runs[0].best.portfolio_id).toBe(a.best.portfolio_id);
    expect(await store!.countBacktests({ conceptId: CONCEPT_ID })).toBe(5);

    // A different annualisation gives a different Sharpe ratio: a different record, not an overwrite.
    const yearly = await run("close > sma({n})", "close < sma({n})", { year_days: 252 });
    expect(yearly.runs[0].best.sharpe_ratio).not.toBe(a.best.sharpe_ratio);
    expect(yearly.runs[0].best.portfolio_id).not.toBe(a.best.portfolio_id);
  });
});

if (!store) it.skip(`portfolio_id of rules: ${skipReason}`, () => {});
