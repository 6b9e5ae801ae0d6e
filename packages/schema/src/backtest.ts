import { z } from "zod";
import { conceptIdSchema, conceptTextSchema } from "./common.ts";

/** The strategy templates the validator knows. */
export const strategyNameSchema = z.enum([
  "buy_and_hold",
  "sma_crossover",
  "ema_crossover",
  "rsi_mean_reversion",
  "bollinger_bands",
  "macd",
  "donchian_breakout",
  "ts_momentum",
  /**
   * Dual momentum as one rotated portfolio across the request's symbols (2 to 20): at each rebalance, hold the
   * symbol with the highest lookback return when it is above the threshold, else cash (services/validator README).
   */
  "dual_momentum_rotation",
  /** A rule in the validator's rule language (`strategy: {entry, exit}`); `rule` in the report names it. */
  "rule",
]);
export type StrategyName = z.infer<typeof strategyNameSchema>;

/** Numeric parameters of one strategy, e.g. `{ fast: 50, slow: 200 }`. */
export const strategyParamsSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), z.number())
  .refine((value) => Object.keys(value).length <= 16, "at most 16 parameters");

const gridSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), z.array(z.number()).min(1).max(1000));

/**
 * A strategy chosen by a person or the resolver: a catalog template by `name` with, optionally, its `params` or a
 * `grid`; or a rule in the validator's rule language (services/validator/README.md "Rules"): `entry` and `exit`
 * conditions such as `crosses_above(sma({fast}), sma({slow}))`, whose `{name}` placeholders take their values
 * from `params` (one set) or `grid` (the sweep, limited like a template's grid); `label` names a rule of the
 * validator's library (e.g. `price_above_sma`), shown in the report. One object (not a union) so that a mistake
 * is reported at its field, e.g. `strategy.name` for an unknown template. A rule may read other symbols' bars:
 * `close(PEP)` (services/validator/README.md "Rules across symbols"), traded on `trade`.
 */
export const strategyRequestSchema = z
  .strictObject({
    name: strategyNameSchema.optional(),
    entry: z.string().min(1).max(2000).optional(),
    exit: z.string().min(1).max(2000).optional(),
    label: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/)
      .optional(),
    params: strategyParamsSchema.optional(),
    grid: gridSchema.optional(),
    /**
     * A rule that names several symbols (`close(KO)`, `close(PEP)`) buys and sells this one (default: the first
     * of `symbols`); the others are read on the same dates (intersection, the dropped bars reported).
     */
    trade: z
      .string()
      .regex(/^[A-Za-z0-9.^=_-]{1,20}$/)
      .optional(),
  })
  .superRefine((s, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (s.entry !== undefined || s.exit !== undefined) {
      if (s.entry === undefined) issue("entry", "a rule needs an entry condition as well as an exit");
      if (s.exit === undefined) issue("exit", "a rule needs an exit condition as well as an entry");
      if (s.name !== undefined && s.name !== "rule")
        issue("name", 'with entry/exit, name is "rule" or absent');
    } else {
      if (s.name === undefined) issue("name", "required: a template name, or entry and exit conditions");
      if (s.name === "rule") issue("entry", 'name "rule" needs entry and exit conditions');
      if (s.label !== undefined) issue("label", "label names a rule: give entry and exit too");
      if (s.trade !== undefined)
        issue("trade", "trade names the symbol a rule trades: give entry and exit too");
    }
  });
export type StrategyRequest = z.infer<typeof strategyRequestSchema>;
/** A rule request (`entry` and `exit` present), as the schema's refinement guarantees. */
export type RuleRequest = StrategyRequest & { entry: string; exit: string };
export const isRuleRequest = (s: StrategyRequest): s is RuleRequest =>
  s.entry !== undefined && s.exit !== undefined;

export const engineNameSchema = z.enum(["native", "tfjs-node-gpu", "tfjs-node", "tfjs"]);
export type EngineName = z.infer<typeof engineNameSchema>;

/** `POST /backtest` body of the validator. */
export const backtestRequestSchema = z.strictObject({
  concept_id: conceptIdSchema.optional(),
  concept: conceptTextSchema.optional(),
  strategy: strategyRequestSchema.optional(),
  symbols: z
    .array(z.string().regex(/^[A-Za-z0-9.^=_-]{1,20}$/))
    .min(1)
    .max(20)
    .superRefine((symbols, ctx) => {
      // Tickers are case-insensitive: "spy" and "SPY" are one symbol, which a rotation or a pair cannot hold twice.
      const seen = new Map<string, number>();
      symbols.forEach((s, i) => {
        const first = seen.get(s.toUpperCase());
        if (first !== undefined)
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: `duplicate symbol ${s.toUpperCase()} (also at position ${first}); name each symbol once`,
          });
        else seen.set(s.toUpperCase(), i);
      });
    })
    .optional(),
  init_cash: z.number().positive().max(1e12).default(100),
  fees: z.number().min(0).max(0.1).default(0),
  /** Cash per filled order (vectorbt `fixed_fees`); native engine only. */
  fixed_fees: z.number().min(0).max(1e9).default(0),
  slippage: z.number().min(0).max(0.1).default(0),
  year_days: z.union([z.literal(365), z.literal(252)]).default(365),
  engine: z.enum(["auto", "native", "tfjs"]).default("auto"),
  /** Which close to trade on: "auto" = `Adj Close` when the file has it, else `Close`. */
  price_field: z.enum(["auto", "close", "adj_close"]).default("auto"),
  /** In-sample share of the bars for the walk-forward check (the rest is out of sample). */
  walk_forward_split: z.number().min(0.5).max(0.9).default(0.7),
  /** How the best parameter set is chosen. */
  best_by: z.enum(["sharpe_ratio", "total_return"]).default("sharpe_ratio"),
  /** Demo/test only: use the seeded synthetic series instead of market data; every result says synthetic. */
  synthetic_seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
  /** Write the best and benchmark results to the vector store's Backtest collection (default true). */
  store: z.boolean().default(true),
});
export type BacktestRequest = z.infer<typeof backtestRequestSchema>;

