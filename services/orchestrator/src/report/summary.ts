import type {
  BacktestReportView,
  BacktestRunView,
  ConceptSummary,
  MetricsSummary,
  PeriodStats,
  PortfolioResult,
} from "@qp/schema";
import type { ConceptView } from "../store/concept-view.ts";
import { leadRun } from "./load.ts";
import type { Passages } from "./passages.ts";

/** Template names in words, for the rule line. */
const TITLES: Record<string, string> = {
  buy_and_hold: "Buy and hold",
  sma_crossover: "SMA crossover",
  ema_crossover: "EMA crossover",
  rsi_mean_reversion: "RSI mean reversion",
  bollinger_bands: "Bollinger bands",
  macd: "MACD",
  donchian_breakout: "Donchian breakout",
  ts_momentum: "Time-series momentum",
  dual_momentum_rotation: "Dual momentum rotation",
};

/** "SMA crossover (fast 50, slow 200) on SPY". */
export function ruleOf(
  run: Pick<BacktestRunView, "strategy" | "symbol"> & { best: { params: Record<string, number> } },
): string {
  const params = Object.entries(run.best.params).map(([name, value]) => `${name} ${value}`);
  return `${TITLES[run.strategy] ?? run.strategy}${params.length ? ` (${params.join(", ")})` : ""} on ${run.symbol}`;
}

export function metricsOf(result: PortfolioResult, stats: PeriodStats | undefined): MetricsSummary {
  return {
    total_return: result.total_return,
    cagr: stats?.cagr ?? null,
    sharpe_ratio: result.sharpe_ratio,
    max_drawdown: result.max_drawdown,
    trades_count: result.trades_count,
    exposure: stats?.exposure ?? null,
  };
}

/** Top passages, at most one per source so that three passages show three sources when there are. */
export function topPassages(passages: Passages, count = 3): ConceptSummary["passages"] {
  const seen = new Set<string>();
  const first = passages.hits.filter((hit) => !seen.has(hit.url) && seen.add(hit.url));
  const rest = passages.hits.filter((hit) => !first.includes(hit));
  return [...first, ...rest]
    .slice(0, count)
    .map(({ url, title, text, score }) => ({ url, title, text, score }));
}

/** The summary of a concept whose back-test has finished (see `finishedBacktest`). */
export function buildSummary(
  view: ConceptView,
  report: BacktestReportView,
  passages: Passages,
): ConceptSummary {
  const run = leadRun(report);
  const stats = run.detail?.stats;
  const wf = run.walk_forward;
  const notes: string[] = [];
  const others = report.runs.filter((r) => r !== run);
  if (others.length)
    notes.push(
      `also tested, not shown: ${others.map((r) => `${ruleOf(r)} (Sharpe ${r.best.sharpe_ratio?.toFixed(2) ?? "n/a"})`).join("; ")}`,
    );
  if (!run.detail)
    notes.push("the validator that ran this back-test did not report CAGR, exposure or series");
  if (passages.unavailable) notes.push(passages.unavailable);
  if (report.synthetic) notes.push("computed on synthetic prices, not market data");
  const counts = view.counts;
  return {
    concept_id: view.concept_id,
    concept: view.concept,
    status: view.status,
    strategy: {
      name: run.strategy,
      rule: ruleOf(run),
      params: run.best.params,
      reason: run.reason,
      symbol: run.symbol,
      sets_tried: run.sets_tried,
    },
    period: {
      start: run.best.start ?? run.data.start,
      end: run.best.end ?? run.data.end,
      bars: run.best.bars ?? run.data.bars,
    },
    metrics: metricsOf(run.best, stats?.best),
    benchmark: metricsOf(run.benchmark, stats?.benchmark),
    year_days: report.year_days,
    out_of_sample: {
      ...metricsOf(wf.out_of_sample, stats?.out_of_sample),
      start: wf.out_of_sample.start ?? wf.split_date,
      end: wf.out_of_sample.end ?? run.data.end,
      params: wf.out_of_sample.params,
      benchmark: metricsOf(wf.benchmark_out_of_sample, stats?.benchmark_out_of_sample),
      note: wf.note,
    },
    deflated_sharpe: {
      value: run.deflated_sharpe.dsr,
      trials: run.deflated_sharpe.trials,
      sharpe_per_bar: run.deflated_sharpe.sr_per_bar,
      threshold_per_bar: run.deflated_sharpe.sr0_per_bar,
      note: run.deflated_sharpe.note,
    },
    sources_crawled: counts.crawled + counts.parsed,
    sources_failed: counts.failed,
    chunks: view.chunks_total,
    passages: topPassages(passages),
    synthetic: report.synthetic,
    engine: report.engine,
    notes,
  };
}
