import { namedRule } from "../../rules/library.ts";
import type { Params } from "../../strategies/catalog.ts";
import { findSymbols } from "../symbols.ts";
import { bindAssignments, readAssignments } from "./assignments.ts";
import { sellInMay, turnOfMonth } from "./calendar.ts";
import { type Candidate, STRONG } from "./candidate.ts";
import { qualifySections } from "./code/sections.ts";
import { readCode } from "./code.ts";
import { extraCondition } from "./combined.ts";
import { omittedAfter, unsupportedExit } from "./exits.ts";
import { buyAndHold } from "./holding.ts";
import { bollinger, macd, rsi } from "./oscillators.ts";
import { OUTSIDE_SPREAD, personalObject, ruleOutsideData } from "./outside.ts";
import { type Reading, read } from "./reading.ts";
import { breakout, momentum, movingAverage } from "./trend.ts";
import { bySource, composedSignal, shortOnly, untestableCondition, wordSalad } from "./untestable.ts";
import { zscore } from "./zscore.ts";

/** What the reading found: a library rule with its parameters, or a refusal for a rule the validator cannot test. */
export type PhraseMatch =
  | {
      kind: "rule";
      name: string;
      params: Params;
      reason: string;
      note?: string;
      /** Read from code by structure. */
      code?: boolean;
      /** A rule across symbols read from code: the tickers in its slots' order (the spread's first is traded). */
      symbols?: string[];
    }
  /** closest: library rules to list first in the refusal (the entry the text names, when it names one). */
  | { kind: "unsupported"; reason: string; closest?: string[] };

/**
 * Indicators the rule language does not have: refused rather than run as another indicator's rule. An envelope sized
 * in standard deviations ("a 20-day, 2-standard-deviation envelope") is Bollinger's, not the fixed-percent one; a
 * candle closing beyond a level ("candle closes above upper band") is the close, one closing green a pattern.
 */
const MISSING =
  /\b(stochastics?|stoch(?:rsi)?|ichimoku|keltner|parabolic sar|\badx\b|on[\s-]balance volume|\bobv\b|vwap|fibonacci|elliott wave|williams %r|\bcci\b|commodity channel|heikin[\s-]ashi|pivot points?|volume profile|candlesticks?|hammer|doji|engulfing|supertrend|aroon|money flow index|\bmfi\b|chaikin|\btrix\b|awesome oscillator|ultimate oscillator|\bdmi\b|renko|point and figure|gann|market profile|(?<!(?:deviations?|devs?|sd|sigma|std|stdev|σ|bollinger)[\s-]+)envelopes?|inside (?:day|bar)s?|outside (?:day|bar)s?|nr[47]|(?:green|red) candles?|candles? patterns?|candles? closes?(?!\s+(?:above|below|over|under|beneath|beyond|outside|inside|through|past|back|higher than|lower than)\b))\b/;
/**
 * Filters the library has no rule for (the language has ATR, but no library rule is built on it); stops, targets
 * and sizing are refused by exits.ts.
 */
const NO_RULE =
  /\b((?:rsi|macd|bullish|bearish|hidden|price|momentum) divergences?|divergences? (?:with|between|from) (?:the )?(?:price|rsi|macd)|(?:relative |unusual |rising |high |low )?volume|darvas box)\b/;

/**
 * A day-of-week filter on a rule: "buy SPY on Mondays when RSI(2) < 10", "only enter on Fridays", "trade only on
 * Tuesdays". No library rule has one, and dropping it would run another strategy; the rule language's
 * `day_of_week` (0 = Monday) expresses it. A day told once ("on Monday we discussed …") is no filter.
 */
const WEEKDAY_INDEX: Record<string, number> = { mon: 0, tues: 1, wednes: 2, thurs: 3, fri: 4 };
const DAY = `(?:${Object.keys(WEEKDAY_INDEX).join("|")})day`;
const DAY_FILTER = new RegExp(
  String.raw`\b(?:(?:only|just|except|but\s+not)\s+(?:on\s+)?${DAY}s?|on\s+${DAY}s|(?<=\b(?:buy|buys|buying|enter|enters|entering|go\s+long|goes\s+long|trade|trades|trading)\b[^.;!?:]{0,40})every\s+${DAY}|every\s+${DAY}\s+(?:when|if|whenever|provided)|day[\s-]of[\s-](?:the[\s-])?week\s+(?:filter|rule|condition)|weekday\s+filter)\b`,
);

