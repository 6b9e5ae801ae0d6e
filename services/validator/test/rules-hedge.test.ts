import { describe, expect, it } from "vitest";
import { buildSpecs } from "../src/backtest/sweep.ts";
import type { PriceSeries } from "../src/data/types.ts";
import { IndicatorTable } from "../src/engine/table.ts";
import { alignSymbols, tableExtra } from "../src/rules/align.ts";
import { compileRule, RuleEvaluator } from "../src/rules/compile.ts";
import { bindSymbols, namedRule } from "../src/rules/library.ts";
import { parseRule } from "../src/rules/parse.ts";
import { ruleTemplate } from "../src/rules/template.ts";
import {
  compileErrorOf,
  load,
  marketFile,
  readFixture,
  runCli,
  runSpecs,
  type VbtMetrics,
} from "./helpers.ts";

/**
 * The fitted hedge ratio of a pair, `beta(y, x, n)` (rolling OLS of log A on log B) and the library rule
 * pairs_zscore_fitted, against numpy and vectorbt 1.2.0 (fixtures/rotation/make_rotation_fixtures.py).
 */
interface HedgeCase {
  name: string;
  trade: string;
  other: string;
  files: Record<string, string>;
  params: { window: number; hedge_window: number; entry_z: number; exit_z: number };
  fees: number;
  slippage: number;
  init_cash: number;
  bars: number;
  beta: Array<number | null>;
  zscore: Array<number | null>;
  entry_true_at: number[];
  exit_true_at: number[];
  vectorbt: VbtMetrics & {
    orders: Array<[number, number, number]>;
  };
}
const fixture = readFixture<{ versions: Record<string, string>; fitted_pairs: HedgeCase[] }>(
  "rotation",
  "rotation-reference.json",
);

const loadSymbol = (file: string, symbol: string): PriceSeries =>
  load(file, "close", file.includes("_ffn") ? symbol : undefined);

const near = (got: Float64Array, want: Array<number | null>, what: string) => {
  let compared = 0;
  want.forEach((w, i) => {
    if (w === null) expect(Number.isFinite(got[i]!), `${what} bar ${i}`).toBe(false);
    else {
      expect(Math.abs(got[i]! - w), `${what} bar ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(w)),
      );
      compared++;
    }
  });
  return compared;
};

describe(`fitted hedge ratio vs numpy and vectorbt ${fixture.versions.vectorbt}`, () => {
  const rule = namedRule("pairs_zscore_fitted")!;

  for (const c of fixture.fitted_pairs)
    describe(c.name, () => {
      const aligned = alignSymbols(loadSymbol(c.files[c.trade]!, c.trade), [
        loadSymbol(c.files[c.other]!, c.other),
      ]);
      const entry = bindSymbols(rule.entry, rule.slots!, [c.trade, c.other]);
      const exit = bindSymbols(rule.exit, rule.slots!, [c.trade, c.other]);

      it("beta(log A, log B, n) and the spread's z-score equal numpy/vectorbt on every bar", () => {
        expect(aligned.close.length).toBe(c.bars);
        const ev = new RuleEvaluator({ close: aligned.close, ...tableExtra(aligned) });
        const beta = ev.value(
          parseRule(`beta(log(close(${c.trade})), log(close(${c.other})), ${c.params.hedge_window})`),
          {},
        ) as Float64Array;
        expect(near(beta, c.beta, "beta")).toBe(c.bars - c.params.hedge_window + 1);
        // The hedge ratio is fitted, not 1: it moves over the sample.
        const finite = [...beta].filter(Number.isFinite);
        expect(Math.max(...finite) - Math.min(...finite)).toBeGreaterThan(0.5);
        const z = /^(zscore\(.*\)) < /.exec(entry)![1]!;
        const zs = ev.value(parseRule(z), c.params) as Float64Array;
        expect(near(zs, c.zscore, "zscore")).toBeGreaterThan(c.bars / 2);
      });

      it("enters and exits on vectorbt's bars; the back-test has its fills and metrics", () => {
        const compiled = compileRule(entry, exit);
        expect(compiled.symbols).toEqual([c.trade, c.other]);
        const ev = new RuleEvaluator({ close: aligned.close, ...tableExtra(aligned) });
        const bars = (row: Float64Array) => [...row.keys()].filter((i) => row[i] === 1);
        expect(bars(ev.condition(compiled.entry, c.params))).toEqual(c.entry_true_at);
        expect(bars(ev.condition(compiled.exit, c.params))).toEqual(c.exit_true_at);
        const table = new IndicatorTable(aligned.close, tableExtra(aligned));
        const specs = buildSpecs(ruleTemplate(compiled), [c.params], table);
        const { metrics, fills } = runSpecs(table, specs, {
          fees: c.fees,
          slippage: c.slippage,
          initCash: c.init_cash,
        });
        const want = c.vectorbt;
        expect(fills.map((f) => Math.abs(f) - 1)).toEqual(want.orders.map((o) => o[0]));
        expect(metrics.trades).toBe(want.trades_count);
        expect(metrics.closedTrades).toBe(want.closed_trades);
        expect(metrics.finalValue).toBeCloseTo(want.final_value, 8);
        expect(metrics.totalReturn).toBeCloseTo(want.total_return, 10);
        expect(metrics.maxDrawdown).toBeCloseTo(want.max_drawdown, 10);
        expect(metrics.sharpe).toBeCloseTo(want.sharpe_ratio!, 9);
        expect(want.trades_count).toBeGreaterThan(5);
      });
    });

  it("beta takes two series and a window of at least 2, with the column of the mistake", () => {
    for (const [text, col, message] of [
      ["beta(close, 20) > 1", 1, /beta takes beta\(a, b\)|beta takes/],
      ["beta(close, close(SPY), 1) > 1", 25, /beta's n must be a whole number ≥ 2/],
      ["beta(close, close(SPY), 2.5) > 1", 25, /beta's n must be a whole number ≥ 2/],
    ] as const) {
      const error = compileErrorOf(text);
      expect(error.col, text).toBe(col);
      expect(error.message).toMatch(message);
    }
  });

  it("pnpm backtest --strategy pairs_zscore_fitted binds the two --csv symbols and sweeps its grid", () => {
    const c = fixture.fitted_pairs[0]!;
    const run = runCli(
      "backtest.ts",
      [
        "--csv",
        marketFile(c.files[c.trade]!),
        "--csv",
        marketFile(c.files[c.other]!),
        "--strategy",
        "pairs_zscore_fitted",
        ...Object.entries(c.params).flatMap(([k, v]) => ["--param", `${k}=${v}`]),
        "--fees",
        String(c.fees),
        "--slippage",
        String(c.slippage),
        "--price-field",
        "close",
        "--json",
      ],
      { timeoutMs: 120_000 },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.rule.label).toBe("pairs_zscore_fitted");
    expect(r.rule.entry).toContain(`beta(log(close(${c.trade})), log(close(${c.other})), {hedge_window})`);
    expect(r.trades_count).toBe(c.vectorbt.trades_count);
    expect(r.total_return).toBeCloseTo(c.vectorbt.total_return, 10);
  });
});
