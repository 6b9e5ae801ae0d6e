// The validator CLI's table, so `pnpm research` and `pnpm backtest` print figures the same way.
import { table } from "../../services/validator/src/cli/table.ts";
import type { Metrics, Summary } from "./client.ts";

const pct = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? "n/a" : `${(x * 100).toFixed(digits)} %`;
const num = (x: number | null | undefined, digits = 2) =>
  x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);
const int = (x: number | null | undefined) => (x === null || x === undefined ? "n/a" : String(x));

export function metricsTable(strategy: Metrics, benchmark: Metrics | undefined, yearDays?: number): string {
  const b = benchmark ?? {};
  const sharpeLabel = `Sharpe (√${yearDays ?? 365} annualised)`;
  return table([
    ["", "strategy", "buy & hold"],
    ["total return", pct(strategy.total_return), pct(b.total_return)],
    ["CAGR", pct(strategy.cagr), pct(b.cagr)],
    [sharpeLabel, num(strategy.sharpe_ratio), num(b.sharpe_ratio)],
    ["max drawdown", pct(strategy.max_drawdown), pct(b.max_drawdown)],
    ["trades", int(strategy.trades_count), int(b.trades_count)],
    ["exposure", pct(strategy.exposure, 0), pct(b.exposure, 0)],
  ]);
}

function paramsText(params: Record<string, unknown> | undefined): string {
  return Object.entries(params ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The short summary a person reads after a run. */
export function formatSummary(summary: Summary, reportPath: string): string {
  const out: string[] = [];
  const s = summary.strategy ?? {};
  out.push(`\n${summary.concept}  (concept ${summary.concept_id})`);
  out.push(
    `sources: ${int(summary.sources_crawled)} crawled, ${int(summary.sources_failed)} failed, ${int(summary.chunks)} chunks`,
  );
  const passages = summary.passages ?? [];
  if (passages.length) {
    out.push("\nbest passages:");
    passages.slice(0, 3).forEach((p, i) => {
      out.push(`  ${i + 1}. ${p.title ? `${clip(p.title, 80)} — ` : ""}${p.url}`);
      out.push(`     "${clip(p.text, 220)}"`);
    });
  }
  const rule =
    s.rule ??
    `${s.name ?? "?"}${s.params ? ` (${paramsText(s.params)})` : ""}${s.symbol ? ` on ${s.symbol}` : ""}`;
  const period = summary.period as { start?: string; end?: string; bars?: number } | undefined;
  out.push(
    `\nstrategy: ${rule}${period?.start ? `, ${period.start} – ${period.end} (${period.bars} bars)` : ""}`,
  );
  if (typeof s.sets_tried === "number" && s.sets_tried > 1)
    out.push(`  ${s.sets_tried} parameter sets tried`);
  if (s.reason) out.push(`  why: ${s.reason}`);
  if (summary.synthetic) out.push("  NOTE: synthetic prices (not market data)");
  out.push("");
  out.push(metricsTable(summary.metrics ?? {}, summary.benchmark, summary.year_days));
  const oos = summary.out_of_sample;
  if (oos) {
    const period = oos.start && oos.end ? ` ${oos.start} – ${oos.end}` : "";
    out.push(
      `\nout of sample${period}: total return ${pct(oos.total_return)}, Sharpe ${num(oos.sharpe_ratio)}` +
        `${oos.benchmark ? ` (buy & hold ${pct(oos.benchmark.total_return)}, Sharpe ${num(oos.benchmark.sharpe_ratio)})` : ""}`,
    );
  }
  const ds = summary.deflated_sharpe;
  if (ds) {
    const trials =
      ds.trials !== undefined ? ` over ${ds.trials} parameter set${ds.trials === 1 ? "" : "s"} tried` : "";
    out.push(
      `deflated Sharpe: ${num(ds.value ?? null, 3)}${trials} (probability the Sharpe is real after the search)`,
    );
  }
  for (const note of (summary.notes as string[] | undefined) ?? []) out.push(`note: ${note}`);
  out.push(`\nreport: ${reportPath}`);
  return out.join("\n");
}