/**
 * Words before an indicator that set it aside rather than ask for it: "not Keltner channels, Bollinger bands",
 * "instead of the VWAP stuff my friend does", "forget the ADX filter", "unlike Ichimoku".
 */
const SET_ASIDE =
  /(?:\b(?:not|no|never|without|instead\s+of|rather\s+than|other\s+than|unlike|except|excluding|minus|sans|forget(?:\s+about)?|ignor(?:e|es|ing)|skip(?:s|ping)?|drop(?:s|ped|ping)?|disregard(?:s|ing)?|enough\s+of|done\s+with|away\s+from|moved?\s+on\s+from|switch(?:ed|ing)?\s+from|strip(?:s|ped|ping)?\s+(?:of|out)|(?:leav(?:e|es|ing)|put(?:ting)?|set(?:ting)?)\s+aside|remov(?:e|es|ed|ing))|\bw\/o)\s+(?:(?:the|a|an|any|all|my|our|that|those|these|his|her|their|its)\s+)?(?:[\w-]+\s+){0,1}$/;

/**
 * The first match of an indicator or filter pattern that the text asks for, not one it sets aside (before it, or
 * after it: "the ADX filter removed", "volume, which we ignore") or tells of a source ("the paper also trades
 * intraday").
 */
function unsetAside(text: string, pattern: RegExp): RegExpExecArray | null {
  const all = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
  for (const m of text.matchAll(all)) {
    if (SET_ASIDE.test(text.slice(Math.max(0, m.index - 50), m.index))) continue;
    if (omittedAfter(text, m.index + m[0].length) || bySource(text, m.index)) continue;
    return m as RegExpExecArray;
  }
  return null;
}

/**
 * Indicators the language lacks told by their parts rather than their names: the stochastic's %K and %D lines
 * ("slow %K(14,3) crosses above %D"), Ichimoku's lines and cloud ("the conversion line crosses above the base line",
 * "closes above the cloud", tenkan/kijun/senkou/chikou).
 */
const MISSING_BY_PARTS: Array<[RegExp, string]> = [
  [
    /(?<![\w%])%\s*[kd]\b|\bpercent\s+[kd]\b|\b(?:fast|slow|full)\s+[kd]\s+(?:line|crosses|above|below|over|under)\b/,
    "stochastic",
  ],
  [
    /\b(?:tenkan|kijun|senkou|chikou|kumo)\b|\bconversion\s+line\b|\b(?:leading|lagging)\s+span\b|\b(?:above|below|over|under|through|into|inside|out\s+of|beneath)\s+(?:the\s+)?(?:ichimoku\s+)?cloud\b/,
    "ichimoku",
  ],
];

/**
 * Daily bars only: an intraday rule cannot be tested here. (The writer's own history, "I've been day trading for a
 * year", "we quit day trading", asks for no intraday rule.) Bars counted in hours or minutes are intraday too
 * ("4-hour candles", "1h bars", "the hourly chart", "H4", "timeframe: 2h", "hourly RSI", "the 60-minute rsi", "5m
 * chart"); "hourly" in other senses ("I check it hourly") is not a bar size.
 */
