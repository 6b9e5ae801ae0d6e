import { CROSS_SPAN } from "./calques.ts";
import { IDIOMS } from "./idioms.ts";
import type { Indicator } from "./reading.ts";
import { SLANG } from "./slang.ts";

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
  ...(["bollinger", "bb", "bbands", "bband", "bands", "band", "bandwidth"] as const).map(
    (w) => [[w], "bb"] as [string[], Indicator],
  ),
  [["b", "-", "bands"], "bb"],
  [["z", "-", "score"], "z"],
  [["z", "score"], "z"],
  [["zscore"], "z"],
  [["standardized"], "z"],
  [["standardised"], "z"],
  // The z-score told as the verb that makes it: "standardize the close against its 30-day mean and deviation".
  ...(
    ["standardize", "standardise", "standardizes", "standardises", "standardizing", "standardising"] as const
  ).map((w) => [[w], "z"] as [string[], Indicator]),
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
  // "when the z-score passes 0.5", "surpasses 70" (a literal "dépasse", "supera"): a level passed going up.
  "passes",
  "passed",
  "surpasses",
  "surpassed",
  "overtakes",
  // Italian "supera", Spanish "supera": "when the z-score overcomes 0.5".
  "overcomes",
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
  // Told as a story: "bought when …, sold when it closed above its 10-day average".
  "sold",
  "exit",
  "exits",
  "exiting",
  "exited",
  "out",
  "flat",
  "flatten",
  "unwind",
  "cover",
  // "take profits on the first close above the 10-day average", "book profits when …": the exit's clause.
  "profits",
]);
export const ENTRY_WORDS = new Set([
  "buy",
  "buys",
  "buying",
  "bought",
  "enter",
  "entered",
  "entry",
  "long",
  "in",
]);
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
  // Set against the other period: "the 30 day versus the 100 day", "the 20 day against the 50 day".
  "versus",
  "vs",
  "against",
  // A clause said next without a comma, as dictation runs on: "on IWM the 100 day hold when the close is above it".
  "hold",
  "buy",
  "sell",
  "when",
  "while",
]);

/** After a statistic, the span it is taken over: "of the closes of the last 50 days", "in the prior thirty sessions". */
const SPAN_AFTER = String.raw`\s+(?:(?:close|closes|closing prices?|prices?|highs|lows|candles|bars)\s+)?(?:of|over|in|across|from|during)\s+(?:(?:the|its)\s+)?(?:closes\s+(?:of|over|in)\s+the\s+)?(?:last|past|prior|previous|preceding)\s+(?:\d+\b|[a-z]+(?:[\s-][a-z]+)?\s+(?:trading\s+)?(?:days?|sessions?|bars?|weeks?|months?|years?|closes|candles|periods?)\b)`;

/**
 * Non-native English, voice dictation and misspellings, rewritten to the words the reading knows before anything
 * reads them (lower-case text; tokens.ts `translate`). Each row is a kind of wording, not a sentence: a calque of
 * another language's name for an indicator ("moving media", "mobile average", "relative force index",
 * "convergence-divergence of moving averages"), a homophone of dictation ("cell when" for "sell when"), a misspelt
 * name ("mcad"), or a verb or noun of trading in other words ("cut … from below" = crosses above, "stay liquid" =
 * in cash, "simple possession" = buy and hold, "purchase"/"sale", "passes under").
 */
