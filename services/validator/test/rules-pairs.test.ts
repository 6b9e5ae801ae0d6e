import { afterAll, describe, expect, it } from "vitest";
import { buildPlan } from "../src/backtest/plan.ts";
import { buildSpecs } from "../src/backtest/sweep.ts";
import type { PriceSeries } from "../src/data/types.ts";
import { createEngines } from "../src/engine/select.ts";
import { IndicatorTable } from "../src/engine/table.ts";
import { resolveStrategy } from "../src/resolver/resolve.ts";
import { alignSymbols, tableExtra } from "../src/rules/align.ts";
import { compileRule, RuleEvaluator } from "../src/rules/compile.ts";
import { bindSymbols, namedRule } from "../src/rules/library.ts";
import { parseRule } from "../src/rules/parse.ts";
import { ruleTemplate } from "../src/rules/template.ts";
import {
  backtestPoster,
  compileErrorOf,
  load,
  marketFile,
  readFixture,
  runCli,
  runSpecs,
  testApp,
  type VbtMetrics,
} from "./helpers.ts";

/**
 * Rules across two symbols against real vectorbt 1.2.0 (fixtures/rules/make_pairs_fixtures.py made the
 * numbers; its versions are in the file): the date alignment (inner join), the spread and momentum series, the
 * signal bars, and whole back-tests of pairs spread z-score and dual momentum legs.
 */
interface Case {
  name: string;
  trade: string;
  other: string;
  files: Record<string, string>;
  bars: Record<string, number>;
  first_date: string;
  last_date: string;
  entry: string;
  exit: string;
  fees: number;
  slippage: number;
  init_cash: number;
  series: Array<{ expr: string; values: Array<number | null> }>;
  entry_true_at: number[];
  exit_true_at: number[];
  vectorbt: VbtMetrics & {
    fills: number[];
  };
}
const fixture = readFixture<{
  versions: Record<string, string>;
  compare_bars: number;
  cases: Case[];
}>("rules", "pairs-reference.json");

const loadSymbol = (file: string, symbol: string): PriceSeries =>
  load(file, "close", file.includes("_ffn") ? symbol : undefined);

