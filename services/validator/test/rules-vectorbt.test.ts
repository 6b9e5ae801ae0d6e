import { describe, expect, it } from "vitest";
import { buildSpecs } from "../src/backtest/sweep.ts";
import { IndicatorTable } from "../src/engine/table.ts";
import { compileRule, RuleEvaluator } from "../src/rules/compile.ts";
import { parseRule } from "../src/rules/parse.ts";
import { ruleTemplate } from "../src/rules/template.ts";
import { load, readFixture, runSpecs, type VbtMetrics } from "./helpers.ts";

/**
 * The rule language against real vectorbt 1.2.0 on GOOG (data/market): every indicator value, every operator's
 * signal bars, and whole back-tests (fills and metrics). fixtures/rules/make_rule_fixtures.py made the numbers;
 * its versions are in the file.
 */
interface Fixture {
  versions: Record<string, string>;
  file: string;
  price_field: "close";
  compare_bars: number;
  series: Array<{ expr: string; values: Array<number | null> }>;
  signals: Array<{ expr: string; true_at: number[] }>;
  backtests: Array<{
    name: string;
    entry: string;
    exit: string;
    fees: number;
    slippage: number;
    init_cash: number;
    vectorbt: VbtMetrics & {
      fills: number[];
    };
  }>;
}

const fixture = readFixture<Fixture>("rules", "reference.json");
const series = load(fixture.file, fixture.price_field);
const data = { close: series.close, ...series.fields, dates: series.dates };

describe(`rule language vs vectorbt ${fixture.versions.vectorbt} on ${fixture.file}`, () => {
  it("the fixture was made by vectorbt 1.2.0 and the data has every price field", () => {
    expect(fixture.versions.vectorbt).toBe("1.2.0");
    expect(Object.keys(series.fields ?? {}).sort()).toEqual(["high", "low", "open", "volume"]);
  });

  for (const { expr, values } of fixture.series)
    it(`indicator ${expr}`, () => {
      const ev = new RuleEvaluator(data);
      const got = ev.value(parseRule(expr), {});
      const row = typeof got === "number" ? new Float64Array(series.close.length).fill(got) : got;
      let compared = 0;
      values.forEach((want, i) => {
        const v = row[i]!;
        if (want === null)
          expect(Number.isFinite(v), `${expr} bar ${i}: ${v} where vectorbt has NaN`).toBe(false);
        else {
          expect(Math.abs(v - want), `${expr} bar ${i}: ${v} vs ${want}`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(want)),
          );
          compared++;
        }
      });
      expect(compared).toBeGreaterThan(fixture.compare_bars / 2);
    });

  for (const { expr, true_at } of fixture.signals)
    it(`signal ${expr}`, () => {
      const ev = new RuleEvaluator(data);
      const row = ev.condition(parseRule(expr), {});
      const got = [...row.keys()].filter((i) => row[i] === 1);
      expect(got).toEqual(true_at);
    });

  for (const bt of fixture.backtests)
    it(`back-test: ${bt.name}`, () => {
      const table = new IndicatorTable(series.close, data);
      const template = ruleTemplate(compileRule(bt.entry, bt.exit));
      const specs = buildSpecs(template, [{}], table);
      const { metrics, fills } = runSpecs(table, specs, {
        fees: bt.fees,
        slippage: bt.slippage,
        initCash: bt.init_cash,
      });
      const want = bt.vectorbt;
      // vectorbt lists order bars; the kernel lists +(bar+1) for buys and −(bar+1) for sells.
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
