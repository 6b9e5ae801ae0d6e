import type { BacktestRequest, PortfolioResult, RunDetail, StrategyName } from "@qp/schema";
import type { PriceSeries } from "../data/types.ts";
import { runSets, SET_STRIDE } from "../engine/kernel.ts";
import { IndicatorTable } from "../engine/table.ts";
import type { Engine } from "../engine/types.ts";
import { tableExtra } from "../rules/align.ts";
import { CATALOG, type Params, type StrategyTemplate } from "../strategies/catalog.ts";
import { type DeflatedSharpe, deflatedSharpe } from "./deflated-sharpe.ts";
import { chartSeries, pathOf, periodStats, tradesOf } from "./detail.ts";
import { type GridReport, gridOf, pickBest } from "./grid.ts";
import { metricsOf, type SetMetrics } from "./metrics.ts";
import type { Plan, PlannedRun } from "./plan.ts";
import { dataOf, toPortfolioResult } from "./report.ts";
import { rotationRunReport } from "./rotation-report.ts";
import { buildSpecs } from "./sweep.ts";

export interface RunReport {
  symbol: string;
  strategy: StrategyName;
  /** strategy "rule": the entry and exit conditions (placeholders as written; `best.params` fills them). */
  rule?: { entry: string; exit: string; label?: string };
  /** dual_momentum_rotation: the symbols rotated between, in order, and what the benchmark is. */
  rotation?: { symbols: string[]; benchmark: string; note: string };
  method: string;
  reason: string;
  data: {
    source: string;
    price_field: string;
    bars: number;
    start: string;
    end: string;
    repairs: string[];
    synthetic: boolean;
  };
  sets_tried: number;
  best: PortfolioResult;
  benchmark: PortfolioResult;
  grid: GridReport;
  walk_forward: {
    split: number;
    split_date: string;
    in_sample_best: PortfolioResult;
    out_of_sample: PortfolioResult;
    benchmark_out_of_sample: PortfolioResult;
    note: string;
  };
  deflated_sharpe: DeflatedSharpe & { note: string };
  /** Period stats (CAGR, exposure), the chart series and the best set's trades. */
  detail: RunDetail;
}

/** Trades listed per run (the count has them all): 1,000, fewer when a concept has many runs (≥ 100 each). */
const maxTrades = (runs: number) => Math.min(1000, Math.max(100, Math.floor(2000 / Math.max(1, runs))));

/**
 * Chart points per run: 1,000 for one or two runs, fewer when a concept sweeps many symbols × templates, so
 * that the whole report stays well under what the orchestrator stores (~2,000 points in all, ≥ 250 per run).
 */
const chartPoints = (runs: number) => Math.min(1000, Math.max(250, Math.floor(2000 / Math.max(1, runs))));

export interface BacktestReport {
  concept_id?: string;
  concept?: string;
  resolution: Plan["resolution"];
  symbols_reason: string;
  engine: PortfolioResult["engine"];
  gpu_accelerated: boolean;
  engine_reason: string;
  synthetic: boolean;
  conventions: string;
  /** The Sharpe ratios' annualisation: mean/std × √year_days. */
  year_days: number;
  runs: RunReport[];
  computation_time: number;
}

interface Sweep {
  metrics: SetMetrics[];
  seconds: number;
}

async function sweep(
  engine: Engine,
  table: IndicatorTable,
  run: PlannedRun,
  from: number,
  to: number,
  req: BacktestRequest,
): Promise<Sweep> {
  const specs = buildSpecs(run.template, run.sets, table);
  const raw = await engine.run({ table, specs, nSets: run.sets.length, from, to, costs: costsOf(req) });
  return {
    metrics: run.sets.map((_, k) => metricsOf(raw.out, k, to - from, req.init_cash, req.year_days)),
    seconds: raw.seconds,
  };
}

