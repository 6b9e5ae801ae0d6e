import { createHash } from "node:crypto";
import type { BacktestReportView, ConceptSummary } from "@qp/schema";
import type { ConceptView } from "../store/concept-view.ts";
import { html, SafeHtml } from "./html.ts";
import { leadRun } from "./load.ts";
import type { Passages } from "./passages.ts";
import {
  equitySection,
  heatmapSection,
  metricsTable,
  robustnessSection,
  sourcesSection,
  tradesSection,
} from "./sections.ts";

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;max-width:900px;margin:24px auto;padding:0 16px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.concept{font-size:18px;margin:4px 0 8px}.muted{color:#59636e}.big{font-size:22px;margin:4px 0}
.warn{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;border-radius:6px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}th,td{padding:4px 12px;border-bottom:1px solid #eaeef2;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid #d0d7de}table.metrics th[scope=row]{font-weight:normal}
td.neg{color:#cf222e}td.pos{color:#1a7f37}tr.open td{font-style:italic}
.chart{display:block;margin:8px 0;font-size:11px}.chart text{fill:#59636e}.chart .grid{stroke:#eaeef2}.chart .frame{stroke:#d0d7de}
.chart .cell-text{fill:#1f2328;font-size:11px}.chart .axis{fill:#1f2328;font-size:12px}
ol.sources{padding-left:20px}li.source{margin:12px 0}.url{color:#59636e;font-size:12px;word-break:break-all}
blockquote{margin:6px 0;padding:4px 12px;border-left:3px solid #d0d7de;color:#31373d}blockquote footer{color:#59636e;font-size:12px}
.badge{font-size:12px;padding:0 6px;border-radius:8px;background:#eaeef2}.badge.failed{background:#ffebe9;color:#cf222e}.badge.parsed{background:#dafbe1;color:#1a7f37}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dt{color:#59636e}dd{margin:0}
footer.page{margin-top:40px;font-size:12px;color:#59636e}
`;

/**
 * Content-Security-Policy of the page: nothing loads or runs. No script at all, no remote fetches (images,
 * fonts, frames, forms), and the one inline style block allowed by its hash. The page carries the same policy
 * in a meta tag, so a saved copy (`pnpm research --out`) opened from disk is held to it too (`frame-ancestors`
 * only works as a header).
 */
const POLICY = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'; img-src data:; base-uri 'none'; form-action 'none'`;
export const REPORT_CSP = `${POLICY}; frame-ancestors 'none'`;

/** The whole report page for a concept with a finished back-test. */
export function renderReport(
  view: ConceptView,
  report: BacktestReportView,
  passages: Passages,
  summary: ConceptSummary,
): string {
  const run = leadRun(report);
  const s = summary;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="referrer" content="no-referrer">
<title>Report: ${view.concept}</title>
<style>${new SafeHtml(STYLE)}</style></head>
<body>
<header>
<h1>Research report</h1>
<p class="concept">${view.concept}</p>
<p class="muted">Concept ${view.concept_id} · status ${view.status} · ${s.period.start} to ${s.period.end} (${s.period.bars} daily bars of ${s.strategy.symbol}) · engine ${s.engine}</p>
${s.synthetic ? html`<p class="warn">Computed on synthetic prices, not market data: these figures say nothing about a real market.</p>` : ""}
</header>
<h2 id="rule">Chosen rule</h2>
<p class="big">${s.strategy.rule}</p>
<dl><dt>Why this rule</dt><dd>${s.strategy.reason}</dd>
<dt>Parameters</dt><dd>${s.strategy.sets_tried > 1 ? `best of ${s.strategy.sets_tried} sets tried, by Sharpe ratio` : "as given"}</dd></dl>
<h2 id="metrics">Strategy vs buy and hold</h2>
${metricsTable(s.metrics, s.benchmark, s.year_days)}
${equitySection(run)}
${heatmapSection(run)}
${tradesSection(run)}
${robustnessSection(s)}
${sourcesSection(view, passages)}
<footer class="page">
${s.notes.map((note) => html`<p>Note: ${note}</p>`)}
<p>Conventions: ${report.conventions}. CAGR per calendar year; exposure = share of bars holding a position.</p>
</footer>
</body></html>
`;
  return page.value;
}
