import type { BacktestRequest, Heatmap } from "@qp/schema";
import type { Params } from "../strategies/catalog.ts";
import type { SetMetrics } from "./metrics.ts";
import type { PlannedRun } from "./plan.ts";
import { jsonSharpe } from "./report.ts";

export interface GridReport {
  params: string[];
  /** Parameter values of each set, in `params` order. */
  sets: number[][];
  total_return: number[];
  sharpe_ratio: Array<number | null>;
  max_drawdown: number[];
  trades_count: number[];
  /**
   * Matrices [y][x] ready for a heatmap (null where the set is invalid): the two parameters of a two-parameter
   * template, or for more the two with the most values tried, the others `fixed` at the best set's values.
   */
  heatmap?: Heatmap;
}

/** The best set's index by `by` (ties: the higher total return, then the first). */
export function pickBest(metrics: SetMetrics[], by: BacktestRequest["best_by"]): number {
  let best = 0;
  const key = (m: SetMetrics) =>
    by === "sharpe_ratio" ? (Number.isFinite(m.sharpe) ? m.sharpe : Number.NEGATIVE_INFINITY) : m.totalReturn;
  for (let k = 1; k < metrics.length; k++) {
    const a = key(metrics[k]!);
    const b = key(metrics[best]!);
    if (a > b || (a === b && metrics[k]!.totalReturn > metrics[best]!.totalReturn)) best = k;
  }
  return best;
}

export function gridOf(run: PlannedRun, metrics: SetMetrics[], bestParams: Params): GridReport {
  const names = run.template.paramNames;
  const grid: GridReport = {
    params: names,
    sets: run.sets.map((s) => names.map((n) => s[n]!)),
    total_return: metrics.map((m) => m.totalReturn),
    sharpe_ratio: metrics.map((m) => jsonSharpe(m.sharpe).value),
    max_drawdown: metrics.map((m) => m.maxDrawdown),
    trades_count: metrics.map((m) => m.trades),
  };
  if (names.length >= 2) grid.heatmap = heatmapOf(run, grid, bestParams);
  return grid;
}

/** The heatmap's two axes and, for templates with more parameters, the best set's slice through the others. */
function heatmapOf(run: PlannedRun, grid: GridReport, bestParams: Params): Heatmap {
  const names = run.template.paramNames;
  const distinct = (name: string) => [...new Set(run.sets.map((s) => s[name]!))].sort((a, b) => a - b);
  // Two parameters: those two. More: the two with the most values tried (template order breaks ties).
  const [x, y] = [...names]
    .map((name, order) => ({ name, order, count: distinct(name).length }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, 2)
    .sort((a, b) => a.order - b.order)
    .map((axis) => axis.name) as [string, string];
  const fixedNames = names.filter((n) => n !== x && n !== y);
  const fixed = Object.fromEntries(fixedNames.map((n) => [n, bestParams[n]!]));
  const inSlice = (s: Params) => fixedNames.every((n) => s[n] === fixed[n]);
  const xs = distinct(x);
  const ys = distinct(y);
  const empty = () => ys.map(() => xs.map((): number | null => null));
  const sharpe = empty();
  const total = empty();
  run.sets.forEach((s, k) => {
    if (!inSlice(s)) return;
    const [xi, yi] = [xs.indexOf(s[x]!), ys.indexOf(s[y]!)];
    sharpe[yi]![xi] = grid.sharpe_ratio[k]!;
    total[yi]![xi] = grid.total_return[k]!;
  });
  return {
    x,
    y,
    x_values: xs,
    y_values: ys,
    sharpe_ratio: sharpe,
    total_return: total,
    ...(fixedNames.length
      ? {
          fixed,
          note: `${x} × ${y} with ${fixedNames.map((n) => `${n} = ${fixed[n]}`).join(", ")} (the best set's values)`,
        }
      : {}),
  };
}