const costsOf = (req: BacktestRequest) => ({
  initCash: req.init_cash,
  fees: req.fees,
  fixedFees: req.fixed_fees,
  slippage: req.slippage,
});

/** One set on the native kernel, with its bar returns (for the deflated Sharpe's skew and kurtosis). */
export function singleSet(
  table: IndicatorTable,
  template: StrategyTemplate,
  params: Params,
  from: number,
  to: number,
  req: BacktestRequest,
) {
  const specs = buildSpecs(template, [params], table);
  const out = new Float64Array(SET_STRIDE);
  const returns = new Float64Array(to - from);
  const fills = new Int32Array(to + 1);
  const c = costsOf(req);
  runSets({
    ...table.kernelInputs(),
    sets: specs,
    s0: 0,
    s1: 1,
    from,
    to,
    ...c,
    out,
    fillsOut: fills,
    returnsOut: returns,
  });
  const fillBars = Array.from(fills.subarray(0, fills.indexOf(0) < 0 ? fills.length : fills.indexOf(0)));
  return { metrics: metricsOf(out, 0, to - from, req.init_cash, req.year_days), returns, fills: fillBars };
}

type Single = ReturnType<typeof singleSet>;

/** CAGR and exposure of each result, the chart series and the best set's trades. */
function detailOf(
  series: PriceSeries,
  req: BacktestRequest,
  runs: { best: Single; benchmark: Single; oos: Single; bhOos: Single },
  split: number,
  [best, benchmark]: [PortfolioResult, PortfolioResult],
  limits: { points: number; trades: number },
): RunDetail {
  const costs = costsOf(req);
  const paths = {
    best: pathOf(runs.best, req.init_cash, 0),
    benchmark: pathOf(runs.benchmark, req.init_cash, 0),
    oos: pathOf(runs.oos, req.init_cash, split),
    bhOos: pathOf(runs.bhOos, req.init_cash, split),
  };
  const stats = (path: (typeof paths)["best"], from: number, final: number) =>
    periodStats(path, series.dates, from, req.init_cash, final);
  const trades = tradesOf(runs.best, paths.best, series, 0, costs);
  return {
    stats: {
      best: stats(paths.best, 0, best.final_value),
      benchmark: stats(paths.benchmark, 0, benchmark.final_value),
      out_of_sample: stats(paths.oos, split, runs.oos.metrics.finalValue),
      benchmark_out_of_sample: stats(paths.bhOos, split, runs.bhOos.metrics.finalValue),
    },
    series: chartSeries(paths.best, paths.benchmark, series.dates, 0, limits.points),
    trades: {
      count: trades.length,
      items: trades.slice(0, limits.trades),
      truncated: trades.length > limits.trades,
    },
  };
}

