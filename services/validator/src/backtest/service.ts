import { type BacktestRequest, conceptIdOf } from "@qp/schema";
import { HttpError } from "@qp/service-kit";
import type { MarketSource } from "../data/source.ts";
import { syntheticSeries } from "../data/synthetic.ts";
import { MarketDataError, type PriceSeries } from "../data/types.ts";
import type { Engines } from "../engine/select.ts";
import { bindSlots, type Embed, resolveStrategy } from "../resolver/resolve.ts";
import { compileRule, RuleError } from "../rules/compile.ts";
import { type BacktestReport, executePlan } from "./execute.ts";
import { buildPlan, type Plan } from "./plan.ts";
import { assertGridSize, BadRequestError, GridTooLargeError } from "./sweep.ts";

/** The `Backtest` collection writer (`@qp/vector-store`'s `upsertBacktests`). */
export interface BacktestSink {
  upsertBacktests(records: ReadonlyArray<Record<string, unknown>>): Promise<{ written: number }>;
}

export interface BacktestServiceDeps {
  engines: Engines;
  market: MarketSource;
  embed?: Embed;
  sink?: BacktestSink;
  defaultSymbols: string[];
  /** The concept's stored passages (vector store search by concept id), for the resolver; optional. */
  passages?: (conceptId: string, concept: string) => Promise<string[]>;
}

export type StoredReport = BacktestReport & {
  stored: { written: number } | { skipped: string } | { error: string };
};

/** Caller mistakes → 4xx with the reason (400 bad strategy/params, 413 grid too large, 422 bad market data). */
export function toHttpError(error: unknown): unknown {
  if (error instanceof GridTooLargeError)
    return new HttpError(413, error.code, error.message, [
      { path: "strategy.grid", message: `${error.count} parameter sets; limit ${error.limit}` },
    ]);
  if (error instanceof BadRequestError) return new HttpError(400, error.code, error.message);
  if (error instanceof RuleError) return new HttpError(400, "bad_rule", error.message);
  if (error instanceof MarketDataError) return new HttpError(422, error.code, error.message);
  return error;
}

/** Resolve, load and validate: every 4xx happens here, before any heavy work. */
export async function planBacktest(req: BacktestRequest, deps: BacktestServiceDeps): Promise<Plan> {
  try {
    // Refuse an oversized grid before resolving or loading anything (buildPlan counts again per symbol).
    assertGridSize(req.strategy?.grid);
    const known = new Set(deps.market.symbols());
    const resolution = await resolveStrategy(req.concept, {
      ...(req.strategy ? { strategy: req.strategy } : {}),
      ...(deps.embed ? { embed: deps.embed } : {}),
      knownSymbols: known,
    });
    if (resolution.refused)
      throw new BadRequestError(
        "no_matching_rule",
        `${resolution.refused.reason} Closest: ${resolution.refused.closest.map((c) => `${c.name} (${c.entry} / ${c.exit})`).join("; ")}`,
      );
    let symbols = req.symbols?.map((s) => s.toUpperCase());
    // A pair named by company ("Coke and Pepsi") leaves its slots to the request's symbols.
    const bound = bindSlots(resolution.strategies, symbols ?? []);
    if ("missing" in bound) throw new BadRequestError("missing_symbol", bound.missing);
    resolution.strategies = bound;
    let symbolsReason = "named in the request";
    if (!symbols?.length) {
      // Symbols the concept names are used or refused, never swapped for the default: "golden cross on
      // TSLA" without TSLA's data is a 422 naming TSLA, not a run on SPY. (The market source downloads them when enabled, else refuses naming them.)
      symbols = resolution.symbols;
      symbolsReason = resolution.symbols_reason;
    }
    // A rule across symbols (close(KO), close(PEP)) needs each symbol it names and the one it trades: loaded too
    // (before any default), never swapped for another: a symbol without data is a 422 naming the folder for its CSV.
    const named = resolution.strategies.flatMap((chosen) =>
      chosen.rule
        ? [
            ...(chosen.rule.trade ? [chosen.rule.trade.toUpperCase()] : []),
            ...compileRule(chosen.rule.entry, chosen.rule.exit).symbols,
          ]
        : [],
    );
    const extra = named.filter((s, i) => named.indexOf(s) === i && !symbols!.includes(s));
    if (extra.length) {
      symbolsReason = symbols.length
        ? `${symbolsReason}; ${extra.join(", ")} named by the rule`
        : `named by the rule: ${extra.join(", ")}`;
      symbols = [...symbols, ...extra];
    }
    if (!symbols.length) {
      symbols = deps.defaultSymbols;
      symbolsReason = `${symbolsReason}; using the default ${symbols.join(", ")}`;
    }
    const series = new Map<string, PriceSeries>();
    for (const [k, symbol] of symbols.entries()) {
      series.set(
        symbol,
        req.synthetic_seed !== undefined
          ? syntheticSeries({ seed: req.synthetic_seed + k, bars: 1000, symbol })
          : await deps.market.load(symbol, req.price_field),
      );
    }
    if (req.fixed_fees !== 0 && req.engine === "tfjs")
      throw new BadRequestError(
        "unsupported_option",
        "fixed_fees is supported by the native engine only (engine: native or auto)",
      );
    return buildPlan(req, resolution, series, symbolsReason);
  } catch (error) {
    throw toHttpError(error);
  }
}

/** Run a validated plan and write the best and benchmark results to the Backtest collection. */
export async function runPlan(plan: Plan, deps: BacktestServiceDeps): Promise<StoredReport> {
  const choice = await deps.engines.choose(plan.request.engine);
  const report = await executePlan(plan, choice.engine, choice.reason);
  return { ...report, stored: await store(report, plan.request, deps.sink) };
}

async function store(
  report: BacktestReport,
  req: BacktestRequest,
  sink?: BacktestSink,
): Promise<StoredReport["stored"]> {
  if (!req.store) return { skipped: "store: false in the request" };
  if (!sink) return { skipped: "no vector store configured" };
  const concept = req.concept ?? report.runs.map((r) => `${r.strategy} on ${r.symbol}`).join(", ");
  const concept_id = req.concept_id ?? (await conceptIdOf(concept));
  const records = report.runs
    .flatMap((run) => [run.best, run.benchmark, run.walk_forward.out_of_sample])
    .map((result) => ({ ...result, concept_id, concept }));
  try {
    return await sink.upsertBacktests(records);
  } catch (error) {
    return { error: (error as Error).message };
  }
}
