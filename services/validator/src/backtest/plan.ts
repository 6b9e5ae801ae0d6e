import type { BacktestRequest } from "@qp/schema";
import type { PriceSeries } from "../data/types.ts";
import type { Resolution } from "../resolver/resolve.ts";
import type { Params, StrategyTemplate } from "../strategies/catalog.ts";
import { expandSets, templateOf } from "./sweep.ts";

export interface PlannedRun {
  series: PriceSeries;
  template: StrategyTemplate;
  sets: Params[];
  reason: string;
  method: string;
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
  const runs: PlannedRun[] = [];
  let barSets = 0;
  for (const series of seriesBySymbol.values()) {
    for (const chosen of resolution.strategies) {
      const template = templateOf(chosen.name);
      const sets = expandSets(template, chosen.params, chosen.grid, series.close.length);
      runs.push({ series, template, sets, reason: chosen.reason, method: chosen.method });
      // Full-sample sweep + in-sample sweep + the benchmark and the single-set re-runs.
      barSets += sets.length * series.close.length * 2 + 3 * series.close.length;
    }
  }
  return { request, resolution, runs, barSets, symbolsReason };
}