describe(`rules across symbols vs vectorbt ${fixture.versions.vectorbt}`, () => {
  it("the fixture was made by vectorbt 1.2.0 and covers pairs and dual momentum", () => {
    expect(fixture.versions.vectorbt).toBe("1.2.0");
    expect(fixture.cases.filter((c) => c.name.startsWith("pairs")).length).toBeGreaterThanOrEqual(3);
    expect(fixture.cases.filter((c) => c.name.startsWith("dual")).length).toBeGreaterThanOrEqual(3);
  });

  for (const c of fixture.cases)
    describe(c.name, () => {
      const traded = loadSymbol(c.files[c.trade]!, c.trade);
      const other = loadSymbol(c.files[c.other]!, c.other);
      const aligned = alignSymbols(traded, [other]);

      it("aligns by date like pandas' inner join and says how many bars it dropped", () => {
        expect(traded.close.length).toBe(c.bars[c.trade]);
        expect(other.close.length).toBe(c.bars[c.other]);
        expect(aligned.close.length).toBe(c.bars.common);
        expect(aligned.dates[0]).toBe(c.first_date);
        expect(aligned.dates.at(-1)).toBe(c.last_date);
        expect(aligned.others?.[c.other]?.close.length).toBe(c.bars.common);
        expect(aligned.alignment).toBe(
          `aligned by date with ${c.other}: ${c.bars.common} common bars (${c.first_date} … ${c.last_date}); dropped ${c.bars[c.trade]! - c.bars.common!} of ${c.trade}'s ${c.bars[c.trade]}, ${c.bars[c.other]! - c.bars.common!} of ${c.other}'s ${c.bars[c.other]}`,
        );
        expect(aligned.repairs.at(-1)).toBe(aligned.alignment);
      });

      it("each series equals vectorbt/pandas on every bar", () => {
        const ev = new RuleEvaluator({ close: aligned.close, ...tableExtra(aligned) });
        for (const { expr, values } of c.series) {
          const got = ev.value(parseRule(expr), {}) as Float64Array;
          let compared = 0;
          values.forEach((want, i) => {
            const v = got[i]!;
            if (want === null) expect(Number.isFinite(v), `${expr} bar ${i}`).toBe(false);
            else {
              expect(Math.abs(v - want), `${expr} bar ${i}: ${v} vs ${want}`).toBeLessThanOrEqual(
                1e-9 * Math.max(1, Math.abs(want)),
              );
              compared++;
            }
          });
          expect(compared).toBeGreaterThan(Math.min(c.bars.common!, fixture.compare_bars) / 2);
        }
      });

      it("entry and exit fire on vectorbt's bars; the back-test has its fills and metrics", () => {
        const rule = compileRule(c.entry, c.exit);
        expect(rule.symbols).toEqual([c.trade, c.other]);
        const table = new IndicatorTable(aligned.close, tableExtra(aligned));
        const ev = new RuleEvaluator({ close: aligned.close, ...tableExtra(aligned) });
        const bars = (row: Float64Array) => [...row.keys()].filter((i) => row[i] === 1);
        expect(bars(ev.condition(rule.entry, {}))).toEqual(c.entry_true_at);
        expect(bars(ev.condition(rule.exit, {}))).toEqual(c.exit_true_at);
        const specs = buildSpecs(ruleTemplate(rule), [{}], table);
        const { metrics, fills } = runSpecs(table, specs, {
          fees: c.fees,
          slippage: c.slippage,
          initCash: c.init_cash,
        });
        const want = c.vectorbt;
        expect(fills.map((f) => Math.abs(f) - 1)).toEqual(want.fills);
        expect(metrics.trades).toBe(want.trades_count);
        expect(metrics.closedTrades).toBe(want.closed_trades);
        expect(metrics.finalValue).toBeCloseTo(want.final_value, 8);
        expect(metrics.totalReturn).toBeCloseTo(want.total_return, 10);
        expect(metrics.maxDrawdown).toBeCloseTo(want.max_drawdown, 10);
        if (want.sharpe_ratio === null) expect(Number.isFinite(metrics.sharpe)).toBe(false);
        else expect(metrics.sharpe).toBeCloseTo(want.sharpe_ratio, 9);
        expect(want.trades_count).toBeGreaterThan(0);
      });
    });
});

describe("rules across symbols: language, library and plan", () => {
  it("close(SYM) takes exactly one ticker, with the column of the mistake", () => {
    for (const [text, col] of [
      ["close(close) > 1", 7],
      ["close(KO, PEP) > 1", 7],
      ["close(1) > 1", 7],
      ["high() > 1", 1],
    ] as const) {
      const error = compileErrorOf(text);
      expect(error.col, text).toBe(col);
      expect(error.message).toMatch(/takes one ticker/);
    }
    const rule = compileRule("close(ko) / close(PEP) > 1 and high(pep) > 0", "low(KO) < 1");
    expect(rule.symbols).toEqual(["KO", "PEP"]);
    expect(rule.symbolFields).toEqual({ PEP: ["high"], KO: ["low"] });
  });

  it("close(SYM) of the traded symbol is its own close; an unloaded symbol is a RuleError naming it", () => {
    const goog = load("yahoofinance-GOOG-20040819-20180120.csv");
    const ev = new RuleEvaluator({ close: goog.close, symbol: "GOOG" });
    expect(ev.value(parseRule("close(GOOG)"), {})).toBe(goog.close);
    expect(() => ev.value(parseRule("close(PEP)"), {})).toThrow(
      /reads close\(PEP\) but PEP's data was not loaded/,
    );
  });

  it("slotted library rules bind to the symbols in order; the plan trades the first on common dates", async () => {
    const pairs = namedRule("pairs_zscore")!;
    expect(bindSymbols(pairs.entry, pairs.slots!, ["GOOG", "SPY"])).toBe(
      "zscore(log(close(GOOG)) - {hedge} * log(close(SPY)), {window}) < -{entry_z}",
    );
    const resolution = await resolveStrategy("pairs trading GOOG vs SPY", {
      knownSymbols: new Set(["GOOG", "SPY"]),
    });
    expect(resolution.symbols).toEqual(["GOOG", "SPY"]);
    const chosen = resolution.strategies[0]!;
    expect(chosen.rule).toMatchObject({ label: "pairs_zscore", trade: "GOOG" });
    expect(chosen.text?.entry).toBe("zscore(log(close(GOOG)) - 1 * log(close(SPY)), 60) < -2");
    const series = new Map([
      ["GOOG", load("yahoofinance-GOOG-20040819-20180120.csv")],
      ["SPY", load("yahoofinance-SPY-20080101-20180101.csv")],
    ]);
    const plan = buildPlan({ strategy: undefined } as never, resolution, series, "test");
    expect(plan.runs).toHaveLength(1);
    expect(plan.runs[0]!.series.symbol).toBe("GOOG");
    expect(plan.runs[0]!.series.close.length).toBe(2519);
    expect(plan.runs[0]!.series.alignment).toMatch(/dropped 860 of GOOG's 3379, 0 of SPY's 2519/);
    // The library's checks and grid apply to the bound rule (it is still pairs_zscore).
    expect(plan.runs[0]!.template.title).toBe(pairs.title);
    expect(() =>
      buildPlan({} as never, resolution, new Map([["GOOG", series.get("GOOG")!]]), "test"),
    ).toThrow(/the rule reads SPY but no data for SPY came with the request/);
  });

  it("dual momentum runs one leg per symbol, each trading its own symbol", async () => {
    const resolution = await resolveStrategy("dual momentum SPY vs GOOG", {
      knownSymbols: new Set(["GOOG", "SPY"]),
    });
    expect(resolution.strategies.map((s) => [s.rule?.label, s.rule?.trade])).toEqual([
      ["dual_momentum", "SPY"],
      ["dual_momentum", "GOOG"],
    ]);
    expect(resolution.strategies[1]!.text?.entry).toBe(
      "roc(close(GOOG), 252) > 0 and roc(close(GOOG), 252) > roc(close(SPY), 252)",
    );
  });
});

