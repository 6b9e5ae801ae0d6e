import type { BacktestRunView, ConceptSummary, MetricsSummary, Trade } from "@qp/schema";
import type { ConceptView } from "../store/concept-view.ts";
import { num, pct, price } from "./format.ts";
import { html, link, type SafeHtml } from "./html.ts";
import type { Passages } from "./passages.ts";
import { heatmapChart, timeChart } from "./svg.ts";

/** The report's sections, each a small template over the summary and the lead run. */

const STRATEGY = "#1f6feb";
const BENCHMARK = "#6e7781";

export function metricsTable(
  strategy: MetricsSummary,
  benchmark: MetricsSummary,
  yearDays: number,
): SafeHtml {
  const rows: Array<[string, string, string]> = [
    ["Total return", pct(strategy.total_return), pct(benchmark.total_return)],
    ["CAGR (per calendar year)", pct(strategy.cagr), pct(benchmark.cagr)],
    [`Sharpe ratio (annualised, √${yearDays})`, num(strategy.sharpe_ratio), num(benchmark.sharpe_ratio)],
    ["Max drawdown", pct(strategy.max_drawdown), pct(benchmark.max_drawdown)],
    ["Trades", String(strategy.trades_count), String(benchmark.trades_count)],
    ["Exposure (time in the market)", pct(strategy.exposure, 0), pct(benchmark.exposure, 0)],
  ];
  return html`<table class="metrics"><thead><tr><th>Metric</th><th>Strategy</th><th>Buy and hold</th></tr></thead><tbody>${rows.map(([label, s, b]) => html`<tr><th scope="row">${label}</th><td>${s}</td><td>${b}</td></tr>`)}</tbody></table>`;
}

export function equitySection(run: BacktestRunView): SafeHtml {
  const series = run.detail?.series;
  if (!series || series.dates.length < 2)
    return html`<p class="muted">No equity series in this back-test (the validator that ran it did not report one).</p>`;
  const cash = run.best.initial_cash;
  const equity = timeChart({
    id: "equity-chart",
    title: `Equity of ${run.symbol}: strategy vs buy and hold, starting from ${cash}`,
    dates: series.dates,
    series: [
      { key: "strategy", label: "Strategy", color: STRATEGY, values: series.equity },
      { key: "benchmark", label: "Buy and hold", color: BENCHMARK, values: series.benchmark },
    ],
    format: (v) => (Math.abs(v) >= 1000 ? `${Math.round(v / 100) / 10}k` : String(Math.round(v))),
  });
  const drawdown = timeChart({
    id: "drawdown-chart",
    title: "Drawdown from the running peak",
    dates: series.dates,
    includeZero: true,
    series: [
      { key: "strategy", label: "Strategy", color: "#cf222e", values: series.drawdown, area: true },
      { key: "benchmark", label: "Buy and hold", color: BENCHMARK, values: series.benchmark_drawdown },
    ],
    format: (v) => pct(v, 0),
  });
  const sampled = series.downsampled
    ? html` Drawn from ${series.dates.length} of ${series.bars} bars (first, last and every extreme kept).`
    : "";
  return html`<h2 id="equity">Equity curve vs buy and hold</h2>
<p class="muted">Value of ${cash} invested at the start, marked at each close.${sampled}</p>
${equity}
<h2 id="drawdown">Drawdown</h2>
<p class="muted">How far the value is below its highest point so far; the lowest point is the max drawdown.</p>
${drawdown}`;
}

export function heatmapSection(run: BacktestRunView): SafeHtml {
  const heatmap = run.grid.heatmap;
  if (run.sets_tried < 2 || !heatmap || (heatmap.x_values.length < 2 && heatmap.y_values.length < 2))
    return html``;
  const chosen = { x: run.best.params[heatmap.x]!, y: run.best.params[heatmap.y]! };
  return html`<h2 id="heatmap">Parameter sweep</h2>
<p class="muted">Sharpe ratio of each of the ${run.sets_tried} parameter sets tried${heatmap.note ? html`: ${heatmap.note}` : ""}. The outlined cell is the chosen set; grey cells are not valid sets.</p>
${heatmapChart({
  id: "heatmap-chart",
  title: `Sharpe ratio by ${heatmap.x} and ${heatmap.y}`,
  xName: heatmap.x,
  yName: heatmap.y,
  xValues: heatmap.x_values,
  yValues: heatmap.y_values,
  values: heatmap.sharpe_ratio,
  chosen,
  format: (v) => v.toFixed(2),
})}`;
}