const HOURS = String.raw`\d+[\s-]*(?:hours?|hrs?|h|minutes?|mins?)[\s-]*(?:bars?|charts?|candles?|candlesticks?|time[\s-]?frames?|tf|closes?|data|resolution|interval|rsi|macd|sma|ema|moving|bollinger|donchian|breakouts?|crossovers?|vwap|range)|\d+m[\s-]*(?:charts?|candles?|candlesticks?|time[\s-]?frames?|tf)|hourly[\s-]+(?:bars?|charts?|candles?|candlesticks?|time[\s-]?frames?|tf|closes?|closing|data|prices?|rsi|macd|sma|ema|moving|bollinger|donchian|breakouts?|crossovers?|signals?|resolution|interval)|(?:on|using|use|with|trade|trading)\s+(?:the\s+|an?\s+)?(?:hourly|\d+\s*(?:h|hr)|h(?:1|2|3|4|6|8|12))|h(?:1|2|3|4|6|8|12)[\s-]+(?:bars?|charts?|candles?|time[\s-]?frames?|tf)|(?:time[\s-]?frames?|tf|interval|resolution|bars?|candles?)\s*[:=]?\s*(?:\d+\s*(?:h|hrs?|hours?)|h(?:1|2|3|4|6|8|12)|hourly)`;
const INTRADAY = new RegExp(
  String.raw`\b(${HOURS}|opening range|intraday|intra-day|minute bars?|\d+[\s-]min(?:ute)?s?[\s-](?:bars?|charts?|candles?|range|timeframe)|(?:close|exit|flatten|sell) (?:everything|all|out|all positions|the positions?|it all) (?:by|at|before) (?:\d{1,2}:\d\d|the end of the (?:session|day))|(?<![\d-]\s*)(?<!\b(?:i|we|i've|we've|i'd|we'd|i\s+have|i\s+had|we\s+have|we\s+had)\s+(?:(?:been|started|began|quit|stopped|tried|did|used\s+to|was|were|also)\s+){1,2})day[\s-]trad(?:e|es|ed|er|ers|ing)|order book|cumulative delta|scalp\w*|first hour|opening gap|gap and go)\b`,
);

const FAMILIES: Array<(r: Reading, concept: string) => Candidate | null> = [
  zscore,
  sellInMay,
  turnOfMonth,
  bollinger,
  rsi,
  macd,
  momentum,
  breakout,
  movingAverage,
  buyAndHold,
];

/**
 * The concept read as structure (reading.ts), then each rule family scores what it found: the best-supported
 * library rule with its parameters, a refusal for an indicator or bar size the validator lacks, or null when no
 * family found evidence (the resolver then tries stored passages, and refuses when nothing is close).
 */
export function readRule(concept: string): PhraseMatch | null {
  // "Params: window=20, entry_z=2": assignments are bound to the rule the prose names, never used to choose it.
  // A configuration's keys named by their sections first (`[hedge]` `window = 120` is the hedge window).
  const { prose, assignments } = readAssignments(qualifySections(concept));
  const match = readProse(prose, concept);
  // Code read by structure has its parameters from the code itself.
  if (match?.kind === "rule" && match.code) return match;
  // Only assignments (or prose naming nothing beside them): the whole text is read as before. Its code is not read
  // again: the prose's reading returns null only past readCode, which found no code in this same text.
  const chosen = match ?? (assignments.length > 0 ? readProse(concept, concept, false) : null);
  if (chosen?.kind !== "rule" || assignments.length === 0) return chosen;
  const rule = namedRule(chosen.name);
  const { params, bound } = bindAssignments(assignments, rule?.defaults ?? chosen.params);
  if (bound.length === 0) return chosen;
  return {
    ...chosen,
    params: { ...chosen.params, ...params },
    reason: `${chosen.reason}; parameters stated as assignments: ${bound.join(", ")}`,
  };
}

/**
 * The reading of `concept` (the prose, assignments blanked out); `original` is the text as written, whose code is
 * read by structure unless `code` is false (already read and found to hold none).
 */
