import { basename } from "node:path";
import type { StrategyName } from "@qp/schema";
import { type PortfolioResult, stableId } from "@qp/schema";
import type { PriceSeries } from "../data/types.ts";
import { parseRule, show } from "../rules/parse.ts";
import type { Params } from "../strategies/catalog.ts";
import type { SetMetrics } from "./metrics.ts";

export interface ResultContext {
  series: PriceSeries;
  strategy: StrategyName;
  costs: { initCash: number; fees: number; fixedFees: number; slippage: number };
  yearDays: number;
  engine: PortfolioResult["engine"];
  gpu: boolean;
  /** Seconds of this result's share of the sweep. */
  seconds: number;
  from: number;
  to: number;
  /** For a rule (strategy "rule"): its text, part of the id, since every rule shares the strategy name. */
  rule?: { entry: string; exit: string };
}

/** A rule's canonical text (show of the parsed tree): spacing and letter case do not make a new portfolio. */
function canonicalRule(text: string): string {
  try {
    return show(parseRule(text));
  } catch {
    return text.trim().replace(/\s+/g, " ");
  }
}

/** JSON has no inf/NaN: vectorbt's +inf (zero variance) and NaN (< 2 bars) Sharpe become null with a note. */
export function jsonSharpe(sharpe: number): { value: number | null; note?: string } {
  if (Number.isFinite(sharpe)) return { value: sharpe };
  if (sharpe === Number.POSITIVE_INFINITY)
    return {
      value: null,
      note: "sharpe_ratio is +inf in vectorbt (zero variance of returns, e.g. never traded): null here",
    };
  return { value: null, note: "sharpe_ratio is NaN in vectorbt (fewer than 2 bars): null here" };
}

export async function toPortfolioResult(
  ctx: ResultContext,
  params: Params,
  m: SetMetrics,
): Promise<PortfolioResult> {
  const { series, costs } = ctx;
  const sharpe = jsonSharpe(m.sharpe);
  const notes: string[] = [];
  if (sharpe.note) notes.push(sharpe.note);
  if (series.synthetic) notes.push(`computed on synthetic data (${series.source}), not market prices`);
  if (series.alignment) notes.push(series.alignment);
  const start = series.dates[ctx.from]!;
  const end = series.dates[ctx.to - 1]!;
  const portfolio_id = await stableId(
    series.symbol,
    // The file name, not its directory: the same data gives the same id on every machine.
    basename(series.source),
    series.priceField,
    start,
    end,
    ctx.strategy,
    JSON.stringify(params),
    String(costs.initCash),
    String(costs.fees),
    String(costs.fixedFees),
    String(costs.slippage),
    // A rule across symbols: the same rule on GOOG against SPY or against AAPL is a different portfolio.
    ...(series.others ? [Object.keys(series.others).join(",")] : []),
    // Every rule is strategy "rule": without its text two rules with the same params (or none) got one id and
    // overwrote each other in the store. Appended only for rules, so template ids stay as they were.
    ...(ctx.rule ? [`entry:${canonicalRule(ctx.rule.entry)}`, `exit:${canonicalRule(ctx.rule.exit)}`] : []),
    // The Sharpe ratio depends on the annualisation: a 252-day run is not the default run's portfolio.
    ...(ctx.yearDays !== 365 ? [`year_days:${ctx.yearDays}`] : []),
  );
  return {
    portfolio_id,
    strategy: ctx.strategy,
    params,
    symbol: series.symbol.slice(0, 20),
    initial_cash: costs.initCash,
    final_value: Math.max(0, m.finalValue),
    total_return: m.totalReturn,
    sharpe_ratio: sharpe.value,
    max_drawdown: Math.min(0, Math.max(-1, m.maxDrawdown)),
    trades_count: m.trades,
    closed_trades: m.closedTrades,
    gpu_accelerated: ctx.gpu,
    engine: ctx.engine,
    computation_time: ctx.seconds,
    start,
    end,
    bars: ctx.to - ctx.from,
    ...(series.synthetic ? { synthetic: true } : {}),
    ...(notes.length ? { notes } : {}),
  };
}

/** A run's `data` block: where its bars came from, their span, and what loading them repaired. */
export function dataOf(series: PriceSeries, source: string) {
  const n = series.close.length;
  return {
    source,
    price_field: series.priceField,
    bars: n,
    start: series.dates[0]!,
    end: series.dates[n - 1]!,
    repairs: series.repairs,
    synthetic: series.synthetic,
  };
}
