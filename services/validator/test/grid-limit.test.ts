import { MAX_GRID_SETS } from "@qp/schema";
import { afterAll, describe, expect, it } from "vitest";
import { buildPlan } from "../src/backtest/plan.ts";
import { expandSets, GridTooLargeError, templateOf } from "../src/backtest/sweep.ts";
import { createEngines } from "../src/engine/select.ts";
import { backtestPoster, GOOG, load, marketFile, runCli, SPY, testApp } from "./helpers.ts";

/**
 * Issue 12: a 1000×1000×1000 macd grid (a 15 KB body) was expanded whole before the size check: 60 s at full
 * CPU, 5.7 GB, "Reached heap limit". Every entry point now counts the product first and refuses over
 * MAX_GRID_SETS; these tests prove the refusal never builds the grid (no value read, heap or process memory
 * bounded far below what expansion takes), not how fast it is.
 */

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const hugeMacd = {
  name: "macd" as const,
  grid: { fast: range(1, 1000), slow: range(1, 1000), signal: range(1, 1000) },
};

/** A grid axis that counts element reads: counting may look at `length` only. */
function watchedAxis(values: number[]) {
  const reads = { elements: 0 };
  const axis = new Proxy(values, {
    get(target, key, receiver) {
      if (key !== "length" && typeof key === "string" && /^\d+$/.test(key)) reads.elements++;
      if (key === Symbol.iterator) reads.elements++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { axis, reads };
}

describe("grid size limit in the validator's planning", () => {
  it("expandSets and buildPlan refuse an oversized grid without reading a single value of it", () => {
    const axes = [watchedAxis(range(1, 1000)), watchedAxis(range(1, 1000)), watchedAxis(range(1, 1000))];
    const grid = { fast: axes[0]!.axis, slow: axes[1]!.axis, signal: axes[2]!.axis };
    const series = load(SPY);
    expect(() => expandSets(templateOf("macd"), undefined, grid, series.close.length)).toThrow(
      GridTooLargeError,
    );
    const resolution = {
      concept: null,
      strategies: [{ name: "macd" as const, grid, method: "explicit" as const, reason: "test" }],
      symbols: ["SPY"],
      symbols_reason: "test",
      notes: [],
    };
    let refused: unknown;
    try {
      buildPlan({} as never, resolution, new Map([["SPY", series]]), "test");
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(GridTooLargeError);
    expect(refused).toMatchObject({ count: 1e9, limit: MAX_GRID_SETS });
    expect(axes.map((a) => a.reads.elements)).toEqual([0, 0, 0]);
  });

  it("counts every symbol: a grid under the limit swept over many symbols is refused before expanding", () => {
    const fast = watchedAxis(range(1, 100));
    const slow = watchedAxis(range(101, 200));
    const series = load(SPY);
    const bySymbol = new Map(range(1, 20).map((k) => [`S${k}`, series]));
    const resolution = {
      concept: null,
      strategies: [
        {
          name: "sma_crossover" as const,
          grid: { fast: fast.axis, slow: slow.axis },
          method: "explicit" as const,
          reason: "test",
        },
      ],
      symbols: [...bySymbol.keys()],
      symbols_reason: "test",
      notes: [],
    };
    expect(() => buildPlan({} as never, resolution, bySymbol, "test")).toThrow(
      /200,000 parameter sets over 20 symbol/,
    );
    expect(fast.reads.elements + slow.reads.elements).toBe(0);
  });
});

describe("POST /backtest with an oversized grid", () => {
  const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
  afterAll(() => engines.close());
  const app = testApp(engines, { maxJobBarSets: 2_000_000_000 });
  const post = backtestPoster(app);

  it("the issue's 1000×1000×1000 macd grid: 413 envelope naming the count and the limit, heap untouched", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const res = await post({ strategy: hugeMacd, symbols: ["SPY"], store: false });
    // Expanding even 10⁷ sets took 1.4 GB; the refusal allocates next to nothing.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "grid_too_large", requestId: expect.any(String) });
    expect(body.error.message).toContain("1,000,000,000 parameter sets");
    expect(body.error.message).toContain(`limit of ${MAX_GRID_SETS.toLocaleString("en")}`);
    expect(app.jobs.get("any")).toBeUndefined();
  });

  it("a grid under the limit over 11 synthetic symbols: 413 naming the total", async () => {
    const res = await post({
      strategy: { name: "sma_crossover", grid: { fast: range(1, 100), slow: range(101, 200) } },
      symbols: ["SPY", "GOOG", "AAPL", "INTC", "MSFT", "C", "SPY.A", "SPY.B", "SPY.C", "SPY.D", "SPY.E"],
      synthetic_seed: 1,
      store: false,
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({
      code: "grid_too_large",
      message: expect.stringContaining("110,000 parameter sets over 11 symbol"),
    });
  });

  it("a grid at a normal size still runs", async () => {
    const res = await post({
      strategy: { name: "sma_crossover", grid: { fast: [10, 20], slow: [50, 100] } },
      symbols: ["SPY"],
      store: false,
    });
    expect(res.status).toBe(200);
  });
});

describe("pnpm backtest with an oversized grid", () => {
  it("exits 2 naming the count and the limit, inside a 256 MB heap that expansion would overflow", () => {
    const run = runCli(
      "backtest.ts",
      [
        "--csv",
        marketFile(GOOG),
        "--strategy",
        "macd",
        "--param",
        "fast=1:1000",
        "--param",
        "slow=1:1000",
        "--param",
        "signal=1:1000",
      ],
      { nodeArgs: ["--max-old-space-size=256"] },
    );
    expect(run.stderr).toContain("grid_too_large");
    expect(run.stderr).toContain("1,000,000,000 parameter sets");
    expect(run.stderr).toContain(MAX_GRID_SETS.toLocaleString("en"));
    expect(run.status).toBe(2);
  });
});