function readProse(concept: string, original = concept, code = true): PhraseMatch | null {
  const r = read(concept);
  // "Scalp on daily bars" says daily: only a rule that needs bars inside the day is refused for it.
  // ("intraday data, not daily closes" asks for the opposite.)
  const intraday = r.has(/(?<!\b(?:not|no|than|of)\s+)\bdaily (?:bars?|charts?|candles?|closes?|data)\b/)
    ? null
    : unsetAside(r.text, INTRADAY);
  if (intraday)
    return {
      kind: "unsupported",
      reason: `"${intraday[1]}" is an intraday rule and the market data is daily bars, so this is refused rather than run on daily closes`,
    };
  const missing = unsetAside(r.text, MISSING);
  if (missing)
    return {
      kind: "unsupported",
      reason: `the rule language has no ${missing[1]} indicator yet, so this is refused rather than run as a different indicator's rule (send strategy {entry, exit} with the indicators it has)`,
    };
  for (const [pattern, name] of MISSING_BY_PARTS)
    if (unsetAside(r.text, pattern))
      return {
        kind: "unsupported",
        reason: `the text describes the ${name} indicator by its parts and the rule language has no ${name} indicator yet, so this is refused rather than run as a different indicator's rule (send strategy {entry, exit} with the indicators it has)`,
      };
  const noRule = unsetAside(r.text, NO_RULE);
  if (noRule)
    return {
      kind: "unsupported",
      reason: `no rule of the library is built on a ${noRule[1]}, so this is refused rather than run without it (send strategy {entry, exit} in the rule language)`,
    };
  const dayFilter = unsetAside(r.text, DAY_FILTER);
  if (dayFilter) {
    const day = Object.keys(WEEKDAY_INDEX).find((d) => dayFilter[0].includes(`${d}day`));
    return {
      kind: "unsupported",
      reason: `"${dayFilter[0]}" is a day-of-week condition and no library rule has one, so this is refused rather than run without it (send strategy {entry, exit} in the rule language and add it to the entry, e.g. "... and day_of_week == ${day ? WEEKDAY_INDEX[day] : 0}", 0 = Monday)`,
    };
  }
  const short = shortOnly(r, concept);
  if (short)
    return {
      kind: "unsupported",
      reason: `"${short}" makes this a short-only rule and the engine is long only (it buys, then sells to cash), so this is refused rather than run as its long side`,
    };
  const untestable = untestableCondition(r);
  if (untestable)
    return {
      kind: "unsupported",
      reason: `"${untestable}" states no condition a price series can meet (a level, a cross, a period), so this is refused rather than run as the indicator's textbook rule`,
    };
  // Code (Pine, pandas, AFL, EasyLanguage, SQL, … or the rule language itself) matched to a rule by structure, read
  // from the text as written (its `period=21` keyword arguments are code, not assignments to bind afterwards).
  const pasted = code ? readCode(original) : null;
  if (pasted) return pasted.kind === "rule" ? { ...pasted, code: true } : pasted;
  // "rsi my macd into the bollinger moon": indicator names piled into no rule, refused rather than run as the one
  // that scores highest.
  const salad = wordSalad(r);
  if (salad)
    return {
      kind: "unsupported",
      reason: `the text piles indicator names into no rule a price series can test (${salad}), so this is refused rather than run as one of them`,
    };
  // "Buy when the RSI of the MACD drops below 30": the outer indicator run on the price would be another rule.
  const composed = composedSignal(r);
  if (composed)
    return {
      kind: "unsupported",
      reason: `"${composed}" is an indicator computed on another indicator, which no library rule has, so this is refused rather than run on the price (send strategy {entry, exit}: the rule language takes a series as an indicator's first argument, e.g. rsi(macd(12, 26), 14))`,
    };
  const candidates = rankCandidates(r, concept);
  const best = candidates[0];
  // "The golden cross of my coffee intake": the rule is named, but on a series of the writer's own, not a market's.
  const personal = personalObject(r.text);
  if (personal && !findSymbols(concept).some((s) => personal.object.includes(s.toLowerCase())))
    return {
      kind: "unsupported",
      reason: `"${personal.object}" is not a market series (the data is daily prices and volume), so the ${personal.indicator} of it cannot be tested${best ? `; the closest rule is ${best.name}, on a symbol's prices` : ""}`,
    };
  // "Buy when the AAII bull-bear spread drops below -20": a spread of survey, options or rates data is not the price
  // spread of two symbols; refused unless two tickers are named for it ("the credit spread of HYG and LQD"). The
  // survey's own name in capitals ("AAII") is not a ticker of the pair.
  const spread = OUTSIDE_SPREAD.exec(r.text);
  const traded = spread
    ? findSymbols(concept).filter((s) => !spread[0].split(/[^\w.^-]+/).includes(s.toLowerCase()))
    : [];
  if (spread && traded.length < 2) {
    const closest = best?.name ?? "pairs_zscore";
    return {
      kind: "unsupported",
      reason: `"${spread[0]}" is not in the market data (daily prices and volume), so no rule can be tested on it; the closest rule is ${closest}${closest.startsWith("pairs") ? ", on the price spread of two symbols" : ""}`,
    };
  }
  // "RSI(2) under 5, take profit at +3% above the entry": the entry is a library rule, the exit or the sizing is not;
  // refused naming both rather than run with the rule's own exit at full size. (A signal from data we do not have is
  // the first thing wrong with "buy at the full moon with a stop loss": that refusal says so instead.)
  const exit = unsupportedExit(r.text);
  const outside = ruleOutsideData(r.text);
  if (exit && !(outside && (!best || best.score < STRONG))) {
    const closest = candidates.map((c) => c.name).filter((n, i, a) => a.indexOf(n) === i);
    const entry = best ? `; the entry reads as ${best.name}` : "";
    return {
      kind: "unsupported",
      reason:
        exit.kind === "exit"
          ? `"${exit.what}" is an exit no library rule has (each exits on its own signal; none on a stop, a target or the entry price)${entry}, so this is refused rather than run without it`
          : `"${exit.what}" is sizing no library rule has (each is all-in, unlevered, one position at a time)${entry}, so this is refused rather than run at full size`,
      closest,
    };
  }
  if (!best) return null;
  // "Golden cross plus RSI under 40": a library rule with a condition from a family it is not built on.
  const extra = extraCondition(r, candidates, findSymbols(concept));
  if (extra) return { kind: "unsupported", ...extra };
  // A signal from data we do not have, with only a price rule's weak or ordinary evidence beside it ("momentum
  // after analyst upgrades"), is refused; a strongly named rule ("golden cross, ignore the news") still wins.
  if (outside && best.score < STRONG)
    return {
      kind: "unsupported",
      reason: `"${outside[1]}" is not in the market data (daily prices and volume), so no rule can be tested on it`,
    };
  return { kind: "rule", name: best.name, params: best.params, reason: best.reason };
}

