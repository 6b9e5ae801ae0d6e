import { backtestReportViewSchema, backtestRequestSchema } from "@qp/schema";
import { afterAll, describe, expect, it } from "vitest";
import { buildPlan } from "../src/backtest/plan.ts";
import { rebalanceBars, rotationTargets, rotationTrades, runRotation } from "../src/backtest/rotation.ts";
import type { PriceSeries } from "../src/data/types.ts";
import { createEngines } from "../src/engine/select.ts";
import { type Resolution, resolveStrategy } from "../src/resolver/resolve.ts";
import {
  backtestPoster,
  load,
  marketFile,
  readFixture,
  runCli,
  testApp,
  type VbtMetrics,
} from "./helpers.ts";

/**
 * Dual momentum as one rotated portfolio across N symbols against real vectorbt 1.2.0
 * (fixtures/rotation/make_rotation_fixtures.py: from_signals with group_by=True, cash_sharing=True,
 * call_seq="auto"; its versions are in the file): the decisions, every order, the value path and the metrics,
 * with the tolerances of the other vectorbt tests.
 */
interface RotationCase {
  name: string;
  symbols: string[];
  files: Record<string, string>;
  params: { lookback: number; rebalance: number; threshold: number };
  fees: number;
  slippage: number;
  fixed_fees: number;
  init_cash: number;
  bars: number;
  first_date: string;
  last_date: string;
  targets: Array<[number, number]>;
  vectorbt: VbtMetrics & {
    orders: Array<[number, number, number]>;
    value_every_100: number[];
  };
}
const rotationFixture = readFixture<{ versions: Record<string, string>; rotation: RotationCase[] }>(
  "rotation",
  "rotation-reference.json",
);

const loadSymbol = (file: string, symbol: string): PriceSeries =>
  load(file, "close", file.includes("_ffn") ? symbol : undefined);

const resolution = (params?: Record<string, number>, grid?: Record<string, number[]>): Resolution => ({
  concept: null,
  strategies: [
    {
      name: "dual_momentum_rotation",
      ...(params ? { params } : {}),
      ...(grid ? { grid } : {}),
      method: "explicit",
      reason: "test",
    },
  ],
  symbols: [],
  symbols_reason: "test",
  notes: [],
});

const planFor = (c: RotationCase) => {
  const series = new Map(c.symbols.map((s) => [s, loadSymbol(c.files[s]!, s)]));
  const req = backtestRequestSchema.parse({
    fees: c.fees,
    slippage: c.slippage,
    fixed_fees: c.fixed_fees,
    store: false,
  });
  return buildPlan(req, resolution(c.params), series, "test");
};

