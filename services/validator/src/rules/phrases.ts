import type { Params } from "../strategies/catalog.ts";
import { correctSpelling } from "./spelling.ts";

/**
 * Phrases traders use for the rules of the library (library.ts), with the numbers the text states: periods in
 * days, weeks or months (21 trading days a month, 5 a week), numbers written in words, RSI periods and levels,
 * z-score thresholds. Returns the library rule and its parameters (a rule across symbols is bound to the symbols
 * the text names by the resolver), or a refusal for an indicator the language does not have, or null when no phrase matches (the catalog's own phrase rules
 * in resolver/rules.ts and then the similarity gate come next).
 */
export type PhraseMatch =
  | { kind: "rule"; name: string; params: Params; reason: string; note?: string }
  | { kind: "unsupported"; reason: string };

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** "two hundred-day" → "200-day", "fifty" → "50", "one hundred and fifty" → "150" (lower-case text). */
export function numbersInWords(text: string): string {
  const word = `(?:${Object.keys(UNITS).join("|")}|hundred)`;
  return spelledOut(text)
    .replace(/\b(?:minus|negative)\s+(?=\d|\.\d)/g, "-")
    .replace(
      /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?=\s+(?:trading\s+)?(?:day|session|bar)\b)/g,
      (w) => `${ORDINALS.indexOf(w) + 1}th`,
    );
  function spelledOut(t: string) {
    return t.replace(new RegExp(`\\b${word}(?:[\\s-]+(?:and[\\s-]+)?${word})*\\b`, "g"), (phrase) => {
      let total = 0;
      let current = 0;
      for (const w of phrase.split(/[\s-]+/)) {
        if (w === "and") continue;
        if (w === "hundred") current = (current || 1) * 100;
        else current += UNITS[w]!;
      }
      total += current;
      return String(total);
    });
  }
}

const ORDINALS = [
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
];

const PERIOD = String.raw`(\d+(?:\.\d+)?)\s*-?\s*(day|days|d|week|weeks|wk|month|months|mo|bar|bars|session|sessions|period|periods)\b`;

/** Bars of a stated period: days/bars as is, weeks × 5, months × 21. */
function bars(n: string, unit: string): number {
  const v = Number(n);
  if (/^w/.test(unit)) return Math.round(v * 5);
  if (/^mo/.test(unit)) return Math.round(v * 21);
  return Math.round(v);
}

/** Words for "falls below N" before an RSI or z-score level. */
const BELOW = `(?:under|below|<|less than|(?:drops?|falls?|dips?|sinks?|goes|gets|slides?) (?:to|below|under|beneath))`;

// "dma" is the daily moving average of forum shorthand ("the 200 dma").
const MA = String.raw`(?:moving[\s-]+averages?|\bsma\b|\bema\b|\bma\b|\bdma\b|\bmas\b|\bsmas\b|\bemas\b|average)`;