/** `POST /resolve` body of the validator: the concept to turn into a strategy (nothing is back-tested). */
export const resolveRequestSchema = z.strictObject({ concept: conceptTextSchema });
export type ResolveRequest = z.infer<typeof resolveRequestSchema>;

/** One back-test of one parameter set on one symbol. Field names follow the design. */
export const portfolioResultSchema = z.strictObject({
  portfolio_id: z.string().min(1).max(128),
  strategy: strategyNameSchema,
  params: strategyParamsSchema,
  symbol: z.string().min(1).max(20),
  initial_cash: z.number().positive(),
  final_value: z.number().min(0),
  total_return: z.number(),
  /** null where vectorbt gives NaN or ±inf (fewer than 2 bars, or zero variance). */
  sharpe_ratio: z.number().nullable(),
  /** Negative fraction from the running peak (e.g. −0.23), 0 when equity never falls; vectorbt's sign. */
  max_drawdown: z.number().min(-1).max(0),
  trades_count: z.number().int().min(0),
  gpu_accelerated: z.boolean(),
  engine: engineNameSchema,
  /** Seconds spent computing this result (its share of a sweep). */
  computation_time: z.number().min(0),
  synthetic: z.boolean().optional(),
  /** Closed trades (trades_count includes a still-open one, as vectorbt's `trades.count()`). */
  closed_trades: z.number().int().min(0).optional(),
  /** First and last bar traded (ISO dates) and the bar count. */
  start: z.string().optional(),
  end: z.string().optional(),
  bars: z.number().int().min(0).optional(),
  /** Why a metric is null, and any other caveat. */
  notes: z.array(z.string()).optional(),
});
export type PortfolioResult = z.infer<typeof portfolioResultSchema>;

/**
 * Figures the report adds to a PortfolioResult over the same bars (docs/backtest-conventions.md §5):
 * `cagr` = (final/initial)^(1/years) − 1 with years = calendar days from first to last bar / 365.25 (null when
 * the span is under a day or the value fell to 0); `exposure` = share of the bars at whose close a position
 * was held (buy-and-hold: 1).
 */
export const periodStatsSchema = z.strictObject({
  cagr: z.number().nullable(),
  exposure: z.number().min(0).max(1),
  years: z.number().min(0),
  bars_in_market: z.number().int().min(0),
});
export type PeriodStats = z.infer<typeof periodStatsSchema>;

/**
 * The best set's and the benchmark's equity and drawdown on shared dates, downsampled for a chart to at most
 * ~1,000 points (first, last and every series' extremes kept). Drawdown is a negative fraction from the running
 * peak, as `max_drawdown`.
 */
export const equitySeriesSchema = z.strictObject({
  bars: z.number().int().min(0),
  downsampled: z.boolean(),
  dates: z.array(z.string()),
  equity: z.array(z.number()),
  benchmark: z.array(z.number()),
  drawdown: z.array(z.number().min(-1).max(0)),
  benchmark_drawdown: z.array(z.number().min(-1).max(0)),
});
export type EquitySeries = z.infer<typeof equitySeriesSchema>;

/**
 * One trade of the best set (vectorbt exit trades): fill prices include slippage; `return` is vectorbt's trade
 * return, pnl after both fees / (size × entry price); an open trade is valued at the last close.
 */
export const tradeSchema = z.strictObject({
  status: z.enum(["open", "closed"]),
  /** The symbol traded, for a run that trades several (dual_momentum_rotation); absent when it is the run's own. */
  symbol: z.string().optional(),
  entry_date: z.string(),
  entry_price: z.number(),
  exit_date: z.string().nullable(),
  exit_price: z.number(),
  return: z.number(),
  /** Bars at whose close the position was held (their sum over trades is `bars_in_market`). */
  bars: z.number().int().min(0),
});
export type Trade = z.infer<typeof tradeSchema>;

/** A metric per parameter pair for a heatmap; `fixed` names the other parameters' values (the best set's). */
export const heatmapSchema = z.strictObject({
  x: z.string(),
  y: z.string(),
  x_values: z.array(z.number()),
  y_values: z.array(z.number()),
  sharpe_ratio: z.array(z.array(z.number().nullable())),
  total_return: z.array(z.array(z.number().nullable())),
  fixed: z.record(z.string(), z.number()).optional(),
  note: z.string().optional(),
});
export type Heatmap = z.infer<typeof heatmapSchema>;

/** What a report page needs beyond the metrics: period stats, the series, the trades. */
export const runDetailSchema = z.strictObject({
  stats: z.strictObject({
    best: periodStatsSchema,
    benchmark: periodStatsSchema,
    out_of_sample: periodStatsSchema,
    benchmark_out_of_sample: periodStatsSchema,
  }),
  series: equitySeriesSchema,
  trades: z.strictObject({
    count: z.number().int().min(0),
    /** The first `items.length` trades (at most 1,000, fewer per run when a concept has many runs; `count` has them all). */
    items: z.array(tradeSchema),
    truncated: z.boolean(),
  }),
});
export type RunDetail = z.infer<typeof runDetailSchema>;