describe(`dual momentum rotation vs vectorbt ${rotationFixture.versions.vectorbt}`, () => {
  it("the fixture was made by vectorbt 1.2.0 and covers 2, 3 and 4 symbols, every bar to quarterly, fixed fees", () => {
    expect(rotationFixture.versions.vectorbt).toBe("1.2.0");
    expect(new Set(rotationFixture.rotation.map((c) => c.symbols.length))).toEqual(new Set([2, 3, 4]));
    expect(new Set(rotationFixture.rotation.map((c) => c.params.rebalance))).toEqual(new Set([0, 1, 2, 3]));
    expect(rotationFixture.rotation.some((c) => c.fixed_fees > 0)).toBe(true);
  });

  for (const c of rotationFixture.rotation)
    describe(c.name, () => {
      const plan = planFor(c);
      const run = plan.runs[0]!;
      const data = run.rotation!;
      const costs = { initCash: c.init_cash, fees: c.fees, fixedFees: c.fixed_fees, slippage: c.slippage };

      it("aligns every symbol by date (inner join) and plans one rotated run", () => {
        expect(plan.runs).toHaveLength(1);
        expect(data.symbols).toEqual(c.symbols);
        expect(data.dates.length).toBe(c.bars);
        expect(data.dates[0]).toBe(c.first_date);
        expect(data.dates.at(-1)).toBe(c.last_date);
        for (const row of data.closes) expect(row.length).toBe(c.bars);
        expect(run.series.alignment).toMatch(new RegExp(`${c.bars} common bars`));
      });

      it("decides on vectorbt's bars: the best lookback return above the threshold, else cash", () => {
        const targets = rotationTargets(data, c.params);
        const decided = [...targets.keys()].filter((i) => targets[i]! !== -2).map((i) => [i, targets[i]!]);
        expect(decided).toEqual(c.targets);
      });

      it("trades every order of vectorbt (sells before buys) and has its value path and metrics", () => {
        const r = runRotation(data, rotationTargets(data, c.params), costs, 0, c.bars, 365);
        const want = c.vectorbt;
        expect(r.orders.map((o) => [o.bar, o.symbol, o.side === "buy" ? 0 : 1])).toEqual(want.orders);
        for (const [k, v] of want.value_every_100.entries())
          expect(Math.abs(r.equity[k * 100]! - v), `value at bar ${k * 100}`).toBeLessThanOrEqual(1e-9 * v);
        expect(r.metrics.trades).toBe(want.trades_count);
        expect(r.metrics.closedTrades).toBe(want.closed_trades);
        expect(r.metrics.finalValue).toBeCloseTo(want.final_value, 8);
        expect(r.metrics.totalReturn).toBeCloseTo(want.total_return, 10);
        expect(r.metrics.maxDrawdown).toBeCloseTo(want.max_drawdown, 10);
        if (want.sharpe_ratio === null) expect(Number.isFinite(r.metrics.sharpe)).toBe(false);
        else expect(r.metrics.sharpe).toBeCloseTo(want.sharpe_ratio, 9);
        expect(want.trades_count).toBeGreaterThan(2);
        // One position at a time: every buy follows a sell or cash, on the symbol the decision named.
        let held = -1;
        for (const o of r.orders) {
          if (o.side === "sell") {
            expect(o.symbol).toBe(held);
            held = -1;
          } else {
            expect(held).toBe(-1);
            held = o.symbol;
          }
        }
        // The trades name their symbol; closed trades' returns compound to the final value when always all-in.
        const trades = rotationTrades(data, r, costs, 0);
        expect(trades.length).toBe(want.trades_count);
        expect(new Set(trades.map((t) => t.symbol))).toEqual(
          new Set(want.orders.filter((o) => o[2] === 0).map((o) => c.symbols[o[1]]!)),
        );
      });
    });
});

