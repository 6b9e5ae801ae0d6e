import type { Params } from "../strategies/catalog.ts";

/** A rule traders name, written in the rule language, with its textbook values and the grid a sweep tries. */
export interface NamedRule {
  name: string;
  title: string;
  /** Plain words; the resolver ranks rules by similarity to them when no phrase names one. */
  description: string;
  entry: string;
  exit: string;
  defaults: Params;
  grid: Record<string, number[]>;
  check?: (p: Params) => string | null;
  /** The catalog template this rule restates (same fills; test/rules-templates.test.ts). */
  template?: string;
  /**
   * A rule across symbols names them `close(A)`, `close(B)`: the symbols a request gives are bound to these
   * slots in order (bindSymbols), and the first slot is the symbol traded.
   */
  slots?: string[];
}

const fastBelowSlow = (p: Params) =>
  (p.fast ?? 0) < (p.slow ?? 0) ? null : `fast (${p.fast}) must be smaller than slow (${p.slow})`;

export const RULES: NamedRule[] = [
  {
    name: "buy_and_hold",
    title: "Buy and hold",
    description: "buy at the first bar and hold, never sell, passive benchmark",
    entry: "true",
    exit: "false",
    defaults: {},
    grid: {},
    template: "buy_and_hold",
  },
  {
    name: "sma_crossover",
    title: "SMA crossover",
    description:
      "fast simple moving average crosses above the slow one (golden cross), sell on the cross below",
    entry: "crosses_above(sma({fast}), sma({slow}))",
    exit: "crosses_below(sma({fast}), sma({slow}))",
    defaults: { fast: 50, slow: 200 },
    grid: { fast: [5, 10, 15, 20, 30, 50], slow: [20, 50, 100, 150, 200] },
    check: fastBelowSlow,
    template: "sma_crossover",
  },
  {
    name: "ema_crossover",
    title: "EMA crossover",
    description: "fast exponential moving average crosses above the slow one, sell on the cross below",
    entry: "crosses_above(ema({fast}), ema({slow}))",
    exit: "crosses_below(ema({fast}), ema({slow}))",
    defaults: { fast: 12, slow: 26 },
    grid: { fast: [5, 8, 12, 20, 30], slow: [20, 26, 50, 100, 200] },
    check: fastBelowSlow,
    template: "ema_crossover",
  },
  {
    name: "rsi_mean_reversion",
    title: "RSI mean reversion",
    description:
      "relative strength index oscillator: buy when RSI crosses below oversold, sell above overbought",
    entry: "crosses_below(rsi({window}), {lower})",
    exit: "crosses_above(rsi({window}), {upper})",
    defaults: { window: 14, lower: 30, upper: 70 },
    grid: { window: [7, 14, 21], lower: [20, 25, 30, 35], upper: [65, 70, 75, 80] },
    check: (p) =>
      (p.lower ?? 0) > 0 && (p.lower ?? 0) < (p.upper ?? 0) && (p.upper ?? 0) < 100
        ? null
        : `need 0 < lower (${p.lower}) < upper (${p.upper}) < 100`,
    template: "rsi_mean_reversion",
  },
  {
    name: "bollinger_bands",
    title: "Bollinger bands mean reversion",
    description: "close crosses below the lower bollinger band to buy, above the upper band to sell",
    entry: "crosses_below(close, bb_lower({window}, {k}))",
    exit: "crosses_above(close, bb_upper({window}, {k}))",
    defaults: { window: 20, k: 2 },
    grid: { window: [10, 20, 30, 50], k: [1.5, 2, 2.5, 3] },
    check: (p) => ((p.k ?? 0) > 0 ? null : `k (${p.k}) must be positive`),
    template: "bollinger_bands",
  },
  {
    name: "macd",
    title: "MACD signal-line crossover",
    description: "MACD line (fast EMA minus slow EMA) crosses above its signal line, sell on the cross below",
    entry: "crosses_above(macd({fast}, {slow}), macd_signal({fast}, {slow}, {signal}))",
    exit: "crosses_below(macd({fast}, {slow}), macd_signal({fast}, {slow}, {signal}))",
    defaults: { fast: 12, slow: 26, signal: 9 },
    grid: { fast: [8, 12, 16], slow: [21, 26, 35], signal: [5, 9, 12] },
    check: fastBelowSlow,
    template: "macd",
  },
  {
    name: "donchian_breakout",
    title: "Donchian channel breakout",
    description: "close breaks above the highest close of the last N days (turtle), sell below the M-day low",
    entry: "close > shift(highest({window}), 1)",
    exit: "close < shift(lowest({exit_window}), 1)",
    defaults: { window: 20, exit_window: 10 },
    grid: { window: [10, 20, 50, 100], exit_window: [5, 10, 20, 50] },
    template: "donchian_breakout",
  },
  {
    name: "ts_momentum",
    title: "Time-series (absolute) momentum",
    description: "hold while the return over the lookback period is positive, cash when it turns negative",
    entry: "roc({lookback}) > 0",
    exit: "roc({lookback}) < 0",
    defaults: { lookback: 252 },
    grid: { lookback: [21, 63, 126, 189, 252] },
    template: "ts_momentum",
  },
  {
    name: "price_above_sma",
    title: "Price vs moving average (timing model)",
    description:
      "hold while the close is above its moving average, cash below it: 200-day or 10-month moving average timing, trend filter",
    entry: "close > sma({window})",
    exit: "close < sma({window})",
    defaults: { window: 200 },
    grid: { window: [50, 100, 150, 200, 210, 250] },
  },
  {
    name: "price_above_ema",
    title: "Price vs exponential moving average",
    description: "hold while the close is above its exponential moving average, cash below it",
    entry: "close > ema({window})",
    exit: "close < ema({window})",
    defaults: { window: 200 },
    grid: { window: [20, 50, 100, 200] },
  },
  {
    name: "connors_rsi_pullback",
    title: "RSI pullback with a trend filter (Connors)",
    description:
      "buy short-term oversold pullbacks (RSI 2 below 10) while the close is above the 200-day average; sell when the close rises above the 5-day average",
    entry: "rsi({window}) < {lower} and close > sma({trend})",
    exit: "close > sma({exit_ma})",
    defaults: { window: 2, lower: 10, trend: 200, exit_ma: 5 },
    grid: { window: [2, 3, 4], lower: [5, 10, 15, 20], trend: [200], exit_ma: [5, 10] },
  },
  {
    name: "bollinger_squeeze",
    title: "Bollinger squeeze breakout",
    description:
      "after the bollinger bands narrow to their tightest in months (volatility squeeze), buy the close breaking above the upper band; sell when it falls back below the middle band",
    entry:
      "crosses_above(close, bb_upper({window}, {k})) and shift(bb_upper({window}, {k}) - bb_lower({window}, {k}), 1) <= 1.1 * lowest(bb_upper({window}, {k}) - bb_lower({window}, {k}), {lookback})",
    exit: "crosses_below(close, sma({window}))",
    defaults: { window: 20, k: 2, lookback: 120 },
    grid: { window: [10, 20, 30], k: [1.5, 2], lookback: [60, 120, 250] },
    check: (p) => ((p.k ?? 0) > 0 ? null : `k (${p.k}) must be positive`),
  },
  {
    name: "zscore_reversion",
    title: "Z-score mean reversion",
    description:
      "buy when the close is more than z standard deviations below its moving average (z-score), sell when it reverts to the mean",
    entry: "zscore({window}) < -{entry_z}",
    exit: "zscore({window}) > {exit_z}",
    defaults: { window: 20, entry_z: 2, exit_z: 0 },
    grid: { window: [10, 20, 50], entry_z: [1, 1.5, 2, 2.5], exit_z: [0, 0.5] },
    check: (p) => ((p.entry_z ?? 0) > 0 ? null : `entry_z (${p.entry_z}) must be positive`),
  },
  {
    name: "turn_of_month",
    title: "Turn of the month",
    description:
      "seasonality: buy at the close a day before the month ends, sell a few trading days into the new month",
    entry: "days_to_month_end == {days_before}",
    exit: "trading_day_of_month == {days_after}",
    defaults: { days_before: 1, days_after: 3 },
    grid: { days_before: [0, 1, 2, 3], days_after: [1, 2, 3, 4, 5] },
  },
  {
    name: "sell_in_may",
    title: "Sell in May (Halloween effect)",
    description:
      "seasonality: hold from November through April, stay in cash from May through October (sell in May and go away, Halloween indicator)",
    entry: "month >= {start_month} or month <= {end_month}",
    exit: "month > {end_month} and month < {start_month}",
    defaults: { start_month: 11, end_month: 4 },
    grid: { start_month: [10, 11], end_month: [3, 4, 5] },
  },
  {
    name: "pairs_zscore",
    title: "Pairs trading: spread z-score of two symbols",
    description:
      "pairs trading, statistical arbitrage: buy the first symbol when the log-price spread of two symbols (hedge ratio fixed, 1 by default) is more than z standard deviations below its rolling mean (z-score); sell when the spread reverts to the mean",
    // The spread is log(A) − hedge·log(B); hedge 1 is the log of the price ratio A/B. The hedge ratio is a stated
    // constant, not fitted: a ratio fitted on the whole history would look ahead. Long only: the first symbol is
    // bought when it is cheap against the second (the short leg on B is not simulated).
    entry: "zscore(log(close(A)) - {hedge} * log(close(B)), {window}) < -{entry_z}",
    exit: "zscore(log(close(A)) - {hedge} * log(close(B)), {window}) > {exit_z}",
    defaults: { window: 60, entry_z: 2, exit_z: 0, hedge: 1 },
    grid: { window: [20, 60, 120], entry_z: [1.5, 2, 2.5], exit_z: [0], hedge: [1] },
    check: (p) => ((p.entry_z ?? 0) > 0 ? null : `entry_z (${p.entry_z}) must be positive`),
    slots: ["A", "B"],
  },
  {
    name: "pairs_zscore_fitted",
    title: "Pairs trading with a fitted hedge ratio (rolling OLS)",
    description:
      "pairs trading, statistical arbitrage with a hedge ratio fitted by rolling OLS regression of log A on log B (beta over the last hedge_window bars): buy the first symbol when the spread log A - beta * log B is more than z standard deviations below its rolling mean; sell when it reverts",
    // beta(y, x, n) is fitted on the n bars up to each bar only (no look-ahead), so the hedge ratio moves with
    // the pair instead of being a stated constant as in pairs_zscore. Long only, like pairs_zscore.
    entry:
      "zscore(log(close(A)) - beta(log(close(A)), log(close(B)), {hedge_window}) * log(close(B)), {window}) < -{entry_z}",
    exit: "zscore(log(close(A)) - beta(log(close(A)), log(close(B)), {hedge_window}) * log(close(B)), {window}) > {exit_z}",
    defaults: { window: 60, hedge_window: 60, entry_z: 2, exit_z: 0 },
    grid: { window: [20, 60, 120], hedge_window: [60, 120, 250], entry_z: [1.5, 2, 2.5], exit_z: [0] },
    check: (p) => ((p.entry_z ?? 0) > 0 ? null : `entry_z (${p.entry_z}) must be positive`),
    slots: ["A", "B"],
  },
  {
    name: "dual_momentum",
    title: "Dual momentum (absolute and relative)",
    description:
      "dual momentum (Antonacci): hold a symbol while its return over the lookback is positive (absolute momentum) and stronger than the other requested symbol's (relative momentum, rotation); cash otherwise",
    // One leg per symbol: A's leg holds A while A is the stronger and positive. The resolver runs every symbol's
    // leg; the legs never hold at the same time except on an exact tie of the two returns.
    entry: "roc(close(A), {lookback}) > 0 and roc(close(A), {lookback}) > roc(close(B), {lookback})",
    exit: "roc(close(A), {lookback}) < 0 or roc(close(A), {lookback}) < roc(close(B), {lookback})",
    defaults: { lookback: 252 },
    grid: { lookback: [63, 126, 189, 252] },
    slots: ["A", "B"],
  },
];

/** A slotted rule's text with its slots bound to tickers: `close(A)` → `close(KO)`. */
export function bindSymbols(text: string, slots: readonly string[], symbols: readonly string[]): string {
  return text.replace(
    /\b(close|open|high|low|volume)\(\s*([A-Za-z]+)\s*\)/g,
    (all, field: string, slot: string) => {
      const k = slots.indexOf(slot);
      return k >= 0 && symbols[k] ? `${field}(${symbols[k]!.toUpperCase()})` : all;
    },
  );
}

const byName = new Map(RULES.map((r) => [r.name, r]));

export function namedRule(name: string): NamedRule | undefined {
  return byName.get(name);
}