export function tradesSection(run: BacktestRunView): SafeHtml {
  const trades = run.detail?.trades;
  if (!trades) return html`<h2 id="trades">Trades</h2><p class="muted">No trade list in this back-test.</p>`;
  if (trades.count === 0)
    return html`<h2 id="trades">Trades</h2><p>No trades: the rule never signalled an entry in this period.</p>`;
  const row = (t: Trade, i: number) =>
    html`<tr class="${t.status}"><td>${i + 1}</td><td>${t.entry_date}</td><td>${price(t.entry_price)}</td><td>${t.exit_date ?? "open"}</td><td>${price(t.exit_price)}</td><td class="${t.return < 0 ? "neg" : "pos"}">${pct(t.return)}</td><td>${t.bars}</td></tr>`;
  const more = trades.truncated
    ? html`<p class="muted">The first ${trades.items.length} of ${trades.count} trades.</p>`
    : "";
  return html`<h2 id="trades">Trades</h2>
<p class="muted">${trades.count} trade${trades.count === 1 ? "" : "s"}; prices are fills (slippage included), returns after fees. An open trade is valued at the last close.</p>
<table class="trades"><thead><tr><th>#</th><th>Entry</th><th>Entry price</th><th>Exit</th><th>Exit price</th><th>Return</th><th>Bars held</th></tr></thead><tbody>${trades.items.map(row)}</tbody></table>${more}`;
}

export function robustnessSection(summary: ConceptSummary): SafeHtml {
  const oos = summary.out_of_sample;
  const dsr = summary.deflated_sharpe;
  const params = Object.entries(oos.params)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return html`<h2 id="out-of-sample">Out of sample</h2>
<p><strong>What it means:</strong> the parameters were chosen on the earlier part of the data only, then traded unchanged from ${oos.start} to ${oos.end}, a period the choice never saw; a rule that only fits the past usually falls apart here.</p>
<p class="muted">Set chosen in sample: ${params || "no parameters"}.</p>
${metricsTable(oos, oos.benchmark, summary.year_days)}
<h2 id="deflated-sharpe">Deflated Sharpe ratio</h2>
<p class="big">${pct(dsr.value)} <span class="muted">after ${dsr.trials} set${dsr.trials === 1 ? "" : "s"} tried</span></p>
<p><strong>What it means:</strong> the probability that the chosen set's true Sharpe ratio is above zero, after allowing for how many sets were tried and for fat-tailed returns; well below 95 % the result may be luck of the search.</p>`;
}

/** A passage as one paragraph of at most `max` characters (chunks keep the page's line breaks). */
export function excerpt(text: string, max = 420): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max).replace(/\s+\S*$/, "")}…` : flat;
}

export function sourcesSection(view: ConceptView, passages: Passages): SafeHtml {
  const byUrl = new Map<string, Passages["hits"]>();
  for (const hit of passages.hits) byUrl.set(hit.url, [...(byUrl.get(hit.url) ?? []), hit]);
  const item = (source: ConceptView["sources"][number]) => {
    const best = (byUrl.get(source.url) ?? []).slice(0, 2);
    const title = source.title?.trim() || source.url;
    return html`<li class="source"><div>${link(source.url, title)} <span class="badge ${source.status}">${source.status}</span>${source.chunks ? html` <span class="muted">${source.chunks} chunks</span>` : ""}</div>
<div class="url">${source.url}</div>
${source.status === "failed" ? html`<p class="muted">Failed: ${source.reason ?? "no reason recorded"}</p>` : ""}
${best.map((p) => html`<blockquote>${excerpt(p.text)}<footer>relevance ${p.score.toFixed(3)}</footer></blockquote>`)}</li>`;
  };
  const ranked = [...view.sources].sort(
    (a, b) => (byUrl.get(b.url)?.[0]?.score ?? -1) - (byUrl.get(a.url)?.[0]?.score ?? -1),
  );
  return html`<h2 id="sources">Sources</h2>
<p class="muted">${view.sources.length} found, ${view.counts.crawled + view.counts.parsed} crawled, ${view.counts.failed} failed, ${view.chunks_total} chunks. Best passages by similarity to the concept text.${passages.unavailable ? html` Passages unavailable: ${passages.unavailable}.` : ""}</p>
${ranked.length ? html`<ol class="sources">${ranked.map(item)}</ol>` : html`<p>No sources were found for this concept.</p>`}`;
}
