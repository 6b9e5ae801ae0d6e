/**
 * The names code dialects give the close, the price fields, the indicators and the crossings, and the modules and
 * owners that prefix them (`ta.`, `self.`, `df[...]`): one table of meanings read by translate.ts's Translator.
 */
export const CLOSE = new Set([
  "close",
  "c",
  "cl",
  "price",
  "prices",
  "src",
  "source",
  "adj_close",
  "adjclose",
  "closes",
  "px",
]);
export const FIELDS = new Set(["open", "high", "low", "volume", "o", "h", "l", "v"]);
export const FIELD_OF: Record<string, string> = { o: "open", h: "high", l: "low", v: "volume" };
export const DATE_FIELDS = new Set(["month", "day_of_week", "trading_day_of_month", "days_to_month_end"]);
/**
 * Counters of the month that pseudo-code names its own way, read with the engine's origins: the bars left in the
 * month (0 on its last bar) and the trading day of the month (1 on its first). A comment that defines one with
 * another origin ("bars_left: 1 on the month's last bar") overrides this (program.ts `calendarCounters`).
 */
export const DATE_ALIASES: Record<string, string> = {
  bars_to_month_end: "days_to_month_end",
  bars_until_month_end: "days_to_month_end",
  bars_left_in_month: "days_to_month_end",
  bars_before_month_end: "days_to_month_end",
  days_until_month_end: "days_to_month_end",
  days_left_in_month: "days_to_month_end",
  days_before_month_end: "days_to_month_end",
  trading_days_to_month_end: "days_to_month_end",
  trading_days_left: "days_to_month_end",
  trading_day: "trading_day_of_month",
  trading_day_in_month: "trading_day_of_month",
  trading_day_of_the_month: "trading_day_of_month",
  tdom: "trading_day_of_month",
  bar_of_month: "trading_day_of_month",
  bar_in_month: "trading_day_of_month",
  day_of_month_trading: "trading_day_of_month",
};
/** Frame columns and attributes that are a ticker's close: `df.KO`, `px['XLE']`, `data["BTC-USD"]`. */
export const TICKER = /^[A-Z][A-Z0-9]{0,4}(?:[.-][A-Z]{1,4})?$/;

// Rolling statistics as functions of (series, n): Julia RollingFunctions `rollmean`, R TTR `runMean` / zoo
// `rollmean`, MATLAB `movmean`, pandas-style `rolling_mean`.
export const SMA = new Set([
  "sma",
  "rollmean",
  "rollingmean",
  "rolling_mean",
  "runmean",
  "rollmeanr",
  "movmean",
  "ma",
  "average",
  "simplemovingaverage",
  "movingaverage",
  "movingaveragesimple",
  "mean",
]);
export const EMA = new Set([
  "ema",
  "xaverage",
  "expaverage",
  "exponentialmovingaverage",
  "movingaverageexponential",
  "ewma",
]);
export const RSI = new Set(["rsi", "relativestrengthindex"]);
export const ROC = new Set(["roc", "rateofchange", "pct_change", "returns"]);
// MAX(close, 100) and MIN(…) with a period are a spreadsheet's rolling extremes (max(a, b) of two series is not).
export const HIGHEST = new Set([
  "highest",
  "hhv",
  "maxn",
  "runmax",
  "max_rolling",
  "max",
  "rollmax",
  "rollmaxr",
  "movmax",
]);
export const LOWEST = new Set(["lowest", "llv", "minn", "runmin", "min_rolling", "min", "rollmin", "movmin"]);
export const STD = new Set([
  "stdev",
  "stddev",
  "std",
  "standarddeviation",
  "rollstd",
  "rolling_std",
  "runsd",
  "runstd",
  "movstd",
]);
export const ABOVE = new Set([
  "crossover",
  "crosses_above",
  "crossed_above",
  "crossabove",
  "cross",
  "crossup",
]);
export const BELOW = new Set(["crossunder", "crosses_below", "crossed_below", "crossbelow", "crossdown"]);

/** Indicators of the rule language that no dialect spells otherwise, read as written when code calls them. */
export const RULE_INDICATORS = new Set(["bb_upper", "bb_lower", "zscore", "macd_signal"]);

export const INDICATORS = [
  SMA,
  EMA,
  RSI,
  ROC,
  HIGHEST,
  LOWEST,
  STD,
  new Set(["macd", "bb", "bbands", "bollingerbands", "bollingerband"]),
];

/** Owners of variables: `self.rsi` and `rsi`, `df['left']` and `df.left` are one variable. */
export const OWNERS = new Set(["self", "df", "data", "this", "px", "prices", "frame"]);
/** Attributes that keep the series: statsmodels `.params`, pandas `.values`. */
export const SAME = new Set(["params", "values", "iloc", "loc", "array"]);

export const MODULES = new Set([
  "ta",
  "np",
  "pd",
  "math",
  "talib",
  "bt",
  "ind",
  "indicators",
  "vbt",
  "self",
  "strategy",
]);