export const TRANSLATIONS: Array<[RegExp, string]> = [
  // Comparatives built with "more", "superior to", one standard deviation told with an article (idioms.ts).
  ...IDIOMS,
  // Chat slang for holding ("diamond hands it to the end", "no paper hands"; slang.ts).
  ...SLANG,
  // An imperative "use" after an exit's clause opens the settings, as dictation runs on without a stop: "… sell when
  // it closes above the upper band use thirty days and two and a half deviations" (the rule's settings, not the
  // exit's). Right after the exit word it is the exit's own ("sell use +0.5 standard deviations", "exit: use …").
  [
    /(?<=\b(?:sell|sells|selling|sold|exit|exits|exiting|out|flat|cover)\b(?:\s+[^\s.;,!?:]+){2,})\s+use\b/g,
    ", use",
  ],
  // Exponential abbreviated: "exp moving avg", "expo MA", "exp. average" (not "exp(" of a formula).
  [/\bexp(?:o|\.)?\s+(?=(?:moving|mov\.?|avg|averages?|ma|mas)\b)/g, "exponential "],
  // A chat's channel is where the message is posted, not a price channel: "in this channel", "to the slack channel"
  // (a channel with a period, a breakout or a high stays the indicator, as does "out of this channel"); "@channel"
  // goes with every other mention in tokens.ts `withoutMentions`.
  [
    /\b(?:in|to|on|across)\s+(?:this|our|that|the\s+(?=slack|discord|team|trading\s+room))\s*(?:slack\s+|discord\s+|team\s+|trading\s+room\s+)?channel\b(?!\s*(?:breakout|high|low|of\b|\d))/g,
    " here",
  ],
  // The oscillator named by its inventor: "Wilder's own reading of his oscillator" is his RSI.
  [/\bwilder(?:'s|s)?\b([^.!?;]{0,40}?)\b(?:his|the)\s+oscillator\b/g, "wilder$1rsi"],
  // … "Wilder's index", "Wilder's relative strength", "the oscillator (J. Welles) Wilder designed".
  [/\bwilder(?:'s|s)?\s+(?:relative\s+strength(?:\s+index)?|index|oscillator|indicator)\b/g, "wilder rsi"],
  [
    /\b(the|his)\s+(?:oscillator|index|indicator)\s+(?:that\s+|which\s+)?(?:j\.?\s*)?(?:welles\s+)?wilder\b/g,
    "$1 rsi wilder",
  ],
  // … or a period's "index" or "oscillator" beside his name or his zones: "buy as the 14-day index slips below 30"
  // after "Wilder treated readings under 30 as oversold" (not a named one: "money flow index", "ultimate oscillator").
  [
    /(?<=\b(?:wilder|oversold|overbought)\b[^.!?]*?)\b(\d+[\s-]*(?:day|period|bar|session)s?)\s+(?:index|oscillator)\b/g,
    "$1 rsi",
  ],
  [
    /\b(\d+[\s-]*(?:day|period|bar|session)s?)\s+(?:index|oscillator)\b(?=[^.!?]*?\b(?:wilder|oversold|overbought)\b)/g,
    "$1 rsi",
  ],
  // The z-score told as what it measures: "how many standard deviations the price sits below its 10-day mean".
  [
    /\bhow\s+many\s+standard\s+deviations\s+(?:the\s+)?(?:price|close)\s+(?:sits|is|lies|trades|stands)\s+(?:below|under|away\s+from|from)\s+its\s+/g,
    "the z-score of price against its ",
  ],
  // … or as its recipe: "normalize the close by its 20-day mean and standard deviation", "subtract the 30-day mean
  // and divide by the 30-day standard deviation" (a normalizing with no mean and deviation stays what it was).
  [
    /\bnormali[sz]\w*\b(?=[^.;]{0,60}?\b(?:mean|average)\s+and\s+(?:its\s+|the\s+)?(?:\d+[\s-]*(?:day|bar|period|session)s?\s+)?(?:standard\s+deviation|std|stdev|sigma|volatility)\b)/g,
    "standardize",
  ],
  [
    /\bsubtract\w*\s+(?:the|its|a)\s+(\d+[\s-]*(?:day|bar|period|session)s?)\s+(?:mean|average|moving\s+average)\s+(?:from\s+(?:the\s+|today's\s+)?(?:price|close)\s+)?(?:and|then)\s+divid\w*\s+(?:it\s+|that\s+|the\s+result\s+)?by\s+(?:the|its|a)\s+(?:\d+[\s-]*(?:day|bar|period|session)s?\s+)?(?:standard\s+deviation|std|stdev|sigma)\b/g,
    "take the z-score of price against its $1 mean",
  ],
  // … or as its arithmetic in words: "the price minus its 50-day mean divided by its standard deviation", "take the
  // close minus the 30 day average, divide by the 30 day standard deviation", "(close minus 50 day mean) over 50 day
  // std dev".
  [
    /\(?\s*(?:take\s+)?(?:the\s+|today\s+)?(?:price|close|closing\s+price|last\s+price)\s+minus\s+(?:(?:the|its|a)\s+)?(\d+[\s-]*(?:day|bar|period|session)s?)\s+(?:mean|average|moving\s+average|ma|sma)\s*\)?\s*,?\s*(?:and\s+|then\s+)?(?:divid\w*\s+(?:it\s+|that\s+|the\s+result\s+)?by|over)\s+(?:the|its|a)?\s*(?:\d+[\s-]*(?:day|bar|period|session)s?\s+)?(?:standard\s+deviation|std\s+dev|std|stdev|sigma|sd)\b/g,
    "the z-score of price against its $1 mean",
  ],
  // Dictation: "o l s" (the regression), "a new twenty day hi", "by on a new high" (buy).
  [/\bo\s+l\s+s\b/g, "ols"],
  [/\bday\s+hi\b/g, "day high"],
  [/\bby\s+on\b/g, "buy on"],
  // Spanish "media móvil" told word by word; "inside"/"outside" the market for in and out of it.
  [/\bmobile\s+media\b/g, "moving average"],
  [/\b(be|stay|stays|being|staying)\s+inside\b/g, "$1 in"],
  [/\boutside\s+when\b/g, "out when"],
  // Calques of an average: Italian/Spanish "media mobile", French "moyenne mobile", German "gleitender Durchschnitt".
  [/\bmoving\s+media\b/g, "moving average"],
  [/\bmoving\s+medias\b/g, "moving averages"],
  // The noun before its adjectives, as Romance languages order them: "the means mobiles simples" (French "moyennes
  // mobiles simples", Spanish "medias móviles simples", Italian "medie mobili semplici"), "the mean mobile of 100
  // days", "average mobile exponential": the kind moves before the average, the average is a moving one.
  ...(
    [
      ["simple", "simples?|semplici?|plain|arithmetic"],
      ["exponential", "exponential(?:s|es|e|i)?|exponenciale?s?|exponentielles?|esponenziali?"],
    ] as const
  ).flatMap(
    ([kind, words]): Array<[RegExp, string]> => [
      [
        new RegExp(
          String.raw`\b(?:means|averages|medias|medie|moyennes)\s+(?:mobil(?:es?|i)|m[oó]viles|moving)\s+(?:${words})\b`,
          "g",
        ),
        `${kind} moving averages`,
      ],
      [
        new RegExp(
          String.raw`\b(?:mean|average|media|moyenne)\s+(?:mobile|m[oó]vil|moving)\s+(?:${words})\b`,
          "g",
        ),
        `${kind} moving average`,
      ],
    ],
  ),
  [/\b(?:means|averages|medias|medie|moyennes)\s+(?:mobil(?:es?|i)|m[oó]viles)\b/g, "moving averages"],
  [/\b(?:mean|average|media|moyenne)\s+(?:mobile|m[oó]vil)\b/g, "moving average"],
  [/\bmedias?\s+mobiles?\b/g, "moving average"],
  [/\b(?:mobile|sliding|gliding|floating|movable|moveable)\s+(averages?|means?)\b/g, "moving $1"],
  // A mean with its kind is an average ("the exponential mean of 50 days", "simple means"); a bare "mean" stays the
  // z-score's. "The exponentials" alone are EMAs, as traders say ("the 9 and 21 exponentials crossing").
  [/\b(simple|exponential|arithmetic|exponentially\s+weighted)\s+mean\b/g, "$1 average"],
  [/\b(simple|exponential|arithmetic|exponentially\s+weighted)\s+means\b/g, "$1 averages"],
  [/\bexponentials\b/g, "emas"],
  // The noun first: "the index of relative strength", "the index of the relative strength of 2 days".
  [/\bindex\s+of\s+(?:the\s+)?relative\s+strength\b/g, "relative strength index"],
  [/\brelative\s+force\s+index\b/g, "relative strength index"],
  [/\b(?:index\s+of\s+)?relative\s+force\b(?!\s+index)/g, "relative strength index"],
  [/\bconvergence[\s-]+(?:and\s+)?divergence\s+of\s+(?:the\s+)?moving\s+averages?\b/g, "macd"],
  [/\b(?:mcad|macd|madc|mcda)\b/g, "macd"],
  // An indicator's name as dictation spells it or a speaker misnames it: "mac d", "mack dee", "are ess eye", "the
  // relative strength indicator" (letters heard as words, the last noun swapped for a near one).
  [/\b(?:mac|mack|mak)[\s-]+(?:d|dee)\b/g, "macd"],
  [/\b(?:are|ar|r)[\s-]+(?:ess|es|s)[\s-]+(?:eye|i)\b/g, "rsi"],
  [/\brelative\s+strength\s+(?:indicator|oscillator|indicater)\b/g, "relative strength index"],
  // "Relative strength" alone (or misspelt: "relitive") is the index when it is bought low and sold high on a 0-100 scale ("relative strength
  // 21 period, buy under 35 sell over 65", "relative strength oversold"), not one symbol's strength against another.
  [
    /\brel[aei]t[aei]?ve\s+strength\b(?!\s+ind)(?=[^.;]*?(?:\b(?:oversold|overbought)\b|\b(?:under|below|beneath)\s+\d{1,2}(?![\d.%]|\s*(?:days?|weeks?|months?|bars?))\b[^.;]*?\b(?:over|above)\s+\d{1,2}(?![\d.%]|\s*(?:days?|weeks?|months?|bars?))\b))/g,
    "relative strength index",
  ],
  // "rendimiento", "rendement", "rendimento": the return.
  [/\b(?:rendiments?|rendements?|rendimentos?|rendimientos?)\b/g, "return"],
  // "new maximum of 100 days": the highest close of the period (Donchian), "new minimum" the lowest.
  // Only a new one: "a maximum of 2x leverage" and "the width at its minimum of the year" keep their words.
  [/\bnew\s+maximum\s+of\b/g, "high of"],
  [/\bnew\s+minimum\s+of\b/g, "low of"],
  [/\bnew\s+maximum\b/g, "new high"],
  [/\bnew\s+minimum\b/g, "new low"],
  // A channel's edges told as statistics of a span: "the maximum of the closes of the last 50 days", "the max of
  // the past 40 sessions", "the greatest close in the prior 30 days", "its 30 day maximum" are its highest close;
  // the minimum, the smallest, its lowest ("max drawdown", "a maximum of 2x leverage" name no span and stay).
  [new RegExp(String.raw`\b(?:maximum|max|greatest|largest|biggest)\b(?=${SPAN_AFTER})`, "g"), "highest"],
  [new RegExp(String.raw`\b(?:minimum|min|smallest|least)\b(?=${SPAN_AFTER})`, "g"), "lowest"],
  [/\b(\d+[\s-]*(?:day|week|month|session|bar|period)s?)\s+maximum\b/g, "$1 high"],
  [/\b(\d+[\s-]*(?:day|week|month|session|bar|period)s?)\s+minimum\b/g, "$1 low"],
  // "cut the one of 21 days from below": crossing it upwards.
  [new RegExp(String.raw`\bcut(?:s|ting)?\b(${CROSS_SPAN})\s+from\s+below\b`, "g"), "crosses above$1"],
  [new RegExp(String.raw`\bcut(?:s|ting)?\b(${CROSS_SPAN})\s+from\s+above\b`, "g"), "crosses below$1"],
  // A crossing's direction told as a noun or adverb after the verb: "the fast cuts the slow to upward", "cuts it
  // upwards", "breaks the 50 to the downside" (Romance "al alza", "verso l'alto", "à la hausse"; a target after the
  // verb, "crosses above the 20-day high", is no direction word and stays).
  [
    new RegExp(
      String.raw`\b(?:cut|cuts|cutting|crosses|cross|crossing|crossed|breaks?|breaking|breach(?:es|ed|ing)?|passes|pass|passing)\b(${CROSS_SPAN})\s+(?:(?:to|towards?|in|at|by|for)\s+)?(?:the\s+)?(?:upwards?|upside)\b`,
      "g",
    ),
    "crosses above$1",
  ],
  [
    new RegExp(
      String.raw`\b(?:cut|cuts|cutting|crosses|cross|crossing|crossed|breaks?|breaking|breach(?:es|ed|ing)?|passes|pass|passing)\b(${CROSS_SPAN})\s+(?:(?:to|towards?|in|at|by|for)\s+)?(?:the\s+)?(?:downwards?|downside)\b`,
      "g",
    ),
    "crosses below$1",
  ],
  [/\bpass(?:es|ed|ing)?\s+(under|below|over|above)\b/g, "crosses $1"],
  // The multiplication sign said in words, as a non-native writer or a dictation says it: "log GLD minus 0,8 multiply
  // log SLV", "0.9 multiplied by PEP" (the coefficient of a spread's second leg, roles.ts statedHedge).
  [
    /(?<=\d)\s+(?:multiply|multiplies|multiplied\s+by|multiplying|multiplicated\s+by|multiplicate)\s+(?=[a-z($])/g,
    " * ",
  ],
  [/\bpurchases?\b/g, "buy"],
  [/\bsales?\b(?=\s+(?:when|if|at|on|once|as|over|under|above|below)\b)/g, "sell"],
  // Dictation's homophone: "buy cell when …", "cell if it closes below".
  [/\bcells?\b(?=\s+(?:when|if|at|on|once|as|it|them|all|everything|after)\b)/g, "sell"],
  // A possessive told with a person's pronoun: "the price is over his moving average".
  [
    /\b(?:his|her)\b(?=\s+(?:\w+\s+){0,3}(?:average|averages|media|ema|sma|ma|rsi|band|bands|return)\b)/g,
    "its",
  ],
  // Cash told as being liquid; holding told as a possession kept to the end.
  [
    /\b(stay|stays|staying|be|remain|remains|remaining|keep|wait)\s+(?:in\s+)?liquid(?:ity)?\b/g,
    "$1 in cash",
  ],
  // … or liquidity as the place the money goes: "pass to liquidity", "go into liquidity", "in liquidity" (Italian
  // "passare in liquidità", Spanish "pasar a liquidez", French "passer en liquidités").
  [/\b(?:in|to|into|en)\s+(?:the\s+)?liquidit(?:y|ies|[eé]s?|à)\b/g, "to cash"],
  [/\bsimple\s+possession\b/g, "buy and hold"],
  // Holding told as an idiom: "then do nothing else, ever", "bought it and sat on it since" (trend.ts knows "sit on
  // it").
  [
    /\b(?:and\s+|then\s+)?do(?:es)?\s+nothing(?:\s+(?:else|more))?\s*,?\s*(?:ever|forever|for\s+ever)\b/g,
    "and hold it forever",
  ],
  [/\bsat\s+on\s+(it|them|the\s+position|the\s+shares)\b/g, "held $1"],
  [
    /\b(?:keep|keeps|kept|hold|holds)\s+(?:it\s+|them\s+)?(?:until|till|to)\s+the\s+end\b(?!\s+of\s+(?:the\s+|each\s+|every\s+)?(?:month|week|year|quarter|day|session|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))(?:\s+of\s+the\s+(?:data|sample|period|test|history))?/g,
    "hold until the end of the data",
  ],
  // Romance spans: "semestre" is half a year, "trimestre" a quarter, "bimestre" two months ("the return of the last
  // semester", "momentum over 2 trimesters").
  [/(?<!\d\s*)\bsemest(?:er|re)\b/g, "6 months"],
  [/\btrimest(?:er|re)(s?)\b/g, "quarter$1"],
  [/(?<!\d\s*)\bbimest(?:er|re)\b/g, "2 months"],
  // Settlement-style day counts around the month's end: "in at T-2", "out at T+3" (T the month's last trading day),
  // read where the text speaks of the month.
  [/\bt\s*-\s*([1-5])\b(?<=\bmonth\b[^.;]{0,80})/g, "$1 trading days before month end"],
  [/\bt\s*-\s*([1-5])\b(?=[^.;]{0,60}\bmonth)/g, "$1 trading days before month end"],
  [/\bt\s*\+\s*([1-9])\b(?<=\bmonth\b[^.;]{0,80})/g, "the $1th trading day"],
  [/\bt\s*\+\s*([1-9])\b(?=[^.;]{0,60}\bmonth)/g, "the $1th trading day"],
  // "the smallest of the half year": the last six months.
  [/\b(of|in|over|during)\s+the\s+half[\s-]+(?:a[\s-]+)?year\b/g, "$1 the last 6 months"],
  [/\b(?:a\s+)?half[\s-]+(?:a[\s-]+)?year\b/g, "6 months"],
  // Envelopes sized in standard deviations ("envelopes 1.5 standard deviations either side of a 10-day average",
  // "a 2-sigma envelope", then "the lower envelope") are Bollinger's bands; a fixed-percent envelope stays one.
  [
    /\benvelope(s?)\b(?=(?:[^.;!?]|\.(?=\d)){0,80}?\b(?:standard[\s-]+deviations?|sigmas?|std\s*devs?|stdevs?|sd)\b)|(?<=\b(?:standard[\s-]+deviations?|sigmas?|σ|std\s*devs?|stdevs?|sd)\b[\s\S]{0,300}?)\benvelope(s?)\b/g,
    "band$1$2",
  ],
  // … and lines drawn that many deviations above and below an average ("plot lines 2 standard deviations above and
  // below a 20-day average … the lower line"): the bands, and their lower and upper lines the bands'.
  [
    /\b(?:lines|rails|boundaries|channels)\b(?=\s+(?:at\s+)?\d+(?:\.\d+)?\s*-?\s*(?:standard[\s-]+deviations?|sigmas?|σ|std\s*devs?|stdevs?|sd)\s+(?:above\s+and\s+below|either\s+side|on\s+(?:each|either|both)\s+sides?|around))/g,
    "bands",
  ],
  [/(?<=\bbands\b[\s\S]{0,300}?)\b(lower|upper|bottom|top)\s+(?:line|rail|boundary|channel)\b/g, "$1 band"],
  // "cut the one of 21 days", "the slow one (34 days)", "the slow one at 180", "an exponentially weighted one of 30
  // days", "the one of twenty six days": "one" stands for the average whose period follows ("the one of 3 months ago" is a past price, not one).
  [
    /\b(the|that|this|fast|slow|quick|short|long|faster|slower|quicker|shorter|longer|other|exponential|exponentially\s+weighted|weighted|simple|smoothed|plain)\s+one\b(?=\s*(?:of\s+|at\s+|=\s*|:\s*|\(\s*)(?:\d|(?:[a-z-]+\s+){1,4}(?:days?|weeks?|months?|periods?|bars?|sessions?)\b))(?!\s*of\s+(?:[\w-]+[\s-]+){1,4}(?:trading\s+)?(?:days?|weeks?|months?|years?|sessions?|bars?)\s+(?:ago|before|earlier|back)\b)/g,
    "$1 average",
  ],
  // "the fast of 15 days and the slow of 50 days": the average is left out after its speed, the period follows.
  [
    /\bthe\s+(fast|slow|quick|short|long|faster|slower|quicker|shorter|longer|fastest|slowest)\s+(?=of\s+(?:\d|[a-z-]+\s+(?:days?|weeks?|months?|periods?|bars?|sessions?)\b))/g,
    "the $1 average ",
  ],
  // A day counted from the end, in the words of Latin ("penultimate", "antepenultimate", "preantepenultimate"),
  // English ("last but one", "next to last", "second last", "the day before the last") or their mix, told as the
  // one form calendar.ts reads ("second-to-last" is one day before the last).
  [/\bpre[\s-]?ante[\s-]?penultimate\b/g, "fourth-to-last"],
  [/\b(?:ante[\s-]?penultimate|pre[\s-]?penultimate)\b/g, "third-to-last"],
  [/\bpenultimate\b/g, "second-to-last"],
  [/\blast[\s-]+but[\s-]+(one|two|three|1|2|3)\b/g, "$1-but-last"],
  [/\b(?:one|1)-but-last\b/g, "second-to-last"],
  [/\b(?:two|2)-but-last\b/g, "third-to-last"],
  [/\b(?:three|3)-but-last\b/g, "fourth-to-last"],
  [/\bnext[\s-]+to[\s-]+(?:the[\s-]+)?last\b/g, "second-to-last"],
  [/\b(second|third|fourth|fifth|2nd|3rd|4th|5th)[\s-]+(?:from[\s-]+(?:the[\s-]+)?)?last\b/g, "$1-to-last"],
  [
    /\bthe\s+(trading\s+)?(day|session)\s+before\s+the\s+(?:month\s+)?(?:last|final)(?=\s+(?:trading\s+)?(?:day|session)\b)/g,
    "the second-to-last",
  ],
  // A rule's word in its everyday sense: "my YouTube channel", "the breakout session", "a budget squeeze", "spread the
  // word" name no channel, breakout, squeeze or spread of prices.
  [
    /\b(youtube|twitch|tv|television|discord|slack|telegram|whatsapp|podcast|news|sales|distribution|communication|marketing|support|back|irc)\s+channels?\b/g,
    "$1 feed",
  ],
  [
    /\bbreakout\s+(sessions?|rooms?|groups?|stars?|years?|seasons?|hits?|roles?|performances?|talks?|games?|players?)\b/g,
    "side $1",
  ],
  [
    /\b(budget|cash|time|credit|wage|margin|cost|supply|housing|funding|staff|staffing|talent|hiring|family|financial)\s+squeeze\b/g,
    "$1 crunch",
  ],
  [/\bspread\s+(?:the\s+)?(word|news|love|joy|message)\b/g, "share the $1"],
  // Chart talk: "candle closes above the upper band", "daily candle is closing under it" is the close there (a
  // candle's colour or pattern, "candle closes green", stays refused in read-rule.ts MISSING).
  [
    /\b(?:(?:the|a|each|every|any|today)\s+)?(?:(?:daily|day|current|last|next|signal)\s+)?candles?(?:\s+(?:is|are|has|have))?\s+clos(?:es|e|ing|ed)\s+(?=(?:above|below|over|under|beneath|back|inside|outside|through|at|near|higher|lower)\b)/g,
    "the close is ",
  ],
  // "the 5-day exponential average rises through the 20-day one": "one" after a period stands for the average named
  // before it in the sentence, so two periods of one average crossing are its crossover.
  [
    /(?<=\b(?:averages?|avg|emas?|smas?|mas?|dmas?|moving\s+averages?)\b[^.;!?]*?)\b(\d+|[a-z]+(?:[\s-][a-z]+)?)([\s-]+)(days?|weeks?|months?|periods?|bars?|sessions?)\s+one\b/g,
    "$1$2$3 average",
  ],
  // (With no unit: "the 50 sma crosses above the 200 one".)
  [
    /(?<=\b(?:averages?|avg|emas?|smas?|mas?|dmas?|moving\s+averages?)\b[^.;!?]*?)\b(\d+)\s+one\b/g,
    "$1 average",
  ],
  // Word order of other languages: "sell in short", "go in short" (andare/entrare in short), "the candles of 5
  // minutes". Every verb untestable.ts's SHORT_ACTION reads before "short" ("be in short-term bonds" is no short).
  [
    /\b(go|goes|going|went|get|gets|getting|be|sell|sells|selling|sold|open|opens|opening|enter|enters|entering|initiate|take|put\s+on)\s+in\s+short\b(?![\s-]*term)/g,
    "$1 short",
  ],
  [/\b(candles?|bars?|charts?)\s+of\s+(\d+|[a-z]+)\s+(minutes?|mins?|hours?|seconds?)\b/g, "$2-$3 $1"],
  // "the profit arrives at 10 percent", "the gain attains 8%": a target's verb in other words, told as exits.ts reads
  // a target ("the profit reaches 10%", refused there; "reach", "gets to" are its own words).
  [
    /\b((?:profits?|gains?)(?:\s+(?:of|on)\s+(?:the|my|this)\s+(?:trade|position))?)\s+(?:arrives?\s+(?:at|to)|attains?|comes?\s+to)\s+(?=(?:at\s+least\s+|about\s+)?[+-]?\d)/g,
    "$1 reaches ",
  ],
  // "(simple, not exponential)", "not exponential just plain sma": an EMA ruled out is the simple average.
  // (Not after a correction's marker, "sorry, sma not ema": corrections.ts replaces the EMA said before.)
  [
    /(?<!\b(?:sorry|oops|actually|i\s+meant?|wait|typo|correction|my\s+bad|scratch\s+that|make\s+(?:it|that))\b[^.;!?()]{0,25})\b(?:not|no|non)[\s-]+(?:an?\s+)?(?:exponential(?:ly)?(?:\s+(?:weighted|smoothed))?|emas?)\b/g,
    "simple",
  ],
];

/**
 * A person called Tom is no turn of the month (TOM): a name after a greeting or before a sign-off ("Hey Tom,",
 * "thanks Tom!", "Regards, Tom"), or "Tom" in title case signing the end of a message. Read before the text is
 * lower-cased, so "…, TOM" in capitals stays the abbreviation.
 */
export const PERSON_NAMES: Array<[RegExp, string]> = [
  [
    /\b(hi|hey|hello|dear|thanks|thank\s+you|regards|cheers|best|yours|sincerely|greetings|ciao|bye|cc|morning|afternoon|evening|night|yo|ok|okay)\b([\s,!:;-]*)tom\b(?!\s+(?:effect|strategy|rule|anomaly|trade|window|days?)\b)/gi,
    "$1$2",
  ],
  [/(?:[,\n]|\s-+)\s*Tom\s*[.!]?\s*$/g, ""],
  // Written as a name, "Tom" is one anywhere ("Tom asked me to …", "Tom, the desk wants …", "as Tom said"): the
  // abbreviation is written "TOM" or "tom", or names what it is ("Tom effect", "Tom strategy on SPY", "Tom: in at
  // the close …", "Tom on QQQ").
  [
    /\bTom\b(?!\s*:|'?s?\s+(?:effect|strateg\w*|rules?|anomal\w*|trades?|window|days?|seasonal\w*|patterns?|system|edge|bias|signals?|backtest|test)\b|\s+(?:on|in|for|with)\s+\$?[A-Z]{2,})/g,
    "",
  ],
];
