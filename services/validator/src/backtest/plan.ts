import type { BacktestRequest } from "@qp/schema";
import { MarketDataError, type PriceSeries } from "../data/types.ts";
import type { Resolution, ResolvedStrategy } from "../resolver/resolve.ts";
import { alignSymbols } from "../rules/align.ts";
import { type CompiledRule, compileRule, RuleError } from "../rules/compile.ts";
import { bindSymbols, namedRule } from "../rules/library.ts";
import { ruleTemplate } from "../rules/template.ts";
import type { Params, StrategyTemplate } from "../strategies/catalog.ts";
import { ROTATION } from "../strategies/rotation.ts";
import type { RotationData } from "./rotation.ts";
import { assertPlannedSets, BadRequestError, expandSets, plannedSetCount, templateOf } from "./sweep.ts";

/** The most sets × bars one rule sweep may hold as signal rows (2 × 8 bytes each, plus the engine's copy). */
export const MAX_RULE_BAR_SETS = 20_000_000;

export interface PlannedRun {
  series: PriceSeries;
  template: StrategyTemplate;
  sets: Params[];
  reason: string;
  method: string;
  /** For a rule: its text (and library name), shown in the report beside the best set's values. */
  rule?: { entry: string; exit: string; label?: string; trade?: string };
  /** dual_momentum_rotation: every symbol's closes on the common dates (`series` is the first's, the benchmark). */
  rotation?: RotationData;
}

export interface Plan {
  request: BacktestRequest;
  resolution: Resolution;
  runs: PlannedRun[];
  /** Σ sets × bars, counting the in-sample walk-forward sweep too: the size the budget is checked against. */
  barSets: number;
  symbolsReason: string;
}

/**
 * Everything that can fail on the caller's input, before any computation: strategy names, parameters,
 * windows against the data length. Throws BadRequestError / MarketDataError with the reason.
 */
export function buildPlan(
  request: BacktestRequest,
  resolution: Resolution,
  seriesBySymbol: Map<string, PriceSeries>,
  symbolsReason: string,
): Plan {
  // Templates, and each rule compiled once for every symbol and parameter set.
  const templates = resolution.strategies.map((chosen) => templateFor(chosen));
  // Every symbol expands the grid again: count all of them first, so a grid just under the limit times 20
  // symbols is refused before millions of sets are built (the rotation runs once, across all of them).
  let planned = 0;
  for (const [k, chosen] of resolution.strategies.entries())
    planned +=
      plannedSetCount(templates[k]!, chosen.params, chosen.grid) *
      (templates[k] === ROTATION ? 1 : seriesBySymbol.size);
  assertPlannedSets(planned, seriesBySymbol.size);
  const runs: PlannedRun[] = [];
  let barSets = 0;
  const aligned = new Map<string, PriceSeries>();
  for (const loaded of seriesBySymbol.values()) {
    for (const [k, chosen] of resolution.strategies.entries()) {
      const template = templates[k]!;
      const compiled = (template as Partial<ReturnType<typeof ruleTemplate>>).rule;
      let series = loaded;
      let rotation: RotationData | undefined;
      if (template === ROTATION) {
        // One rotated portfolio across all the symbols: planned once, on the first (its benchmark).
        if (loaded !== [...seriesBySymbol.values()][0]) continue;
        ({ series, rotation } = rotationSeries(seriesBySymbol, template, chosen.params, chosen.grid));
      } else if (compiled?.symbols.length) {
        // A rule across symbols runs once, on the symbol it trades, with the others' bars on common dates.
        const trade = chosen.rule?.trade?.toUpperCase() ?? [...seriesBySymbol.keys()][0]!.toUpperCase();
        if (loaded.symbol.toUpperCase() !== trade) continue;
        const key = `${k}:${trade}`;
        series = aligned.get(key) ?? alignFor(loaded, compiled, seriesBySymbol);
        aligned.set(key, series);
      }
      const reads = compiled?.fields ?? [];
      const lacking = reads.filter((f) => !series.fields?.[f as "open" | "high" | "low" | "volume"]);
      if (lacking.length)
        throw new BadRequestError(
          "missing_field",
          `the rule reads ${lacking.join(", ")} but the data of ${series.symbol} (${series.source}) has only closes`,
        );
      const sets = expandOn(series, template, chosen.params, chosen.grid);
      // A rule keeps two float64 rows per set in the shared table (and the engine packs a copy): bound that
      // memory (~0.64 GB at the limit), whatever the bar·set budget allows for templates.
      if (template.name === "rule" && sets.length * series.close.length > MAX_RULE_BAR_SETS)
        throw new BadRequestError(
          "rule_grid_too_large",
          `a rule sweep of ${sets.length} sets × ${series.close.length} bars is over ${MAX_RULE_BAR_SETS.toLocaleString("en")} bar·sets (each set keeps its entry/exit rows in memory); use fewer values per parameter`,
        );
      runs.push({
        series,
        template,
        sets,
        reason: chosen.reason,
        method: chosen.method,
        ...(chosen.rule ? { rule: chosen.rule } : {}),
        ...(rotation ? { rotation } : {}),
      });
      // Full-sample sweep + in-sample sweep + the benchmark and the single-set re-runs.
      barSets += sets.length * series.close.length * 2 + 3 * series.close.length;
    }
  }
  return { request, resolution, runs, barSets, symbolsReason };
}

