import type { PortfolioResult } from "@qp/schema";
import type { BacktestReport, RunReport } from "../backtest/execute.ts";
import { table } from "./table.ts";

const pct = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? "n/a" : `${(x * 100).toFixed(2)} %`;
const num = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);

const paramsText = (params: Record<string, number>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");

/** Extra figures a report may carry beside a result (CAGR, exposure), when the validator computed them. */
type Stats = { cagr?: number | null; exposure?: number } | undefined;

function resultRows(label: string, r: PortfolioResult, given: Stats): string[] {
  const stats = given ?? (r as PortfolioResult & Stats);
  return [
    label,
    pct(r.total_return),
    pct(stats?.cagr),
    num(r.sharpe_ratio),
    pct(r.max_drawdown),
    String(r.trades_count),
    stats?.exposure === undefined ? "n/a" : pct(stats.exposure),
    r.final_value.toFixed(2),
  ];
}

const HEAD = ["", "total return", "CAGR", "Sharpe", "max drawdown", "trades", "exposure", "final value"];

/** One parameter set's result as a person reads it. */
export function formatResult(r: PortfolioResult & { engine_reason?: string }): string {
  const period = r.start && r.end ? `${r.start} – ${r.end}, ${r.bars} bars` : "";
  return [
    `${r.strategy} ${paramsText(r.params)} on ${r.symbol}${period ? ` (${period})` : ""}${r.synthetic ? "  [synthetic data]" : ""}`,
    "",
    table([HEAD, resultRows("strategy", r, undefined)]),
    "",
    `engine: ${r.engine} (gpu_accelerated: ${r.gpu_accelerated})${r.engine_reason ? `; ${r.engine_reason}` : ""}`,
    ...(r.notes ?? []).map((note) => `note: ${note}`),
  ].join("\n");
}

/** The best `limit` sets of a sweep by Sharpe (n/a last), as table rows. */
export function topSets(run: RunReport, limit = 10): string[][] {
  const g = run.grid;
  const order = g.sets
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (g.sharpe_ratio[b] ?? Number.NEGATIVE_INFINITY) - (g.sharpe_ratio[a] ?? Number.NEGATIVE_INFINITY),
    );
  return [
    ["#", ...g.params, "Sharpe", "total return", "max drawdown", "trades"],
    ...order
      .slice(0, limit)
      .map((i, rank) => [
        String(rank + 1),
        ...g.sets[i]!.map(String),
        num(g.sharpe_ratio[i]),
        pct(g.total_return[i]),
        pct(g.max_drawdown[i]),
        String(g.trades_count[i]),
      ]),
  ];
}

function formatRun(run: RunReport): string {
  const stats = (run as RunReport & { stats?: Record<string, Stats> }).stats;
  const wf = run.walk_forward;
  const ds = run.deflated_sharpe;
  return [
    `${run.strategy} on ${run.symbol}: ${run.data.start} – ${run.data.end}, ${run.data.bars} bars (${run.data.source})${run.data.synthetic ? "  [synthetic data]" : ""}`,
    `chosen by ${run.method}: ${run.reason}`,
    ...(run.best.notes ?? []).filter((n) => n.startsWith("aligned by date")).map((n) => `data: ${n}`),
    "",
    table([
      HEAD,
      resultRows(`best: ${paramsText(run.best.params)}`, run.best, stats?.best),
      resultRows("buy & hold", run.benchmark, stats?.benchmark),
      resultRows(`out of sample from ${wf.split_date}`, wf.out_of_sample, stats?.out_of_sample),
      resultRows("buy & hold, out of sample", wf.benchmark_out_of_sample, stats?.benchmark_out_of_sample),
    ]),
    "",
    `top ${Math.min(10, run.sets_tried)} of ${run.sets_tried} parameter sets by Sharpe:`,
    table(topSets(run)),
    "",
    `deflated Sharpe: ${num(ds.dsr)} over ${ds.trials} trials (${ds.note})`,
    `walk-forward: ${wf.note}`,
  ].join("\n");
}

/** A sweep report as a person reads it; the full grid goes to --out FILE. */
export function formatReport(report: BacktestReport, outFile?: string): string {
  return [
    ...report.runs.map(formatRun),
    "",
    `engine: ${report.engine} (gpu_accelerated: ${report.gpu_accelerated}); ${report.engine_reason}`,
    `symbols: ${report.symbols_reason}`,
    outFile ? `full report with every set: ${outFile}` : "every set: add --out FILE (JSON), or --json",
  ].join("\n");
}