/** Run a plan: per symbol × strategy the full sweep, the benchmark, the walk-forward check and the DSR. */
export async function executePlan(plan: Plan, engine: Engine, engineReason: string): Promise<BacktestReport> {
  const started = performance.now();
  const req = plan.request;
  const runs: RunReport[] = [];
  const tables = new Map<PriceSeries, IndicatorTable>();
  for (const run of plan.runs) {
    if (run.rotation) {
      const limits = { points: chartPoints(plan.runs.length), trades: maxTrades(plan.runs.length) };
      runs.push(await rotationRunReport(run, req, limits));
      continue;
    }
    const series = run.series;
    const table = tables.get(series) ?? new IndicatorTable(series.close, tableExtra(series));
    tables.set(series, table);
    const n = series.close.length;
    const ctx = (from: number, to: number, seconds: number, strategy: StrategyName, eng = engine) => ({
      series,
      strategy,
      costs: costsOf(req),
      yearDays: req.year_days,
      engine: eng.name,
      gpu: eng.gpuAccelerated,
      seconds,
      from,
      to,
      ...(strategy === "rule" && run.rule ? { rule: run.rule } : {}),
    });
    const full = await sweep(engine, table, run, 0, n, req);
    const share = full.seconds / run.sets.length;
    const bestIndex = pickBest(full.metrics, req.best_by);
    const bestParams = run.sets[bestIndex]!;
    const best = await toPortfolioResult(
      ctx(0, n, share, run.template.name),
      bestParams,
      full.metrics[bestIndex]!,
    );
    // The benchmark and single-set re-runs are tiny: always the native kernel, labelled as such.
    const native = { name: "native" as const, gpuAccelerated: false };
    const bh = singleSet(table, CATALOG.buy_and_hold, {}, 0, n, req);
    const benchmark = await toPortfolioResult(ctx(0, n, 0, "buy_and_hold", native as Engine), {}, bh.metrics);
    const split = Math.max(2, Math.min(n - 2, Math.floor(n * req.walk_forward_split)));
    const inSample = await sweep(engine, table, run, 0, split, req);
    const isBest = pickBest(inSample.metrics, req.best_by);
    const isParams = run.sets[isBest]!;
    const oos = singleSet(table, run.template, isParams, split, n, req);
    const bhOos = singleSet(table, CATALOG.buy_and_hold, {}, split, n, req);
    const bestRun = singleSet(table, run.template, bestParams, 0, n, req);
    const detail = detailOf(
      series,
      req,
      { best: bestRun, benchmark: bh, oos, bhOos },
      split,
      [best, benchmark],
      { points: chartPoints(plan.runs.length), trades: maxTrades(plan.runs.length) },
    );
    const perBar = full.metrics.map((m) =>
      Number.isFinite(m.sharpe) ? m.sharpe / Math.sqrt(req.year_days) : Number.NaN,
    );
    runs.push({
      symbol: series.symbol,
      strategy: run.template.name,
      ...(run.rule ? { rule: run.rule } : {}),
      method: run.method,
      reason: run.reason,
      data: dataOf(series, series.source),
      sets_tried: run.sets.length,
      best,
      benchmark,
      grid: gridOf(run, full.metrics, bestParams),
      walk_forward: {
        split: req.walk_forward_split,
        split_date: series.dates[split]!,
        in_sample_best: await toPortfolioResult(
          ctx(0, split, inSample.seconds / run.sets.length, run.template.name),
          isParams,
          inSample.metrics[isBest]!,
        ),
        out_of_sample: await toPortfolioResult(
          ctx(split, n, 0, run.template.name, native as Engine),
          isParams,
          oos.metrics,
        ),
        benchmark_out_of_sample: await toPortfolioResult(
          ctx(split, n, 0, "buy_and_hold", native as Engine),
          {},
          bhOos.metrics,
        ),
        note: `best set chosen by ${req.best_by} on the first ${Math.round(req.walk_forward_split * 100)} % of bars, then traded from cash on the rest; indicators use all history up to each bar (no look-ahead)`,
      },
      deflated_sharpe: {
        ...deflatedSharpe(bestRun.returns, perBar),
        note: "Bailey & López de Prado (2014): probability that the best set's true Sharpe is above 0 given the number of sets tried; per-bar Sharpe ratios",
      },
      detail,
    });
  }
  const synthetic = plan.runs.some((r) => r.series.synthetic);
  return {
    ...(req.concept_id ? { concept_id: req.concept_id } : {}),
    ...(req.concept ? { concept: req.concept } : {}),
    resolution: plan.resolution,
    symbols_reason: plan.symbolsReason,
    engine: engine.name,
    gpu_accelerated: engine.gpuAccelerated,
    engine_reason: engineReason,
    synthetic,
    conventions:
      "vectorbt from_signals defaults: fill at the signal bar's close, all-in fractional size, long only, no accumulation, entry+exit on one bar ignored; Sharpe ddof 1 × sqrt(year_days); max drawdown from the running peak (negative); trades include an open one",
    year_days: req.year_days,
    runs,
    computation_time: (performance.now() - started) / 1000,
  };
}