/** expandSets on a series; across symbols, "too few bars" also says how many the symbols have in common. */
function expandOn(
  series: PriceSeries,
  template: StrategyTemplate,
  params: Params | undefined,
  grid: Record<string, number[]> | undefined,
): Params[] {
  try {
    return expandSets(template, params, grid, series.close.length);
  } catch (error) {
    if (error instanceof BadRequestError && error.code === "window_too_long" && series.alignment)
      throw new BadRequestError(
        error.code,
        `${error.message}, on the dates all its symbols share (${series.alignment})`,
      );
    throw error;
  }
}

/**
 * The rotation's symbols on the dates all of them have (alignSymbols: the first symbol's series with the others
 * beside it, the bars dropped in its notes). Fewer than two symbols, or too few common bars for the shortest
 * lookback tried, is refused here with the symbols' date ranges, before any computation.
 */
function rotationSeries(
  seriesBySymbol: Map<string, PriceSeries>,
  template: StrategyTemplate,
  params: Params | undefined,
  grid: Record<string, number[]> | undefined,
): { series: PriceSeries; rotation: RotationData } {
  const all = [...seriesBySymbol.values()];
  if (all.length < ROTATION.minSymbols)
    throw new BadRequestError(
      "too_few_symbols",
      `${template.name} rotates between ${ROTATION.minSymbols} or more symbols; the request has ${all.map((s) => s.symbol).join(", ") || "none"} (add symbols, or one --csv per symbol)`,
    );
  const [first, ...rest] = all as [PriceSeries, ...PriceSeries[]];
  const range = (s: PriceSeries) => `${s.symbol} ${s.dates[0]} … ${s.dates.at(-1)} (${s.dates.length} bars)`;
  // The lookbacks expandSets will try (its rules: a grid, else the params, else the default grid).
  const useGrid = grid ?? (params ? {} : template.grid);
  const lookbacks = useGrid.lookback ?? [params?.lookback ?? template.defaults.lookback!];
  const need = Math.min(...lookbacks) + 2;
  let series: PriceSeries;
  try {
    series = alignSymbols(first, rest);
  } catch (error) {
    if (error instanceof MarketDataError)
      throw new MarketDataError(
        "too_few_common_bars",
        `${error.message}; ${template.name} needs ${need} (${all.map(range).join("; ")})`,
      );
    throw error;
  }
  if (series.close.length < need)
    throw new MarketDataError(
      "too_few_common_bars",
      `${template.name} with lookback ${need - 2} needs ${need} bars on dates all the symbols have, and they share ${series.close.length}: ${all.map(range).join("; ")}`,
    );
  const symbols = all.map((s) => s.symbol.toUpperCase());
  const closes = [series.close, ...rest.map((s) => series.others![s.symbol.toUpperCase()]!.close)];
  return { series, rotation: { symbols, dates: series.dates, closes, sources: all.map((s) => s.source) } };
}

/** The traded series cut to the dates it shares with every other symbol the rule names (rules/align.ts). */
function alignFor(
  traded: PriceSeries,
  rule: CompiledRule,
  seriesBySymbol: Map<string, PriceSeries>,
): PriceSeries {
  const bySymbol = new Map([...seriesBySymbol.values()].map((s) => [s.symbol.toUpperCase(), s]));
  const others: PriceSeries[] = [];
  for (const symbol of rule.symbols) {
    if (symbol === traded.symbol.toUpperCase()) continue;
    const other = bySymbol.get(symbol);
    if (!other)
      throw new BadRequestError(
        "missing_symbol",
        `the rule reads ${symbol} but no data for ${symbol} came with the request (add it to symbols, or another --csv)`,
      );
    const lacking = (rule.symbolFields[symbol] ?? []).filter(
      (f) => !other.fields?.[f as "open" | "high" | "low" | "volume"],
    );
    if (lacking.length)
      throw new BadRequestError(
        "missing_field",
        `the rule reads ${lacking.map((f) => `${f}(${symbol})`).join(", ")} but the data of ${symbol} (${other.source}) has only closes`,
      );
    others.push(other);
  }
  return alignSymbols(traded, others);
}

/** The catalog template, or the rule compiled (a named rule keeps its checks and default grid). */
export function templateFor(chosen: ResolvedStrategy): StrategyTemplate {
  if (chosen.name === ROTATION.name) return ROTATION;
  if (chosen.name !== "rule") return templateOf(chosen.name);
  if (!chosen.rule) throw new BadRequestError("bad_rule", "a rule needs entry and exit conditions");
  try {
    const rule = compileRule(chosen.rule.entry, chosen.rule.exit);
    const named = chosen.rule.label ? namedRule(chosen.rule.label) : undefined;
    // A slotted library rule (close(A), close(B)) counts as itself once its slots are bound to the rule's symbols.
    const bind = (text: string) => (named?.slots ? bindSymbols(text, named.slots, rule.symbols) : text);
    const options =
      named && bind(named.entry) === chosen.rule.entry && bind(named.exit) === chosen.rule.exit ? named : {};
    const template = ruleTemplate(rule, {
      ...options,
      ...(chosen.rule.label ? { label: chosen.rule.label } : {}),
    });
    const given = new Set([...Object.keys(chosen.params ?? {}), ...Object.keys(chosen.grid ?? {})]);
    const missing = rule.params.filter(
      (p) => !given.has(p) && template.defaults[p] === undefined && !template.grid[p],
    );
    if (missing.length)
      throw new BadRequestError(
        "missing_param",
        `the rule uses ${missing.map((m) => `{${m}}`).join(", ")} but no value was given (params, grid or --param)`,
      );
    return template;
  } catch (error) {
    if (error instanceof RuleError) throw new BadRequestError("bad_rule", error.message);
    throw error;
  }
}