/**
 * A named rule the writer rules out: "not the MACD histogram thing, just the two EMAs crossing", "no RSI here, only
 * the bands", "rather than the Bollinger squeeze". Each name maps to the rule-name prefix it names.
 */
const RULED_OUT =
  /\b(?:not|no|without|instead of|rather than|other than|forget|skip|ignore|minus)\s+(?:the\s+|a\s+|an\s+|any\s+|that\s+|its\s+|his\s+)?(?:(?:weekly|daily|monthly|usual|standard|classic|default|original)\s+)?(macd|rsi|bollinger squeeze|bollinger|squeeze|donchian|z[\s-]?score)\b(?!\s+(?:filter|confirmation|condition|stop|exit|entry))/g;
/**
 * A named rule cited, not asked for: "compared to the RSI", "unlike the MACD setup", "from the RSI chapter", "the
 * Bollinger version". Set aside like a rule ruled out (reading/combined.ts treats these as no condition either).
 */
const CITED =
  /\b(?:compared\s+(?:to|with)|versus|vs\.?|unlike)\s+(?:the\s+|a\s+|an\s+|my\s+|our\s+)?(macd|rsi|bollinger squeeze|bollinger|squeeze|donchian|z[\s-]?score)\b/g;
const CITED_AS =
  /\b(macd|rsi|bollinger squeeze|bollinger|squeeze|donchian|z[\s-]?score)\s+(?:chapter|section|version|article|post|video|book|episode|thread)\b/g;
const RULE_OF: Record<string, string> = {
  macd: "macd",
  rsi: "rsi",
  bollingersqueeze: "bollinger_squeeze",
  squeeze: "bollinger_squeeze",
  bollinger: "bollinger",
  donchian: "donchian",
  zscore: "zscore",
};

/** Every family's candidate for the reading, best first (ties: the order of FAMILIES), less the rules ruled out. */
export function rankCandidates(r: Reading, concept: string): Candidate[] {
  const all = FAMILIES.flatMap((f) => f(r, concept) ?? []).sort((a, b) => b.score - a.score);
  const out = [...r.text.matchAll(RULED_OUT), ...r.text.matchAll(CITED), ...r.text.matchAll(CITED_AS)]
    .map((m) => m[1]!)
    // Named again beside the one ruled out ("not the 12/26/9 MACD but the 8/17/9 MACD"): still that rule.
    .filter((name) => r.text.split(new RegExp(`\\b${name}\\b`)).length - 1 <= 1)
    .map((name) => RULE_OF[name.replace(/[\s-]/g, "")]!);
  // Connors is an RSI rule too ("not the RSI, just price above the 200 day").
  const kept = all.filter(
    (c) => !out.some((prefix) => c.name.startsWith(prefix) || c.name.includes(`_${prefix}_`)),
  );
  // Only when another rule is left: a rule ruled out and nothing else named is still the rule named.
  return kept.length > 0 ? kept : all;
}