export function matchPhrase(concept: string): PhraseMatch | null {
  // Formula notation's underscores are word breaks: "MA_200(P)_t" reads as "ma 200(p) t".
  const text = numbersInWords(
    correctSpelling(concept.toLowerCase().replace(/[’']/g, "'").replace(/_/g, " ")),
  );
  const isEma = /\bema|exponential/.test(text);

  // "the difference of KO and PEP", "ratio between XOM/CVX": a spread of two tickers, read before lower-casing.
  const spreadOfTwo =
    /(?:[Dd]ifference|[Rr]atio|[Gg]ap|[Ss]pread)\s+(?:between|of)\s+(?:the\s+)?\$?[A-Z]{1,5}\s*(?:and|vs\.?|versus|\/|&)\s*\$?[A-Z]{1,5}\b/.test(
      concept,
    ) ||
    /log\(\s*\$?[A-Z]{1,5}\s*\)\s*[-−/]\s*(?:\d+(?:\.\d+)?\s*\*?\s*)?log\(\s*\$?[A-Z]{1,5}\s*\)|\b[A-Z]{1,5}\s+minus\s+[A-Z]{1,5}\b/.test(
      concept,
    );
  if (
    spreadOfTwo ||
    /\bpairs?\b.*\btrad|\bspread\b|cointegrat|\bpair of\b|stat(?:istical)?[\s-]+arb|\b[a-z]{1,5} ?(?:vs\.?|versus|against|\/) ?[a-z]{1,5}\b.*(?:spread|pair|ratio|z[\s-]?score)/.test(
      text,
    )
  ) {
    const sigma =
      /(\d+(?:\.\d+)?)\s*(?:standard deviations?|std|sd|sigmas?|z|σ)(?![\w-])|z[\s-]?score[^.]*?(?:beyond|above|below|under|over|of|<|>|at)\s*-?\s*(\d+(?:\.\d+)?)(?!\s*-?\s*(?:day|week|month|bar))/.exec(
        text,
      );
    const period = new RegExp(PERIOD).exec(text);
    const entryZ = Number(sigma?.[1] ?? sigma?.[2] ?? 2);
    const params = {
      window: period ? bars(period[1]!, period[2]!) : 60,
      entry_z: entryZ > 0 && entryZ < 10 ? entryZ : 2,
      exit_z: exitLevel(text) ?? 0,
      hedge: 1,
    };
    return {
      kind: "rule",
      name: "pairs_zscore",
      params,
      reason: `pairs trading: buy the first symbol when the log-price spread log(A) − 1·log(B) is ${params.entry_z} standard deviations below its ${params.window}-bar mean, sell when it is back at the mean (hedge ratio 1, stated, not fitted)${sigma || period ? " (numbers from the text)" : " (textbook 60 bars, 2σ)"}`,
    };
  }

  const missing =
    /\b(stochastic|ichimoku|keltner|parabolic sar|\badx\b|on[\s-]balance volume|\bobv\b|vwap|fibonacci|elliott wave|williams %r|\bcci\b|commodity channel|heikin[\s-]ashi|pivot points?)\b/.exec(
      text,
    );
  // Daily bars only: an intraday rule cannot be tested here, so it is refused rather than run on daily closes.
  const intraday =
    /\b(opening range|intraday|intra-day|minute bars?|scalp\w*|first hour|opening gap|gap and go)\b/.exec(
      text,
    );
  if (intraday)
    return {
      kind: "unsupported",
      reason: `"${intraday[1]}" is an intraday rule and the market data is daily bars, so this is refused rather than run on daily closes`,
    };
  if (missing)
    return {
      kind: "unsupported",
      reason: `the rule language has no ${missing[1]} indicator yet, so this is refused rather than run as a different indicator's rule (send strategy {entry, exit} with the indicators it has)`,
    };

  // The rule's months: in from November (Halloween) through April, out from May through October. A text naming a
  // range between those months, or the "best six months", means this rule however it is worded.
  const inMonths =
    /\b(?:nov(?:ember)?|halloween|oct(?:ober)?)\b/.test(text) && /\b(?:apr(?:il)?|may)\b/.test(text);
  const outMonths =
    /\bmay\b/.test(text) && /\b(?:oct(?:ober)?|sep(?:tember)?|halloween|nov(?:ember)?)\b/.test(text);
  if (
    /sell in may|go away|halloween|\b(?:best|worst|strongest|weakest|favou?rable|unfavou?rable) (?:six|6)[\s-]months?\b|\bwinter (?:months|half)\b|\bsummer (?:months|half)\b.*(?:avoid|out|cash)/.test(
      text,
    ) ||
    inMonths ||
    outMonths
  )
    return {
      kind: "rule",
      name: "sell_in_may",
      params: { start_month: 11, end_month: 4 },
      reason:
        '"sell in May and go away" (the Halloween effect): in the market from November through April, cash from May through October',
    };

  if (
    /turn[\s-]of[\s-](?:the[\s-])?month|month[\s-]end|end[\s-]of[\s-](?:the[\s-]|each[\s-]|every[\s-]|a[\s-])?month|(?:last|final|penultimate|second[\s-]to[\s-]last|third[\s-]to[\s-]last) (?:\d+ )?(?:trading )?(?:days?|closes?|bars?|sessions?) of (?:the|each|every|a) month|first (?:few |\d+ )?(?:trading )?days? of (?:the|each|every|a new|the next|the new|a) month|days? into (?:the|a) (?:next|new|following) month/.test(
      text,
    )
  ) {
    const last =
      /last\s+(\d+)\s+(?:trading\s+)?days?|(\d+)\s+(?:trading\s+)?days?\s+before\s+(?:the\s+)?(?:month[\s-]end|end of (?:the|each|every) month)/.exec(
        text,
      );
    const beforeLast = /(second|third)[\s-]to[\s-]last|penultimate/.exec(text);
    // Days after: "the first 3 days", "3 days into the next month", "sell on the 3rd trading day".
    const after =
      /first\s+(\d+)\s+(?:trading\s+)?days?|(\d+)\s+(?:trading\s+)?days?\s+into|(\d+)(?:st|nd|rd|th)\s+(?:trading\s+)?day/.exec(
        text,
      );
    const params = {
      // "buy on the last day" is the close of the last day itself; the textbook window holds the last day.
      // "the last 2 days" hold the last day and the one before it (buy 1 day before the last); "2 days before
      // month end" buys 2 bars before the last bar.
      days_before: last
        ? last[1]
          ? Math.max(0, Number(last[1]) - 1)
          : Number(last[2])
        : beforeLast
          ? beforeLast[1] === "third"
            ? 2
            : 1
          : /\b(?:buy|in|enter|get in|go long|long)\w* (?:on |at )?the (?:close of the |very )?(?:last|final) (?:trading )?(?:day|close|bar|session)/.test(
                text,
              )
            ? 0
            : 1,
      days_after: after ? Number(after[1] ?? after[2] ?? after[3]) : 3,
    };
    return {
      kind: "rule",
      name: "turn_of_month",
      params,
      reason: `turn of the month: buy at the close ${params.days_before} trading day(s) before the month's last, sell at the close of trading day ${params.days_after} of the new month${last || after || beforeLast ? " (days from the text)" : " (textbook: last day in, third day out)"}`,
    };
  }

  if (
    /(?<!short |gamma )squeeze|bands? (?:narrow|tighten|contract)|narrow(?:est)? bands?|bandwidth|low volatility breakout|volatility contraction/.test(
      text,
    )
  ) {
    const window = /(\d+)\s*-?\s*(?:day|period|bar)/.exec(text);
    const params = { window: window ? Number(window[1]) : 20, k: 2, lookback: 120 };
    return {
      kind: "rule",
      name: "bollinger_squeeze",
      params,
      reason: `Bollinger squeeze breakout: buy the close crossing above the upper band (${params.window}, 2σ) when yesterday's band width was within 10 % of its ${params.lookback}-bar low; sell below the middle band`,
    };
  }

  if (
    /z[\s-]?score|standard deviations? (?:below|under|from)|sigma (?:below|under)|(?:\d+(?:\.\d+)?)\s*(?:standard deviations?|std|sd|sigmas?|z|σ)(?![\w-])/.test(
      text,
    ) &&
    !BOLLINGER.test(text)
  ) {
    const sigma = /(\d+(?:\.\d+)?)\s*(?:standard deviations?|std|sd|sigma|z|σ)(?![\w-])/.exec(text);
    const below =
      /(?:below|under|<|less than)\s*-\s*(\d+(?:\.\d+)?)|(?:below|under|<)\s*(\d+(?:\.\d+)?)(?!\s*-?\s*(?:day|week|month|bar))/.exec(
        text,
      );
    const z = sigma ? [sigma[0], sigma[1]] : below ? [below[0], below[1] ?? below[2]] : null;
    const zWindow = /z[\s-]?score\s*\(\s*(\d+)\s*\)/.exec(text);
    const period = zWindow ? [zWindow[0], zWindow[1], "bars"] : new RegExp(PERIOD).exec(text);
    const entryZ = z ? Number(z[1]) : 2;
    const window = period ? bars(period[1]!, period[2]!) : 20;
    return {
      kind: "rule",
      name: "zscore_reversion",
      params: { window, entry_z: entryZ > 0 && entryZ < 10 ? entryZ : 2, exit_z: exitLevel(text) ?? 0 },
      reason: `z-score mean reversion: buy when the close is ${entryZ} standard deviations below its ${window}-bar mean, sell back at the mean${z || period ? " (numbers from the text)" : " (textbook 20 bars, 2σ)"}`,
    };
  }

  const rsi = /\brsi\b|relative strength index/.test(text);
  const rsiWindow =
    /rsi\s*\(\s*(\d+)\s*\)|(\d+)\s*-?\s*(?:day|period|bar)s?\s*rsi|rsi\s*-?\s*(\d+)\b(?!\s*(?:day|%|\/))|rsi of (\d+) (?:days|periods|bars)/.exec(
      text,
    );
  const statedWindow = rsiWindow
    ? Number(rsiWindow[1] ?? rsiWindow[2] ?? rsiWindow[3] ?? rsiWindow[4])
    : null;
  // Connors' rule is a short RSI bought on pullbacks inside an uptrend: a trend condition, his name, or a
  // pullback on a very short RSI (2-5 bars). An RSI dip alone is plain RSI mean reversion.
  const trendContext =
    /connors|trend filter|uptrend|up[\s-]trend|bull market|long[\s-]term trend|(?:above|over) (?:the|its) \d+[\s-]*(?:day|d|week|month)\b|(?:above|over) (?:the|its) (?:\d+[\s-]*(?:day )?)?(?:moving average|sma|ma|dma)\b/.test(
      text,
    );
  const shortPullback =
    /pullback|pull[\s-]back|\bdips?\b/.test(text) && statedWindow !== null && statedWindow <= 5;
  if (rsi && (trendContext || shortPullback)) {
    const window = statedWindow ?? 2;
    const lower = new RegExp(String.raw`${BELOW}\s*(\d+(?:\.\d+)?)`).exec(text);
    const trend =
      /(\d+)\s*-?\s*(?:day|d)\b[^.]*?(?:moving average|sma|\bma\b|average|trend)|(?:moving average|sma|\bma\b)\s*\(?\s*(\d+)/.exec(
        text,
      );
    const trendBars = Number(trend?.[1] ?? trend?.[2] ?? 200);
    const params = {
      window,
      lower: Number(lower?.[1] ?? 10),
      trend: trendBars === window ? 200 : trendBars,
      exit_ma: 5,
    };
    return {
      kind: "rule",
      name: "connors_rsi_pullback",
      params,
      reason: `RSI(${params.window}) pullback with a trend filter (Connors): buy when RSI(${params.window}) < ${params.lower} while the close is above its ${params.trend}-day SMA; sell when the close rises above its 5-day SMA`,
    };
  }

  const highs = /new\s+(\d+)[\s-]*(day|week|month)s?\s+highs?|(\d+)[\s-]*(day|week|month)s?\s+highs?/.exec(
    text,
  );
  if (highs) {
    const window = bars(highs[1] ?? highs[3]!, highs[2] ?? highs[4]!);
    const low = /(\d+)[\s-]*(day|week|month)s?\s+lows?/.exec(text);
    const exitWindow = low ? bars(low[1]!, low[2]!) : Math.max(2, Math.round(window / 2));
    return {
      kind: "rule",
      name: "donchian_breakout",
      params: { window, exit_window: exitWindow },
      reason: `breakout to a new ${window}-bar high (${highs[0]} from the text); out below the ${exitWindow}-bar low`,
    };
  }

  // Choosing between symbols by their returns is dual momentum's relative leg, whatever the words.
  if (
    /dual momentum|relative momentum|relative strength (?:rotation|switch)|antonacci|\bgem\b|global equities momentum|whichever|\bwinner\b|compar\w*[^.]{0,30}\breturns?\b|(?:better|stronger|strongest|best|higher|highest|more (?:strong|high|good|big)|bigger|biggest|larger|largest|greater|most)[\w\s-]{0,20}(?:return|momentum|performance|performer)|rotat\w* (?:between|among|into)/.test(
      text,
    )
  ) {
    const period = new RegExp(PERIOD).exec(text);
    const lookback = period ? bars(period[1]!, period[2]!) : 252;
    return {
      kind: "rule",
      name: "dual_momentum",
      params: { lookback },
      reason: `dual momentum over ${lookback} bars: hold a symbol while its return is positive (absolute) and above the other symbol's (relative), cash otherwise; one leg per symbol`,
    };
  }

  // A return over a lookback held while positive is time-series (absolute) momentum, however it is worded.
  if (
    /absolute momentum|(?:return|performance|rate of change|\broc\b|momentum)\b[^.]{0,30}?(?:positive|above (?:zero|0)\b|> ?0\b|greater than (?:zero|0)\b|over (?:zero|0)\b|(?:exceeds?|exceeding|tops?|beats?) (?:zero|0)\b)/.test(
      text,
    )
  ) {
    const period = new RegExp(PERIOD).exec(text) ?? /(\d+)\s*-?\s*(year|yr)s?\b/.exec(text);
    const lookback = period
      ? /^y/.test(period[2]!)
        ? Math.round(Number(period[1]) * 252)
        : bars(period[1]!, period[2]!)
      : 252;
    return {
      kind: "rule",
      name: "ts_momentum",
      params: { lookback },
      reason: `time-series (absolute) momentum: hold while the ${lookback}-bar return is positive${period ? " (period from the text, 21 trading days a month)" : " (textbook 12 months)"}`,
    };
  }

  // Moving averages: two periods and a cross → a crossover; one period and price/close/above/below → timing.
  // "above its 200-day" names a moving average without the word: a period after above/below with no other noun.
  const impliedMa =
    /\b(?:above|below|over|under)\s+(?:the|its|their)\s+\d+[\s-]*(?:day|week|month)s?\b(?!\s*(?:-?\s*)(?:highs?|lows?|returns?|momentum|rsi|breakout|channel|range))/.test(
      text,
    );
  if (new RegExp(MA).test(text) || impliedMa || /faber|timing model|trend filter/.test(text)) {
    if (/golden[\s-]cross|death[\s-]cross/.test(text)) return null;
    const periods = [
      ...text.matchAll(
        new RegExp(
          `(\\d+)\\s*(?:/|and|vs\\.?|over|-|by|x|×|&|to)\\s*(\\d+)\\b|${PERIOD}|\\b(?:sma|ema|ma|dma)\\s*\\(?\\s*(\\d+)|(\\d+)\\s*(?:sma|ema|ma|dma)\\b`,
          "g",
        ),
      ),
    ]
      .flatMap((m) =>
        m[1]
          ? [Number(m[1]), Number(m[2])]
          : m[3]
            ? [bars(m[3], m[4]!)]
            : m[5]
              ? [Number(m[5])]
              : m[6]
                ? [Number(m[6])]
                : [],
      )
      .filter((v, i, a) => v >= 2 && a.indexOf(v) === i);
    // "SMA 10/20": a pair written together wins over the single periods the scan above may have split it into.
    const pair = /(\d+)\s*(?:\/|and|vs\.?|over|-|by|x|×|&|to)\s*(\d+)\b/.exec(text);
    if (pair && Number(pair[1]) !== Number(pair[2]) && Number(pair[1]) >= 2 && Number(pair[2]) >= 2)
      periods.splice(0, periods.length, Number(pair[1]), Number(pair[2]));
    // "fast 8 slow 21", "fast EMA (8)", "short MA of 10 / long MA of 40": labelled periods win.
    const labelled = (words: string) =>
      new RegExp(
        String.raw`\b(?:${words})(?:er)?\s*(?:-?\s*term\s+)?(?:moving average|average|sma|ema|ma|period|length|window|line)?\s*(?:of|=|:|at)?\s*\(?\s*(\d+)\b(?!\s*(?:%|\.\d))`,
      ).exec(text);
    const [fastLabel, slowLabel] = [labelled("fast|short|quick"), labelled("slow|long")];
    if (fastLabel && slowLabel && Number(fastLabel[1]) !== Number(slowLabel[1]))
      periods.splice(0, periods.length, Number(fastLabel[1]), Number(slowLabel[1]));
    const cross =
      /cross|crossover|crosses|crossing|through|pierc|\bcuts? (?:above|below|under)|fast|slow|short(?:er)?[\s-]+(?:term )?(?:moving )?average|two moving|dual moving|double moving/.test(
        text,
      );
    // Two averages and "above": the fast one held above the slow one is the crossover's long state.
    const fastAbove =
      periods.length >= 2 &&
      /\b(?:above|over|below|under)\b/.test(text) &&
      !/\b(?:price|close|closes)\b/.test(text);
    // "price crossing its 21-day average" crosses one average: the timing rule, not a crossover of two.
    const priceCross = periods.length === 1 && /\b(?:price|close|closes|closing)\b/.test(text);
    if (periods.length >= 2 && (cross || fastAbove)) {
      const [fast, slow] = [Math.min(...periods.slice(0, 2)), Math.max(...periods.slice(0, 2))];
      return {
        kind: "rule",
        name: isEma ? "ema_crossover" : "sma_crossover",
        params: { fast, slow },
        reason: `${isEma ? "EMA" : "SMA"} crossover of ${fast} and ${slow} bars (periods from the text)`,
      };
    }
    // A crossover without two periods is the catalog's (textbook periods, resolver/rules.ts).
    if (cross && !priceCross)
      return {
        kind: "rule",
        name: isEma ? "ema_crossover" : "sma_crossover",
        params: isEma ? { fast: 12, slow: 26 } : { fast: 50, slow: 200 },
        reason: `${isEma ? "EMA" : "SMA"} crossover without periods in the text: the textbook ${isEma ? "12/26" : "50/200"}`,
      };
    const timing =
      /price|close|closes|closing|above|below|under|\bover\b|[<>]|timing|faber|\btrend\b|stay (?:in|out)|out of the market|in the market|regime/.test(
        text,
      ) ||
      // One stated average and nothing else ("the 40-week moving average rule"): only price against it is a rule.
      (periods.length === 1 &&
        !cross &&
        !BOLLINGER.test(text) &&
        !/\brsi\b|macd|breakout|channel|donchian|momentum|z[\s-]?score|envelope/.test(text));
    if (timing && periods.length <= 1) {
      const monthly = /(\d+)\s*-?\s*(?:month|mo)\b/.exec(text);
      const window = periods[0] ?? (/faber|timing model/.test(text) ? 210 : 200);
      return {
        kind: "rule",
        name: isEma ? "price_above_ema" : "price_above_sma",
        params: { window },
        reason: `price vs its ${window}-bar ${isEma ? "EMA" : "SMA"}: in the market while the close is above it, cash below${monthly ? ` (${monthly[0]} × 21 trading days; daily closes, not month-end only)` : periods.length ? " (period from the text)" : " (textbook 200 days / 10 months)"}`,
      };
    }
  }
  // Holding from the first bar to the last, however it is said; "beat buy and hold" names the benchmark, which
  // every report carries, not the strategy.
  const benchmark =
    /(?:beat\w*|outperform\w*|versus|vs\.?|against|compared (?:to|with)|than|relative to)\s+(?:a\s+|the\s+|plain\s+|simple\s+)*buy[\s-]and[\s-]hold/.test(
      text,
    );
  if (
    !benchmark &&
    /buy[\s-]and[\s-]hold|\bpassive\b|never sell|hold (?:[\w']+ ){0,3}(?:forever|indefinitely|for good|for the long run)|sit on (?:it|them)|(?:buy|own) (?:[\w']+ ){0,3}and (?:hold|forget|wait)/.test(
      text,
    )
  )
    return {
      kind: "rule",
      name: "buy_and_hold",
      params: {},
      reason: "the text asks for buy and hold: in at the first bar, never out",
    };
  return null;
}

/** Bollinger bands by name or by traders' shorthand ("BB (20,2)", "bbands"). */
export const BOLLINGER = /bollinger|\bbb\b|\bbbands?\b|\bb-bands?\b/;

/**
 * A z-score exit stated in the text ("exit at 0.5", "out when it gets back to -0.5 z"): the level, or null.
 * A number followed by a period ("exit after 5 days") is not a level.
 */
function exitLevel(text: string): number | null {
  const m =
    /\b(?:exit|out|close|sell|unwind|flat(?:ten)?)\w*\s+(?:at|when\s+(?:it|the spread|the z[\s-]?score)\s+(?:is\s+|gets\s+|comes\s+|returns\s+|goes\s+)?(?:back\s+)?(?:to|at|under|below|above|over|reaches|hits|crosses))\s*(-?\d+(?:\.\d+)?)(?!\s*-?\s*(?:day|week|month|bar|%|\d))/.exec(
      text,
    );
  const v = m ? Number(m[1]) : Number.NaN;
  return Number.isFinite(v) && Math.abs(v) < 5 ? v : null;
}
