import type { IndicatorTable } from "../engine/table.ts";
import type { Params, StrategyTemplate } from "../strategies/catalog.ts";
import { type CompiledRule, RuleEvaluator } from "./compile.ts";
import { show } from "./parse.ts";

export interface RuleOptions {
  /** The named rule this is (library.ts), for the report; absent for a rule typed by hand. */
  label?: string;
  title?: string;
  defaults?: Params;
  grid?: Record<string, number[]>;
  /** Why a parameter set makes no sense (fast ≥ slow, …), or null. */
  check?: (params: Params) => string | null;
}

const evaluators = new WeakMap<IndicatorTable, RuleEvaluator>();

/** One evaluator per series (its indicator cache is shared by every rule and set run on that series). */
export function evaluatorFor(table: IndicatorTable): RuleEvaluator {
  let ev = evaluators.get(table);
  if (!ev) {
    ev = new RuleEvaluator({ close: table.close, ...table.extra });
    evaluators.set(table, ev);
  }
  return ev;
}

const noData = new RuleEvaluator({ close: new Float64Array(0) });

/**
 * A compiled rule as a strategy template, so that it runs through the same plan, kernel, metrics, walk-forward
 * and report path as the catalog. Each set's entry and exit become one 0/1 row of the indicator table (keyed by
 * the rule's text with the values filled in, so sets whose exit does not depend on a swept parameter share
 * it), traded by the kernel's level mode "row > 0.5": the from_signals conventions are the kernel's own.
 */
export function ruleTemplate(
  rule: CompiledRule,
  options: RuleOptions = {},
): StrategyTemplate & { rule: CompiledRule } {
  return {
    name: "rule",
    rule,
    title: options.title ?? "Rule",
    description: `entry: ${rule.entryText}; exit: ${rule.exitText}`,
    paramNames: rule.params,
    integerParams: rule.integerParams,
    defaults: options.defaults ?? {},
    grid: options.grid ?? {},
    check: (params) => {
      const missing = rule.params.filter((p) => params[p] === undefined || Number.isNaN(params[p]));
      if (missing.length) return `no value for ${missing.map((m) => `{${m}}`).join(", ")}`;
      return options.check?.(params) ?? null;
    },
    warmup: (params) => Math.max(noData.warmup(rule.entry, params), noData.warmup(rule.exit, params)),
    spec: (table, params) => {
      const ev = evaluatorFor(table);
      const entry = table.row(`rule:${show(rule.entry, params)}`, () => ev.condition(rule.entry, params));
      const exit = table.row(`rule:${show(rule.exit, params)}`, () => ev.condition(rule.exit, params));
      const half = table.constant(0.5);
      return [entry, half, 1, exit, half, 1];
    },
  };
}