describe("dual momentum rotation: plan refusals", () => {
  const spy = load("yahoofinance-SPY-20080101-20180101.csv");
  const intc = load("yahoofinance-INTC-19950101-20040412.csv");
  const goog = load("yahoofinance-GOOG-20040819-20180120.csv");
  const req = backtestRequestSchema.parse({ store: false });

  it("one symbol is refused: a rotation needs two or more", () => {
    expect(() => buildPlan(req, resolution({ lookback: 63 }), new Map([["SPY", spy]]), "t")).toThrow(
      /dual_momentum_rotation rotates between 2 or more symbols; the request has SPY/,
    );
  });

  it("symbols with no common dates, or too few for the lookback, are refused with their date ranges", () => {
    expect(() =>
      buildPlan(
        req,
        resolution({ lookback: 63 }),
        new Map([
          ["SPY", spy],
          ["INTC", intc],
        ]),
        "t",
      ),
    ).toThrow(
      expect.objectContaining({
        code: "too_few_common_bars",
        message: expect.stringMatching(/SPY 2007-12-31 … 2017-12-29 \(2519 bars\); INTC 1995-01-03/),
      }),
    );
    // GOOG and SPY share 2519 bars: a lookback of 2600 cannot be computed on them.
    expect(() =>
      buildPlan(
        req,
        resolution({ lookback: 2600 }),
        new Map([
          ["SPY", spy],
          ["GOOG", goog],
        ]),
        "t",
      ),
    ).toThrow(/with lookback 2600 needs 2602 bars on dates all the symbols have, and they share 2519/);
  });

  it("a pair that overlaps for a month: the rule's windows are refused naming the common bars", async () => {
    const msft = load("AAPL-MSFT-C_close_2004-2014_ffn.csv", "close", "MSFT");
    const { resolveStrategy } = await import("../src/resolver/resolve.ts");
    const { bindSymbols, namedRule } = await import("../src/rules/library.ts");
    const pairs = namedRule("pairs_zscore")!;
    const bind = (t: string) => bindSymbols(t, pairs.slots!, ["INTC", "MSFT"]);
    const chosen = await resolveStrategy(undefined, {
      strategy: { entry: bind(pairs.entry), exit: bind(pairs.exit), label: "pairs_zscore", trade: "INTC" },
    });
    chosen.strategies[0]!.params = { window: 60 };
    const two = new Map([
      ["INTC", intc],
      ["MSFT", msft],
    ]);
    expect(() => buildPlan(req, chosen, two, "t")).toThrow(
      /the windows need 60 bars of history but the data has 22, on the dates all its symbols share \(aligned by date with MSFT: 22 common bars \(2004-03-10 … 2004-04-08\)/,
    );
    expect(() => buildPlan(req, resolution({ lookback: 21 }), two, "t")).toThrow(
      /with lookback 21 needs 23 bars on dates all the symbols have, and they share 22: INTC 1995-01-03 … 2004-04-08 \(2335 bars\); MSFT 2004-03-10 … 2014-03-10 \(2517 bars\)/,
    );
  });

  it("rebalance months must divide the year; the threshold must be a return", () => {
    const two = new Map([
      ["SPY", spy],
      ["GOOG", goog],
    ]);
    expect(() => buildPlan(req, resolution({ rebalance: 5 }), two, "t")).toThrow(
      /rebalance \(5\) is the months between rebalances at a month end: 0, 1, 2, 3, 4, 6, 12/,
    );
    expect(() => buildPlan(req, resolution({ threshold: -2 }), two, "t")).toThrow(/threshold \(-2\)/);
    expect(() => buildPlan(req, resolution({ hedge: 1 }), two, "t")).toThrow(
      /has no parameter "hedge" \(has: lookback, rebalance, threshold\)/,
    );
  });

  it("month ends: the last bar of each month whose month the rebalance divides, never the data's last bar", () => {
    const dates = ["2020-01-30", "2020-01-31", "2020-02-03", "2020-03-31", "2020-04-01", "2020-06-30"];
    expect([...rebalanceBars(dates, 1)]).toEqual([0, 1, 1, 1, 1, 0]);
    expect([...rebalanceBars(dates, 3)]).toEqual([0, 0, 0, 1, 0, 0]);
    expect([...rebalanceBars(dates, 0)]).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe("POST /backtest with strategy dual_momentum_rotation", () => {
  const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
  afterAll(() => engines.close());
  const app = testApp(engines);
  const post = backtestPoster(app);
  const c = rotationFixture.rotation.find((r) => r.symbols.length === 4 && r.symbols.includes("C"))!;

  it("one set across four symbols (two files, one of them wide) gives vectorbt's metrics", async () => {
    const res = await post({
      strategy: { name: "dual_momentum_rotation", params: c.params },
      symbols: c.symbols,
      fees: c.fees,
      slippage: c.slippage,
      price_field: "close",
      store: false,
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    backtestReportViewSchema.parse(report);
    expect(report.runs).toHaveLength(1);
    const run = report.runs[0];
    expect(run.strategy).toBe("dual_momentum_rotation");
    expect(run.symbol).toBe(c.symbols.join("+"));
    expect(run.rotation.symbols).toEqual(c.symbols);
    expect(run.best.params).toEqual(c.params);
    expect(run.best.trades_count).toBe(c.vectorbt.trades_count);
    expect(run.best.total_return).toBeCloseTo(c.vectorbt.total_return, 10);
    expect(run.best.sharpe_ratio).toBeCloseTo(c.vectorbt.sharpe_ratio!, 9);
    expect(run.best.max_drawdown).toBeCloseTo(c.vectorbt.max_drawdown, 10);
    expect(run.benchmark.strategy).toBe("buy_and_hold");
    expect(run.benchmark.symbol).toBe(c.symbols[0]);
    expect(run.data.bars).toBe(c.bars);
    expect(run.detail.trades.count).toBe(c.vectorbt.trades_count);
    expect(run.detail.trades.items[0].symbol).toBe(c.symbols[c.vectorbt.orders[0]![1]]);
    expect(run.walk_forward.out_of_sample.strategy).toBe("dual_momentum_rotation");
  });

  it("the concept 'dual momentum' across three named symbols runs the rotation; across two, the library's legs", async () => {
    const res = await post({
      concept: "dual momentum over SPY, GOOG and AAPL on a 6-month lookback",
      store: false,
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.runs).toHaveLength(1);
    expect(report.runs[0].strategy).toBe("dual_momentum_rotation");
    expect(report.runs[0].symbol).toBe("SPY+GOOG+AAPL");
    expect(report.runs[0].best.params).toMatchObject({ lookback: 126 });
    const two = await resolveStrategy("dual momentum SPY against GOOG, 6-month lookback");
    expect(two.strategies.map((s) => [s.rule?.label, s.rule?.trade])).toEqual([
      ["dual_momentum", "SPY"],
      ["dual_momentum", "GOOG"],
    ]);
  });

  it("sweeps the default grid and reports every set", async () => {
    const res = await post({
      strategy: { name: "dual_momentum_rotation", grid: { lookback: [63, 126, 252], rebalance: [1, 3] } },
      symbols: ["SPY", "GOOG", "AAPL"],
      store: false,
    });
    expect(res.status).toBe(200);
    const run = (await res.json()).runs[0];
    expect(run.sets_tried).toBe(6);
    expect(run.grid.params).toEqual(["lookback", "rebalance", "threshold"]);
    expect(run.grid.heatmap.x).toBe("lookback");
    expect(run.deflated_sharpe.trials).toBe(6);
  });

  it("a rule may read three symbols: all aligned on the dates they share, each one's dropped bars named", async () => {
    const res = await post({
      strategy: {
        entry: "close(GOOG) > sma(close(GOOG), 50) and close(AAPL) > sma(close(AAPL), 50)",
        exit: "close(GOOG) < sma(close(GOOG), 50)",
      },
      symbols: ["SPY"],
      price_field: "close",
      store: false,
    });
    expect(res.status).toBe(200);
    const run = (await res.json()).runs[0];
    expect(run.symbol).toBe("SPY");
    expect(run.data.repairs.at(-1)).toMatch(
      /^aligned by date with GOOG, AAPL: (\d+) common bars \(2004-08-19 … [\d-]+\); dropped \d+ of SPY's \d+, \d+ of GOOG's 3379, \d+ of AAPL's 3379$/,
    );
    expect(run.best.trades_count).toBeGreaterThan(0);
  });

  it("refuses duplicate, unknown and too few symbols with a clear 4xx", async () => {
    const dup = await post({ strategy: { name: "dual_momentum_rotation" }, symbols: ["SPY", "spy"] });
    expect(dup.status).toBe(400);
    expect((await dup.json()).error.message).toMatch(/duplicate symbol SPY \(also at position 0\)/);
    const unknown = await post({ strategy: { name: "dual_momentum_rotation" }, symbols: ["SPY", "NOPE"] });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error).toMatchObject({ code: "unknown_symbol" });
    const one = await post({ strategy: { name: "dual_momentum_rotation" }, symbols: ["SPY"], store: false });
    expect(one.status).toBe(400);
    expect((await one.json()).error).toMatchObject({ code: "too_few_symbols" });
    const apart = await post({
      strategy: { name: "dual_momentum_rotation" },
      symbols: ["GOOG", "INTC"],
      store: false,
    });
    expect(apart.status).toBe(422);
    expect((await apart.json()).error).toMatchObject({ code: "too_few_common_bars" });
  });
});

describe("pnpm backtest --strategy dual_momentum_rotation (spawned)", () => {
  it("one set over three --csv files → one result with vectorbt's numbers", () => {
    const c = rotationFixture.rotation.find((r) => r.symbols.length === 3)!;
    const args = c.symbols.flatMap((s) => ["--csv", marketFile(c.files[s]!)]);
    const run = runCli(
      "backtest.ts",
      [
        ...args,
        "--strategy",
        "dual_momentum_rotation",
        ...Object.entries(c.params).flatMap(([k, v]) => ["--param", `${k}=${v}`]),
        "--fees",
        String(c.fees),
        "--price-field",
        "close",
        "--json",
      ],
      { timeoutMs: 120_000 },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.strategy).toBe("dual_momentum_rotation");
    expect(r.symbol).toBe(c.symbols.join("+"));
    expect(r.trades_count).toBe(c.vectorbt.trades_count);
    expect(r.total_return).toBeCloseTo(c.vectorbt.total_return, 10);
    expect(r.sharpe_ratio).toBeCloseTo(c.vectorbt.sharpe_ratio!, 9);
  });

  it("one --csv is refused with exit 2", () => {
    const run = runCli("backtest.ts", [
      "--csv",
      marketFile("yahoofinance-SPY-20080101-20180101.csv"),
      "--strategy",
      "dual_momentum_rotation",
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/too_few_symbols: dual_momentum_rotation rotates between 2 or more symbols/);
  });
});
