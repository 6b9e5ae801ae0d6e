import type { BacktestRequest, RunDetail } from "@qp/schema";
import type { PriceSeries } from "../data/types.ts";
import type { Params } from "../strategies/catalog.ts";
import { ROTATION } from "../strategies/rotation.ts";
import { deflatedSharpe } from "./deflated-sharpe.ts";
import { chartSeries, pathOf, periodStats } from "./detail.ts";
import type { RunReport } from "./execute.ts";
import { gridOf, pickBest } from "./grid.ts";
import type { PlannedRun } from "./plan.ts";
import { dataOf, toPortfolioResult } from "./report.ts";
import {
  type RotationCosts,
  type RotationData,
  type RotationRun,
  rotationTargets,
  rotationTrades,
  runRotation,
} from "./rotation.ts";

const native = { engine: "native" as const, gpu: false };

/**
 * The report of a dual-momentum rotation, with the same fields as any run: the sweep's best set, the benchmark
 * (buy and hold of the first symbol on the common dates), the grid, the walk-forward check, the deflated Sharpe
 * and the detail (each trade names its symbol). The rotation always runs on its own native loop.
 */
export async function rotationRunReport(
  run: PlannedRun,
  req: BacktestRequest,
  limits: { points: number; trades: number },
): Promise<RunReport> {
  const data = run.rotation!;
  const series = run.series;
  const n = series.close.length;
  const costs: RotationCosts = {
    initCash: req.init_cash,
    fees: req.fees,
    fixedFees: req.fixed_fees,
    slippage: req.slippage,
  };
  const memo = new Map<string, Float64Array>();
  const one = (params: Params, from: number, to: number) =>
    runRotation(data, rotationTargets(data, params, memo), costs, from, to, req.year_days);
  const holdFirst = new Int8Array(n).fill(0);
  const benchmarkRun = (from: number) => runRotation(data, holdFirst, costs, from, n, req.year_days);
  const sweep = (to: number) => {
    const started = performance.now();
    const metrics = run.sets.map((p) => one(p, 0, to).metrics);
    return { metrics, share: (performance.now() - started) / 1000 / run.sets.length };
  };
  // Results of the rotation carry every symbol ("SPY+GOOG+AAPL"); the benchmark keeps the first symbol's name.
  const portfolio: PriceSeries = { ...series, symbol: data.symbols.join("+") };
  const result =
    (s: PriceSeries, strategy: "dual_momentum_rotation" | "buy_and_hold") =>
    async (
      params: Params,
      r: RotationRun | { metrics: RotationRun["metrics"] },
      from: number,
      to: number,
      seconds = 0,
    ) =>
      toPortfolioResult(
        { series: s, strategy, costs, yearDays: req.year_days, ...native, seconds, from, to },
        params,
        r.metrics,
      );
  const rotated = result(portfolio, "dual_momentum_rotation");
  const benchmarkResult = result(series, "buy_and_hold");

  const full = sweep(n);
  const bestIndex = pickBest(full.metrics, req.best_by);
  const bestParams = run.sets[bestIndex]!;
  const bestRun = one(bestParams, 0, n);
  const best = await rotated(bestParams, bestRun, 0, n, full.share);
  const bh = benchmarkRun(0);
  const benchmark = await benchmarkResult({}, bh, 0, n);

  const split = Math.max(2, Math.min(n - 2, Math.floor(n * req.walk_forward_split)));
  const inSample = sweep(split);
  const isBest = pickBest(inSample.metrics, req.best_by);
  const isParams = run.sets[isBest]!;
  const oos = one(isParams, split, n);
  const bhOos = benchmarkRun(split);
  const perBar = full.metrics.map((m) =>
    Number.isFinite(m.sharpe) ? m.sharpe / Math.sqrt(req.year_days) : Number.NaN,
  );
  return {
    symbol: portfolio.symbol,
    strategy: ROTATION.name,
    method: run.method,
    reason: run.reason,
    rotation: {
      symbols: data.symbols,
      benchmark: `buy and hold of ${data.symbols[0]} (the first symbol) on the common dates`,
      note: "each rebalance holds the symbol with the highest lookback return when it is above the threshold, else cash; one position at a time, a switch sells then buys on the same close",
    },
    data: dataOf(series, data.sources.join(" + ")),
    sets_tried: run.sets.length,
    best,
    benchmark,
    grid: gridOf(run, full.metrics, bestParams),
    walk_forward: {
      split: req.walk_forward_split,
      split_date: series.dates[split]!,
      in_sample_best: await rotated(isParams, { metrics: inSample.metrics[isBest]! }, 0, split),
      out_of_sample: await rotated(isParams, oos, split, n),
      benchmark_out_of_sample: await benchmarkResult({}, bhOos, split, n),
      note: `best set chosen by ${req.best_by} on the first ${Math.round(req.walk_forward_split * 100)} % of bars, then traded from cash on the rest; lookback returns use all history up to each bar (no look-ahead)`,
    },
    deflated_sharpe: {
      ...deflatedSharpe(bestRun.returns, perBar),
      note: "Bailey & López de Prado (2014): probability that the best set's true Sharpe is above 0 given the number of sets tried; per-bar Sharpe ratios",
    },
    detail: detailOf(data, series, costs, { best: bestRun, bh, oos, bhOos }, split, limits),
  };
}

function detailOf(
  data: RotationData,
  series: PriceSeries,
  costs: RotationCosts,
  runs: { best: RotationRun; bh: RotationRun; oos: RotationRun; bhOos: RotationRun },
  split: number,
  limits: { points: number; trades: number },
): RunDetail {
  const path = (r: RotationRun, from: number) => pathOf(r, costs.initCash, from);
  const [best, bh] = [path(runs.best, 0), path(runs.bh, 0)];
  const stats = (r: RotationRun, from: number) =>
    periodStats(path(r, from), series.dates, from, costs.initCash, r.metrics.finalValue);
  const trades = rotationTrades(data, runs.best, costs, 0);
  return {
    stats: {
      best: stats(runs.best, 0),
      benchmark: stats(runs.bh, 0),
      out_of_sample: stats(runs.oos, split),
      benchmark_out_of_sample: stats(runs.bhOos, split),
    },
    series: chartSeries(best, bh, series.dates, 0, limits.points),
    trades: {
      count: trades.length,
      items: trades.slice(0, limits.trades),
      truncated: trades.length > limits.trades,
    },
  };
}

/** One set of a rotation over all its bars, as the CLI prints a single result (a PortfolioResult). */
export async function rotationResult(run: PlannedRun, req: BacktestRequest) {
  const data = run.rotation!;
  const n = data.dates.length;
  const costs = {
    initCash: req.init_cash,
    fees: req.fees,
    fixedFees: req.fixed_fees,
    slippage: req.slippage,
  };
  const started = performance.now();
  const params = run.sets[0]!;
  const r = runRotation(data, rotationTargets(data, params), costs, 0, n, req.year_days);
  return toPortfolioResult(
    {
      series: { ...run.series, symbol: data.symbols.join("+") },
      strategy: ROTATION.name,
      costs,
      yearDays: req.year_days,
      ...native,
      seconds: (performance.now() - started) / 1000,
      from: 0,
      to: n,
    },
    params,
    r.metrics,
  );
}
