import { describe, expect, it } from "vitest";
import { buildSpecs, expandSets } from "../src/backtest/sweep.ts";
import { IndicatorTable } from "../src/engine/table.ts";
import { compileRule } from "../src/rules/compile.ts";
import { RULES } from "../src/rules/library.ts";
import { evaluatorFor, ruleTemplate } from "../src/rules/template.ts";
import { CATALOG, type TemplateName } from "../src/strategies/catalog.ts";
import { GOOG, load, runSpecs, SPY } from "./helpers.ts";

/**
 * Every catalog template restated as a rule of the language gives the same fills (entry and exit bars) and
 * the same metrics as the template's own kernel path, over its whole default grid, on real data with costs.
 * The templates keep their fast kernel (the crossover fast path); this test is what ties the two together.
 */
describe("catalog templates as rules: same fills, same metrics", () => {
  const costs = { fees: 0.001, slippage: 0.0005, fixedFees: 0.01, initCash: 1000 };
  for (const named of RULES.filter((r) => r.template)) {
    it(`${named.name} on GOOG and SPY, every set of its default grid`, () => {
      const template = CATALOG[named.template as TemplateName];
      const rule = ruleTemplate(compileRule(named.entry, named.exit), named);
      let compared = 0;
      let trades = 0;
      for (const [file, field] of [
        [GOOG, "close"],
        [SPY, "adj_close"],
      ] as const) {
        const series = load(file, field);
        const sets = expandSets(template, undefined, template.grid, series.close.length);
        const t1 = new IndicatorTable(series.close);
        const t2 = new IndicatorTable(series.close, { dates: series.dates });
        for (const params of sets) {
          const a = runSpecs(t1, buildSpecs(template, [params], t1), costs);
          const b = runSpecs(t2, buildSpecs(rule, [params], t2), costs);
          expect(b.fills, `${named.name} ${JSON.stringify(params)}`).toEqual(a.fills);
          expect(b.metrics.trades).toBe(a.metrics.trades);
          expect(b.metrics.finalValue).toBeCloseTo(a.metrics.finalValue, 9);
          // +inf (no trade: zero variance) on both sides, or equal to 1e-9.
          if (b.metrics.sharpe !== a.metrics.sharpe)
            expect(Math.abs(b.metrics.sharpe - a.metrics.sharpe)).toBeLessThan(1e-9);
          expect(b.metrics.maxDrawdown).toBeCloseTo(a.metrics.maxDrawdown, 12);
          compared++;
          trades += a.metrics.trades;
        }
      }
      expect(compared).toBeGreaterThan(0);
      if (named.name !== "buy_and_hold") expect(trades).toBeGreaterThan(compared);
    });
  }
});

describe("a rule is compiled once and its indicators computed once per distinct window", () => {
  it("5 × 5 SMA sets on one series: 10 moving averages, shared by entry and exit of every set", () => {
    const named = RULES.find((r) => r.name === "sma_crossover")!;
    const template = ruleTemplate(compileRule(named.entry, named.exit), named);
    const series = load(GOOG, "close");
    const table = new IndicatorTable(series.close);
    const grid = { fast: [5, 10, 15, 20, 30], slow: [40, 50, 100, 150, 200] };
    const sets = expandSets(template, undefined, grid, series.close.length);
    expect(sets).toHaveLength(25);
    buildSpecs(template, sets, table);
    const keys = evaluatorFor(table).cachedKeys();
    expect(keys.sort()).toEqual([...grid.fast, ...grid.slow].map((w) => `sma(close, ${w})`).sort());
    // One entry and one exit row per set, plus close and the 0.5 threshold: no other row was added.
    expect(table.size).toBe(2 + 2 * 25);
  });
});
