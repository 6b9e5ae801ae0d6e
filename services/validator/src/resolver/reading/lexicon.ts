import type { Indicator } from "./reading.ts";

// The words the reading knows: indicator names, the filler that may stand between an indicator and its number,
// joiners of two numbers, comparison words for levels, and the words that open or close an exit clause.

/** Indicator names as word sequences; the longest first where one contains another. */
export const LEXICON: Array<[string[], Indicator]> = [
  [["relative", "strength", "index"], "rsi"],
  [["rsi"], "rsi"],
  [["macd"], "macd"],
  [["moving", "average", "convergence", "divergence"], "macd"],
  // "The 50-day line": a line is an average only with a period attached (reading.ts drops the others).
  [["line"], "ma"],
  [["lines"], "ma"],
  [["moving", "averages"], "ma"],
  [["moving", "average"], "ma"],
  [["moving", "avg"], "ma"],
  ...(["ma", "mas", "sma", "smas", "ema", "emas", "dma", "average", "averages", "avg", "mavg"] as const).map(
    (w) => [[w], "ma"] as [string[], Indicator],
  ),
  ...(["bollinger", "bb", "bbands", "bband", "bands", "band"] as const).map(
    (w) => [[w], "bb"] as [string[], Indicator],
  ),
  [["b", "-", "bands"], "bb"],
  [["z", "-", "score"], "z"],
  [["z", "score"], "z"],
  [["zscore"], "z"],
  [["standardized"], "z"],
  [["standardised"], "z"],
  [["standard", "score"], "z"],
  [["z"], "z"],
  [["mean"], "mean"],
  ...(["donchian", "channel", "breakout", "breakouts", "turtle"] as const).map(
    (w) => [[w], "breakout"] as [string[], Indicator],
  ),
  ...(["high", "highs", "highest"] as const).map((w) => [[w], "high"] as [string[], Indicator]),
  ...(["low", "lows", "lowest"] as const).map((w) => [[w], "low"] as [string[], Indicator]),
  [["rate", "of", "change"], "return"],
  ...(["return", "returns", "momentum", "momo", "roc", "performance", "gain", "gains"] as const).map(
    (w) => [[w], "return"] as [string[], Indicator],
  ),
  ...(["price", "close", "closes", "closing", "p"] as const).map(
    (w) => [[w], "price"] as [string[], Indicator],
  ),
];

/** Words that may stand between an indicator and the number after it: "sma(50)", "rsi of 10", "period 14". */
export const AFTER_FILLER = new Set([
  // Formula subscripts: "SMA_t(20)", "Z_t(30)".
  "t",
  "(",
  "-",
  ":",
  "=",
  "of",
  "period",
  "length",
  "lookback",
  "window",
  "setting",
  "entry",
  "threshold",
]);
/** Words that may stand between a period and the indicator after it: "200 day simple moving average". */
export const BEFORE_FILLER = new Set([
  "-",
  "moving",
  "simple",
  "exponential",
  // "a 30-day exponentially smoothed average".
  "exponentially",
  "smoothed",
  "trailing",
  "rolling",
  "time",
  "series",
  "absolute",
  "price",
  "day",
  "daily",
]);
/** Joiners of two numbers: "50/200", "20x80", "10 by 50", "15 & 60", "20 and 100", "8 over 34". */
export const JOINERS = new Set(["/", "x", "×", "by", "&", "and", "vs", "to", "-", "over", ",", "versus"]);
export const BELOW = new Set([
  "below",
  "under",
  "beneath",
  "<",
  "<=",
  "less",
  "lower",
  "oversold",
  "dips",
  "dip",
  "drops",
  "smaller",
]);
export const BELOW_VERBS = new Set([
  "drop",
  "falls",
  "fall",
  "sinks",
  "slides",
  "buy",
  "bought",
  "enter",
  "entry",
  "entries",
]);
export const ABOVE = new Set([
  "above",
  "over",
  ">",
  ">=",
  "exceeds",
  "exceed",
  "tops",
  "greater",
  "more",
  "higher",
  "bigger",
  "larger",
]);
export const ABOVE_VERBS = new Set([
  "exits",
  "profit",
  "beyond",
  "overbought",
  "rises",
  "climbs",
  "crosses",
  "crossing",
  "sell",
  "exit",
]);
export const LEVEL_FILLER = new Set([
  "+",
  "to",
  "at",
  "of",
  "back",
  "the",
  "a",
  "=",
  ":",
  "(",
  "than",
  "when",
  "it",
  "level",
  // "drops through 25", "climbs through 75": the verb says the side.
  "through",
  "thru",
]);

export const EXIT_WORDS = new Set([
  "sell",
  "sells",
  "selling",
  "exit",
  "exits",
  "exiting",
  "out",
  "flat",
  "flatten",
  "unwind",
  "cover",
]);
export const ENTRY_WORDS = new Set(["buy", "buys", "buying", "enter", "entry", "long", "in"]);
export const CLAUSE_ENDS = new Set([",", ";", ".", "?", "!", "|", "then", "otherwise", "else"]);

export const STANDALONE_NEXT = new Set([
  "crosses",
  "cross",
  "crossed",
  "crossing",
  "is",
  "rises",
  "falls",
  "drops",
  "moves",
  "goes",
  "above",
  "below",
  "over",
  "under",
  "and",
  "or",
  "then",
]);
