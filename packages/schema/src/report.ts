import { z } from "zod";
import {
  heatmapSchema,
  portfolioResultSchema,
  runDetailSchema,
  strategyNameSchema,
  strategyParamsSchema,
} from "./backtest.ts";
import { conceptIdSchema } from "./common.ts";

/**
 * The parts of the validator's `POST /backtest` answer that a report shows, as the orchestrator reads them back
 * from its store. These are views (`z.object`): the stored answer has more (resolution, repairs, the full grid)
 * and a report must not break when the validator adds a field; what is read is still checked.
 */
export const backtestRunViewSchema = z.object({
  symbol: z.string(),
  strategy: strategyNameSchema,
  method: z.string(),
  reason: z.string(),
  data: z.object({ source: z.string(), bars: z.number(), start: z.string(), end: z.string() }),
  sets_tried: z.number().int().min(1),
  best: portfolioResultSchema,
  benchmark: portfolioResultSchema,
  grid: z.object({ params: z.array(z.string()), heatmap: heatmapSchema.optional() }),
  walk_forward: z.object({
    split: z.number(),
    split_date: z.string(),
    out_of_sample: portfolioResultSchema,
    benchmark_out_of_sample: portfolioResultSchema,
    note: z.string(),
  }),
  deflated_sharpe: z.object({
    dsr: z.number().nullable(),
    trials: z.number().int(),
    sr_per_bar: z.number().nullable(),
    sr0_per_bar: z.number().nullable(),
    note: z.string(),
  }),
  /** Absent in reports of validators before the report page existed. */
  detail: runDetailSchema.optional(),
});
export type BacktestRunView = z.infer<typeof backtestRunViewSchema>;

export const backtestReportViewSchema = z.object({
  engine: z.string(),
  synthetic: z.boolean(),
  conventions: z.string(),
  /** Absent before the validator reported it; the validator's default was 365. */
  year_days: z.number().default(365),
  runs: z.array(backtestRunViewSchema).min(1),
});
export type BacktestReportView = z.infer<typeof backtestReportViewSchema>;

/** The headline metrics of one result, as fractions (0.12 = 12 %); CAGR/exposure null when not reported. */
export const metricsSummarySchema = z.strictObject({
  total_return: z.number(),
  cagr: z.number().nullable(),
  sharpe_ratio: z.number().nullable(),
  max_drawdown: z.number(),
  trades_count: z.number().int().min(0),
  exposure: z.number().min(0).max(1).nullable(),
});
export type MetricsSummary = z.infer<typeof metricsSummarySchema>;

export const passageSchema = z.strictObject({
  url: z.string(),
  title: z.string(),
  text: z.string(),
  score: z.number(),
});
export type Passage = z.infer<typeof passageSchema>;

/**
 * `GET /api/concepts/:id/summary` on the orchestrator, and `summary.json` of `pnpm research --out DIR`: the
 * concept's chosen strategy and its metrics against buy-and-hold, the out-of-sample check, the deflated Sharpe,
 * what was crawled, and the passages most relevant to the concept. All rates are fractions, not percent.
 */
export const conceptSummarySchema = z.strictObject({
  concept_id: conceptIdSchema,
  concept: z.string(),
  /** The concept's status as `GET /api/concepts/:id` gives it. */
  status: z.string(),
  strategy: z.strictObject({
    name: strategyNameSchema,
    /** The rule in words, e.g. "SMA crossover (fast 50, slow 200) on SPY". */
    rule: z.string(),
    params: strategyParamsSchema,
    reason: z.string(),
    symbol: z.string(),
    /** How many parameter sets were tried (1 when the parameters were given). */
    sets_tried: z.number().int().min(1),
  }),
  period: z.strictObject({ start: z.string(), end: z.string(), bars: z.number().int().min(0) }),
  metrics: metricsSummarySchema,
  benchmark: metricsSummarySchema,
  /** Sharpe annualisation: mean/std of bar returns × √year_days. */
  year_days: z.number(),
  out_of_sample: metricsSummarySchema.extend({
    start: z.string(),
    end: z.string(),
    /** The set chosen on the in-sample part only, then traded from cash on the held-out part. */
    params: strategyParamsSchema,
    benchmark: metricsSummarySchema,
    note: z.string(),
  }),
  deflated_sharpe: z.strictObject({
    /** Probability that the chosen set's true Sharpe is above 0 given `trials` sets tried; null if undefined. */
    value: z.number().nullable(),
    trials: z.number().int(),
    sharpe_per_bar: z.number().nullable(),
    threshold_per_bar: z.number().nullable(),
    note: z.string(),
  }),
  sources_crawled: z.number().int().min(0),
  sources_failed: z.number().int().min(0),
  chunks: z.number().int().min(0),
  /** The top passages by relevance to the concept (vector search within this concept's chunks), best first. */
  passages: z.array(passageSchema),
  synthetic: z.boolean(),
  engine: z.string(),
  /** Caveats: other runs not shown, passages unavailable, an old report without CAGR/exposure. */
  notes: z.array(z.string()),
});
export type ConceptSummary = z.infer<typeof conceptSummarySchema>;