const backtest = (args: string[]) => runCli("backtest.ts", args, { timeoutMs: 120_000 });

describe("two symbols through pnpm backtest and POST /backtest", () => {
  const pairsCase = fixture.cases.find((c) => c.name.startsWith("pairs GOOG/SPY"))!;

  it("pnpm backtest --csv A --csv B --entry … gives vectorbt's numbers and says what alignment dropped", () => {
    const run = backtest([
      "--csv",
      marketFile(pairsCase.files.GOOG!),
      "--csv",
      marketFile(pairsCase.files.SPY!),
      "--entry",
      pairsCase.entry,
      "--exit",
      pairsCase.exit,
      "--fees",
      String(pairsCase.fees),
      "--slippage",
      String(pairsCase.slippage),
      "--price-field",
      "close",
      "--json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.symbol).toBe("GOOG");
    expect(r.bars).toBe(2519);
    expect(r.trades_count).toBe(pairsCase.vectorbt.trades_count);
    expect(r.final_value).toBeCloseTo(pairsCase.vectorbt.final_value, 8);
    expect(r.notes).toContain(
      "aligned by date with SPY: 2519 common bars (2007-12-31 … 2017-12-29); dropped 860 of GOOG's 3379, 0 of SPY's 2519",
    );
  });

  it("pnpm backtest --strategy pairs_zscore reads two columns of a wide table with --symbols", () => {
    const run = backtest([
      "--csv",
      marketFile("AAPL-MSFT-C_close_2004-2014_ffn.csv"),
      "--symbols",
      "AAPL,MSFT",
      "--strategy",
      "pairs_zscore",
      "--param",
      "window=60",
      "--param",
      "entry_z=2",
      "--param",
      "exit_z=0",
      "--param",
      "hedge=1",
      "--json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.rule.entry).toBe("zscore(log(close(AAPL)) - {hedge} * log(close(MSFT)), {window}) < -{entry_z}");
    expect(r.symbol).toBe("AAPL");
    expect(r.notes.join(" ")).toMatch(/aligned by date with MSFT: 2517 common bars/);
  });

  it("a pairs rule with one --csv exits 2 naming the missing symbol", () => {
    const run = backtest(["--csv", marketFile(pairsCase.files.GOOG!), "--strategy", "pairs_zscore"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/pairs_zscore reads 2 symbols: give 2 --csv files/);
  });

  const engines = createEngines({ threads: 2, tfjsPrefer: "pure" });
  afterAll(() => engines.close());
  const app = testApp(engines);
  const post = backtestPoster(app);

  it("POST /backtest: a rule naming another symbol loads it, trades strategy.trade, reports the alignment", async () => {
    const res = await post({
      strategy: { entry: pairsCase.entry, exit: pairsCase.exit, trade: "GOOG" },
      fees: pairsCase.fees,
      slippage: pairsCase.slippage,
      price_field: "close",
      store: false,
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.runs).toHaveLength(1);
    const run = report.runs[0];
    expect(run.symbol).toBe("GOOG");
    expect(report.symbols_reason).toBe("named by the rule: GOOG, SPY");
    expect(run.best.notes.join(" ")).toMatch(/aligned by date with SPY: \d+ common bars/);
    expect(run.data.repairs.at(-1)).toMatch(/^aligned by date with SPY/);
  });

  it("POST /backtest: the tensor engine trades a two-symbol rule sweep on the same bars as the native engine", async () => {
    const body = (engine: string) => ({
      strategy: {
        entry: "zscore(log(close(GOOG)) - log(close(AAPL)), {n}) < -{z}",
        exit: "zscore(log(close(GOOG)) - log(close(AAPL)), {n}) > 0",
        grid: { n: [20, 60], z: [1.5, 2] },
      },
      symbols: ["GOOG", "AAPL"],
      fees: 0.001,
      engine,
      store: false,
    });
    const [n, t] = [await post(body("native")), await post(body("tfjs"))];
    expect(n.status).toBe(200);
    expect(t.status).toBe(200);
    const [a, b] = [(await n.json()).runs, (await t.json()).runs];
    expect(a).toHaveLength(1);
    expect(b[0].best.engine).toBe("tfjs");
    expect(b[0].grid.trades_count).toEqual(a[0].grid.trades_count);
    expect(a[0].grid.trades_count.reduce((x: number, y: number) => x + y, 0)).toBeGreaterThan(4);
  });

  it("POST /backtest: a pair named by company binds the request's symbols, in order; without them it is a 400", async () => {
    const concept = "pair trade Alphabet against Apple, 1.5 sd entry on the spread";
    const resolution = await resolveStrategy(concept);
    expect(resolution.symbols).toEqual([]);
    expect(resolution.strategies[0]!.rule).toMatchObject({
      label: "pairs_zscore",
      entry: namedRule("pairs_zscore")!.entry,
    });
    expect(resolution.notes.join(" ")).toMatch(/named by company \(Alphabet and Apple\)/);
    const res = await post({ concept, symbols: ["GOOG", "AAPL"], price_field: "close", store: false });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.runs).toHaveLength(1);
    expect(report.runs[0].symbol).toBe("GOOG");
    expect(report.runs[0].best.notes.join(" ")).toMatch(/aligned by date with AAPL: \d+ common bars/);
    const bare = await post({ concept, store: false });
    expect(bare.status).toBe(400);
    const body = await bare.json();
    expect(body.error.code).toBe("missing_symbol");
    expect(body.error.message).toMatch(/names its pair by company, not by ticker: give them in symbols/);
  });

  it("POST /backtest: Antonacci's dual momentum with no symbol in the text binds the request's, and without runs its absolute leg saying so", async () => {
    const concept = "Antonacci dual momentum, six month lookback";
    const res = await post({ concept, symbols: ["GOOG", "AAPL"], price_field: "close", store: false });
    expect(res.status).toBe(200);
    const report = await res.json();
    // One leg per symbol, each trading its own against the other.
    expect(report.runs.map((r: { symbol: string }) => r.symbol)).toEqual(["GOOG", "AAPL"]);
    const bare = await post({ concept, price_field: "close", store: false });
    expect(bare.status).toBe(200);
    const alone = await bare.json();
    expect(alone.runs).toHaveLength(1);
    expect(alone.runs[0].strategy).toBe("ts_momentum");
    expect(alone.resolution.strategies[0].reason).toMatch(
      /only the absolute-momentum leg is tested, on the default symbol/,
    );
  });

  it("POST /backtest: the concept 'pairs trading KO vs PEP' without their data is a 422 naming where CSVs go", async () => {
    const res = await post({ concept: "pairs trading KO vs PEP", store: false });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("unknown_symbol");
    expect(body.error.message).toMatch(/no market data for KO in .*: put KO\.csv/);
  });
});
