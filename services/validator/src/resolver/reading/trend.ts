import { findSymbols } from "../symbols.ts";
import { type Candidate, first, INFERRED, NAMED, STRONG, unique, WEAK } from "./candidate.ts";
import { macdGoldenCross } from "./macd-logic.ts";
import type { Reading } from "./reading.ts";
import { CHANNEL_ROLES, windowsByRole } from "./roles.ts";
import { bars, type Unit } from "./tokens.ts";

const CROSS =
  /cross|through|pierc|\bcuts? (?:above|below|under)|\bfast\b|\bslow\b|short(?:er)?[\s-]+(?:term )?(?:moving )?averages?|\b(?:dual|double) (?:moving )?averages?/;
const PRICE_WORDS = /\b(?:price|close|closes|closing|p|it|its|index|fund|market|stocks?|trades?)\b/;

/** "fast 8", "fast EMA (8)", "short MA of 10", "slow of 30 days": a period labelled fast or slow. */
function labelled(r: Reading, words: RegExp): number | undefined {
  const t = r.tokens;
  for (let i = 0; i < t.length; i++) {
    const w = t[i]!;
    if (w.kind === "num" || !words.test(w.text)) continue;
    for (let k = i + 1; k < t.length && k <= i + 5; k++) {
      const n = t[k]!;
      if (n.kind === "num") {
        if (n.unit === "pct" || n.unit === "sd") break;
        // "the quick one of 8 days", "the slow one (34 days)": "one" stands for the average, the period follows.
        if (
          n.value === 1 &&
          !n.unit &&
          t[k + 1]?.kind !== "num" &&
          /^(?:of|\()$/.test((t[k + 1] as { text?: string } | undefined)?.text ?? "")
        )
          continue;
        return Math.round(n.value * (n.unit === "week" ? 5 : n.unit === "month" ? 21 : 1));
      }
      if (
        !/^(?:er|term|-|moving|average|sma|ema|ma|period|length|window|line|of|=|:|at|\(|exponential|simple)$/.test(
          n.text,
        )
      )
        break;
    }
  }
  return undefined;
}

/** Moving averages: two periods and a cross (or one held above the other) → a crossover; one period → timing. */
/** "start with the 100d", "go with the 50", "let's use the 20-day": one number picked, not joined to another. */
const CHOICE =
  /\b(?:start|begin|go|stick|run|test|try|use|pick)(?:ing)? (?:it )?(?:with |on )?(?:the )?(\d+)(?:\s*-?\s*(?:d|days?|dma|sma|ma|bars?))?\b(?!\s*(?:\/|and\b|&|,|-|to\b|vs\b|x\b|or\b)\s*\d)/;
/** Words that offer alternatives: the choice only counts when the text lists several periods to choose from. */
const OFFERED = /\bwhich\b|\bor\b|\beither\b|\bbest\b|\bcompare\b|\bvs\b|\bversus\b/;

function chosenPeriod(r: Reading, stated: number[]): number | undefined {
  if (stated.length < 2 || !r.has(OFFERED)) return undefined;
  const m = CHOICE.exec(r.text);
  if (!m) return undefined;
  // Chosen from the offer: the number was stated before the choice ("try 75" after "50 or 200" is no choice).
  const value = Number(m[1]);
  const offered = new RegExp(`(?<![\\d.])${value}(?![\\d.])`).test(r.text.slice(0, m.index));
  return offered && stated.includes(value) ? value : undefined;
}

/**
 * Two distinct periods the text states for a named cross's averages: labelled fast and slow ("fast 5, slow 15"),
 * attached to average mentions ("5 and 15 day MAs"), or joined ("20/100"). Whole numbers of at least 2 only;
 * numbers left loose (years, cash) are not taken.
 */
function statedPair(r: Reading): [number, number] | undefined {
  const [fast, slow] = [labelled(r, /^(?:fast|short|quick)/), labelled(r, /^(?:slow|long)/)];
  if (fast && slow && fast < slow) return [fast, slow];
  // One average replaced ("golden cross but with the fast 30 instead of 50"): the other keeps the textbook period.
  if (fast && !slow && fast < 200) return [fast, 200];
  if (slow && !fast && slow > 50) return [50, slow];
  const ok = (v: number) => Number.isInteger(v) && v >= 2;
  const periods = unique(r.of("ma").flatMap((m) => m.periods)).filter(ok);
  const pair =
    periods.length >= 2 ? periods.slice(0, 2) : r.pairs.find(([a, b]) => a !== b && ok(a) && ok(b));
  if (!pair) return undefined;
  const [a, b] = pair as [number, number];
  return [Math.min(a, b), Math.max(a, b)];
}

/**
 * Two averages named by their periods alone: "the 5 crosses over the 20", "the 9-day crosses back under the 21",
 * or two bare numbers before the averages' words, "20 50 exponential moving average crossover". Periods in days.
 */
const CROSS_BY_PERIOD =
  /\b(\d+)(?:\s*-?\s*(?:days?|d|bars?|period))?\s+(?:line\s+|average\s+|ma\s+|sma\s+|ema\s+)?cross(?:es|ed|ing)?\s+(?:back\s+)?(?:up\s+|down\s+)?(?:over|above|through|under|below)\s+(?:the\s+|its\s+)?(\d+)\b(?!\s*(?:%|percent|level))/;
const TWO_BARE =
  /(?<![\d.,/-]\s*)\b(\d+)\s+(\d+)\s*(?:-?\s*(?:days?|d|bars?|period)\s+)?(?:exponential|simple|ema|sma|ma|moving)\b/;

function periodsAlone(text: string): number[] | undefined {
  const m = CROSS_BY_PERIOD.exec(text) ?? TWO_BARE.exec(text);
  if (!m) return undefined;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a !== b && a >= 2 && b >= 2 ? [a, b] : undefined;
}

export function movingAverage(r: Reading): Candidate | null {
  // By word, not by pattern: "9ema" is a number and "ema".
  const ema = r.tokens.some(
    (t) => t.kind === "word" && /^(?:ema|emas|exponential|exponentially)$/.test(t.text),
  );
  const kind = ema ? "EMA" : "SMA";
  if (r.has(/golden[\s-]cross|death[\s-]cross/)) {
    // "MACD golden cross, dead cross sell": the MACD's crossing of its signal, no averages' (macd-logic.ts).
    if (macdGoldenCross(r)) return null;
    // "golden cross but with 5 and 15 day MAs", "death cross 20/100": periods the text states override the name's.
    const [fast, slow] = statedPair(r) ?? [50, 200];
    const stated = fast !== 50 || slow !== 200;
    return {
      name: ema ? "ema_crossover" : "sma_crossover",
      score: STRONG,
      params: { fast, slow },
      reason: r.has(/golden/)
        ? `"golden cross" is the ${fast}-day ${kind} crossing above the ${slow}-day ${kind}${stated ? " (periods from the text; the textbook cross is 50/200)" : ""}`
        : `"death cross" is the ${fast}-day ${kind} crossing below the ${slow}-day ${kind} (the exit of the ${fast}/${slow} crossover, long only)${stated ? " (periods from the text; the textbook cross is 50/200)" : ""}`,
    };
  }
  const mas = r.of("ma");
  const timingWords = r.has(/faber|timing (?:model|rule)|trend filter/);
  // "the 5/13 exponential cross": exponential with a cross names the averages without the word "average".
  const emaCross = ema && r.has(/\bcross/);
  if (mas.length === 0 && !timingWords && !emaCross) return null;
  let periods = unique(mas.flatMap((m) => m.periods)).filter((v) => v >= 2);
  const cross = r.has(CROSS);
  const [fast, slow] = [labelled(r, /^(?:fast|short|quick)/), labelled(r, /^(?:slow|long)/)];
  if (fast && slow && fast !== slow) periods = [fast, slow];
  if (periods.length < 2 && (cross || mas.length > 0)) {
    // "SMA 10/20", "cross, 8 over 34", "crossover 20 and 100": two joined numbers the reading left unattached.
    const pair = r.pairs.find(
      ([a, b]) => a !== b && a >= 2 && b >= 2 && Number.isInteger(a) && Number.isInteger(b),
    );
    if (pair && periods.every((p) => pair.includes(p))) periods = [...pair];
    else if (periods.length === 0 && cross) {
      const loose = unique(r.loose.concat(r.free)).filter((v) => Number.isInteger(v) && v >= 2);
      if (loose.length >= 2) periods = loose.slice(0, 2);
    }
  }
  // "buy when the 5 crosses over the 20", "20 50 exponential moving average crossover": two averages named by
  // their periods alone, which the reading leaves as loose numbers or reads as one average.
  const byPeriod = cross ? periodsAlone(r.text) : undefined;
  if (byPeriod && periods.length < 2 && periods.every((p) => byPeriod.includes(p))) periods = byPeriod;
  // Several periods offered and one chosen ("50, 100 or 200 day? start with the 100"): the chosen one is the rule.
  const chosen = chosenPeriod(r, unique(mas.flatMap((m) => m.periods).concat(r.free, r.loose)));
  if (chosen !== undefined) periods = [chosen];
  const price = r.of("price").length > 0 || r.has(PRICE_WORDS);
  const compared = r.has(/\b(?:above|over|below|under|beneath)\b|[<>]/);
  // Two averages are a crossover ("dual SMA system 10 & 40"); crossing or one above the other is stronger evidence.
  if (periods.length >= 2) {
    const [a, b] = [Math.min(periods[0]!, periods[1]!), Math.max(periods[0]!, periods[1]!)];
    return {
      name: ema ? "ema_crossover" : "sma_crossover",
      score: cross || (compared && !r.of("price").length) ? NAMED - 1 : INFERRED,
      params: { fast: a, slow: b },
      reason: `${kind} crossover of ${a} and ${b} bars (periods from the text)`,
    };
  }
  if (periods.length === 0 && cross && !(price && !r.has(/cross\w*/) && !r.has(/\b(?:fast|slow)\b/)))
    return {
      name: ema ? "ema_crossover" : "sma_crossover",
      score: INFERRED,
      params: ema ? { fast: 12, slow: 26 } : { fast: 50, slow: 200 },
      reason: `${kind} crossover without periods in the text: the textbook ${ema ? "12/26" : "50/200"}`,
    };
  if (periods.length <= 1 && (periods.length === 1 || price || compared || timingWords)) {
    const window = periods[0] ?? (r.has(/faber|timing model/) ? 210 : 200);
    return {
      name: ema ? "price_above_ema" : "price_above_sma",
      score: periods.length === 1 ? INFERRED : WEAK,
      params: { window },
      reason: `price vs its ${window}-bar ${kind}: in the market while the close is above it, cash below${periods.length ? " (period from the text; weeks × 5, months × 21 trading days)" : " (textbook 200 days / 10 months)"}`,
    };
  }
  return null;
}

/** Returns compared between symbols → dual momentum; a return held while positive → time-series momentum. */
/**
 * A return written as a formula over a window of t: "r_{t-252,t}", "r(t-126, t-21)", "ret[t-60]" (normalised:
 * the underscore is a space). The window is the first offset less the second (none: t itself), in bars.
 */
const FORMULA_RETURN = /\b(?:r|ret|return)\s*[{([]\s*t\s*-\s*(\d+)\s*(?:,\s*t\s*(?:-\s*(\d+)\s*)?)?[})\]]/;

function formulaLookback(r: Reading): number[] {
  const m = FORMULA_RETURN.exec(r.text);
  const window = m ? Number(m[1]) - Number(m[2] ?? 0) : 0;
  return window > 0 ? [window] : [];
}

/**
 * A comparison with another symbol's return: "> EFA's", "above VEU's", "higher than the EEM return", "beats both
 * EFA's …", or with the return named first, as a ticket writes it: "> 6-month return of BND", or as a literal
 * translation writes the possessive: "bigger than the one of TLT", "higher than that of EFA".
 */
const COMPARED_TO =
  /(?:\b(?:beats?|outperforms?|exceeds?|(?:better|higher|stronger|more|greater|bigger|larger) than|above|over)|>=?|\b(?:zero|0)\s+(?:and|&))\s*(?:both\s+|each of\s+|either\s+|all of\s+)?(?:(?:that of\s+|the\s+)?\$?([A-Z]{1,5})\b(?:'s|’s|\s+(?:\d+[\w-]*\s+)?(?:returns?|momentum|performance|gains?)\b)|(?:the\s+)?(?:\d+[\w-]*\s+)?(?:returns?|momentum|performance|gains?)\s+(?:of|on|for)\s+(?:the\s+)?\$?([A-Z]{1,5})\b|(?:that|the\s+one)\s+of\s+(?:the\s+)?\$?([A-Z]{1,5})\b)/g;

/**
 * Time-series momentum told by its logic, the price against itself a span ago: "higher than it was 63 trading days
 * ago", "above where it was 6 months ago", "exceeds the price 200 days ago", "price > price 50 days ago", "higher
 * than the price of 3 months before" (not "3 days before the month end"), "bigger than the one of 3 months ago", "up
 * over the
 * past 9 months", "has gained over the last year". The span in bars (a unit alone is one of it).
 */
const SPAN_UNIT = String.raw`(?:(\d+(?:\.\d+)?)\s*-?\s*)?(?:trading\s+)?(days?|sessions?|bars?|weeks?|months?|quarters?|years?)`;
const PAST_SELF = [
  new RegExp(
    String.raw`(?:\b(?:higher|above|greater|bigger|larger|more|up|over|exceeds?|exceeding|tops?|beats?|vs\.?|versus)\b|>=?)(?:\s+(?:than|from|on|where|what|its|the|it|was|is|level|price|close|closing|value|one|1|of|at|been|that|compared|relative|with|to)){0,5}\s+(?:a\s+)?${SPAN_UNIT}\s+(?:ago|earlier|back|before(?!\s+(?:the|a|an|its?|each|every|month|end|expiry)\b))\b`,
  ),
  new RegExp(
    String.raw`\b(?:up|positive|risen|gained|rose|rallied|higher|in the green|in positive territory)\s+(?:over|in|during|for|across|on)\s+the\s+(?:past|last|prior|previous|trailing|preceding)\s+${SPAN_UNIT}\b`,
  ),
];

/** Written as a formula: "close > close[20]", "p > p(t-20)", "close > close.shift(20)". */
const PAST_SELF_CODE =
  /\b(?:close|price|c|p|px)\s*>=?\s*(?:close|price|c|p|px)\s*(?:\[\s*(?:t\s*-\s*)?(\d+)\s*\]|\(\s*t\s*-\s*(\d+)\s*\)|\.shift\(\s*(\d+)\s*\))/;

function pastSelfLookback(r: Reading): number[] {
  const code = PAST_SELF_CODE.exec(r.text);
  if (code) return [Number(code[1] ?? code[2] ?? code[3])];
  for (const p of PAST_SELF) {
    const m = p.exec(r.text);
    if (!m) continue;
    const unit = m[2]!.replace(/s$/, "").replace(/^session$/, "day");
    return [bars({ value: Number(m[1] ?? 1), unit: unit as Unit })];
  }
  return [];
}

export function momentum(r: Reading, concept: string): Candidate | null {
  const formula = formulaLookback(r);
  const pastSelf = pastSelfLookback(r);
  const lookback = first(
    r.of("return").flatMap((m) => m.periods),
    formula,
    pastSelf,
    // "lb=63", "lookback 90": a lookback labelled as code or a command line labels it.
    r.labels
      // (A lookback of one bar is no lookback: "6-Month Lookback: One Simple Rule" counts rules.)
      .filter((l) => /^(?:lb|lookback)$/.test(l.label) && Number.isInteger(l.value) && l.value >= 2)
      .map((l) => l.value),
    r.free,
  );
  const stated = lookback !== undefined;
  const bars = lookback ?? 252;
  // One symbol's return compared with another's: "if its 6m return beats SPY's 6m return".
  const beats = /\b(?:beats?|outperforms?|exceeds?|better than|higher than|stronger than|more than)\b/;
  const symbols = findSymbols(concept);
  // Or told by its logic, with a sign: "its 252-day return > 0 and > EFA's", "above zero and above VEU's", "higher
  // than the EFA return": a comparison whose other side is another named symbol's return.
  const against = [...concept.matchAll(COMPARED_TO)].some((m) =>
    symbols.includes((m[1] ?? m[2] ?? m[3])!.toUpperCase()),
  );
  const compared =
    r.of("return").length >= 1 &&
    symbols.length >= 2 &&
    (against ||
      (r.of("return").length >= 2
        ? r.has(beats)
        : new RegExp(`${beats.source}\\s+\\$?[A-Z]{1,5}\\b`).test(concept)));
  if (
    compared ||
    r.has(
      /dual ?mom(?:entum|o)?\b|relative (?:\+|and|&|plus) absolute|absolute (?:\+|and|&|plus) relative|relative momentum|momentum,? but relative|(?:pick|hold|buy|own|choose) the (?:better|stronger|best|strongest) of|relative strength (?:rotation|switch)|antonacci|\bgem\b|global equit(?:y|ies) momentum|whichever|\bwinner\b|compar\w*[^.]{0,30}\breturns?\b|(?:better|stronger|strongest|best|higher|highest|more (?:strong|high|good|big)|bigger|biggest|larger|largest|greater|most)[\w\s-]{0,20}(?:return|momentum|performance|performer|gain)|rotat\w* (?:\w+ )?(?:between|among|into)/,
    )
  )
    return {
      name: "dual_momentum",
      score: NAMED + 1,
      params: { lookback: bars },
      reason: `dual momentum over ${bars} bars: hold a symbol while its return is positive (absolute) and above the other symbol's (relative), cash otherwise; one leg per symbol`,
    };
  const returns = r.of("return");
  const positive =
    (returns.length > 0 || formula.length > 0) &&
    (r.has(/positive/) || r.levels.some((l) => l.side === "above" && l.value === 0));
  // "sign(r_{t-252,t})": the position is the sign of the formula's return, the time-series momentum rule.
  const named =
    pastSelf.length > 0 ||
    r.has(/absolute momentum|time[\s-]series momentum|\btsmom\b/) ||
    (formula.length > 0 && r.has(/\b(?:sign|sgn)\s*(?:\(|of\b)/));
  // "Trend-following" beside a moving average names the average's rule ("the dual moving average crossover from
  // the trend-following books"), not a return's.
  const trend =
    r.has(/momentum/) || returns.length > 0 || (r.has(/trend[\s-]following/) && r.of("ma").length === 0);
  if (!(positive || named || (trend && stated))) return null;
  return {
    name: "ts_momentum",
    score: positive || named ? NAMED : NAMED - 1,
    params: { lookback: bars },
    reason: `time-series (absolute) momentum: hold while the ${bars}-bar return is positive${stated ? " (period from the text, 21 trading days a month)" : " (textbook 12 months)"}`,
  };
}

/** New highs over a window, a channel or a breakout → the Donchian breakout; the exit is a lower low. */
/**
 * "40 in / 15 out", "30 entry, 10 exit": a whole number labelled by the role word right after it, which ends its
 * clause (a separator or the end follows), so "20 in the channel" is not an entry window.
 */
function roleAfter(r: Reading, words: RegExp): number | undefined {
  const t = r.tokens;
  for (let i = 0; i + 1 < t.length; i++) {
    const n = t[i]!;
    const w = t[i + 1]!;
    const next = t[i + 2];
    if (n.kind !== "num" || w.kind !== "word" || !words.test(w.text)) continue;
    if (next !== undefined && !(next.kind === "op" && /^[,;/.)|]$/.test(next.text)) && next.kind !== "num")
      continue;
    if (Number.isInteger(n.value) && n.value >= 2) return bars(n);
  }
  return undefined;
}

export function breakout(r: Reading): Candidate | null {
  // Written as code: "c > max(c[t-50..t-1])" buys above the 50-bar high, "c < min(c[t-25..t-1])" sells below the
  // 25-bar low.
  const codeHigh = /\b(?:c|close|price)\s*>\s*max\(\s*(?:c|close|h|high|price)\s*\[\s*t\s*-\s*(\d+)/.exec(
    r.text,
  );
  if (codeHigh) {
    const window = Number(codeHigh[1]);
    const low = /\b(?:c|close|price)\s*<\s*min\(\s*(?:c|close|l|low|price)\s*\[\s*t\s*-\s*(\d+)/.exec(r.text);
    const exit = low ? Number(low[1]) : Math.max(2, Math.round(window / 2));
    return {
      name: "donchian_breakout",
      score: STRONG,
      params: { window, exit_window: exit },
      reason: `Donchian breakout written as code: buy above the ${window}-bar high, sell below the ${exit}-bar low`,
    };
  }
  // Said in words: "higher than every close of the last 100 days" is the 100-bar high; "lower than every close of
  // the last 50 days" the 50-bar low.
  const EVERY = String.raw`\s+(?:every|all(?:\s+the)?|each|any)\s+(?:[a-z]+\s+){0,3}?(?:of|in|over|from)\s+the\s+(?:last|past|prior|previous|preceding)\s+(\d+)\s+(?:trading\s+)?(?:days?|sessions?|bars?)\b`;
  const everyHigh = new RegExp(String.raw`\b(?:higher|greater|above|more)(?:\s+than)?` + EVERY).exec(r.text);
  if (everyHigh) {
    const window = Number(everyHigh[1]);
    const low = new RegExp(String.raw`\b(?:lower|less|below|under)(?:\s+than)?` + EVERY).exec(r.text);
    const exit = low ? Number(low[1]) : Math.max(2, Math.round(window / 2));
    return {
      name: "donchian_breakout",
      score: STRONG,
      params: { window, exit_window: exit },
      reason: `Donchian breakout in words: buy above every close of ${window} bars, sell below every close of ${exit}`,
    };
  }
  const highs = r.of("high").flatMap((m) => m.periods);
  const named = r.of("breakout");
  // A high over a stated period: "a 60-day high", "the highest high of the past 20 sessions", "new highs".
  const highWithPeriod = r.of("high").length > 0 && (r.free.length > 0 || r.has(/highest/));
  if (named.length === 0 && highs.length === 0 && !highWithPeriod && !r.has(/\bnew (?:\w+ )?highs?\b/))
    return null;
  // The entry window from the entry side ("channel breakout of 60 days"); an exit clause's channel or low is the
  // exit window ("exit channel of 20 days").
  const entry = named.filter((m) => !m.exit);
  const exits = named.filter((m) => m.exit).flatMap((m) => m.periods.concat(m.args));
  const fromMention = first(
    highs,
    entry.flatMap((m) => m.periods),
    entry.flatMap((m) => m.args),
  );
  // "Turtle System 2 (55/20)": an entry/exit pair the reading left unattached.
  const pair = r.pairs.find(([a, b]) => a > b && b >= 2 && Number.isInteger(a) && Number.isInteger(b));
  // "--entry 50 --exit 25", "entry 55, exit 20": windows named by their role, as a command line writes them.
  const role = (label: string) =>
    r.labels.find((l) => l.label === label && Number.isInteger(l.value) && l.value >= 2)?.value ??
    roleAfter(r, label === "entry" ? /^(?:in|entry|entries)$/ : /^(?:out|exit|exits)$/);
  // "100-day entry channel, 50-day exit channel": windows bound to their role word come first, whatever their sizes.
  const bound = windowsByRole(r, CHANNEL_ROLES);
  // "the 55/20 breakout", "turtle 55/20 breakout": the pair's second number stands next to the role word and is bound
  // to the entry, but the pair is the entry and exit windows.
  const pairAtRole = pair && fromMention === pair[0] && first(bound.entry) === pair[1] ? pair : undefined;
  const window =
    (pairAtRole ? undefined : first(bound.entry)) ??
    fromMention ??
    role("entry") ??
    r.free[0] ??
    pair?.[0] ??
    20;
  const args = entry
    .flatMap((m) => m.args)
    .concat(fromMention === undefined && !r.free.length && pair ? pair : []);
  const rest = fromMention === undefined ? r.free.slice(1) : r.free;
  const exitRole = role("exit");
  const exit =
    first(
      bound.exit,
      r.of("low").flatMap((m) => m.periods),
      exits,
      exitRole === undefined ? [] : [exitRole],
      pairAtRole ? [pairAtRole[1]] : [],
      args.slice(1),
      rest.filter((v) => v !== window),
    ) ?? Math.max(2, Math.round(window / 2));
  return {
    name: "donchian_breakout",
    score: NAMED,
    params: { window, exit_window: exit },
    reason: `Donchian breakout: buy above the ${window}-bar high, sell below the ${exit}-bar low${(first(bound.entry) ?? fromMention ?? role("entry") ?? r.free[0]) ? " (window from the text)" : " (textbook 20/10)"}`,
  };
}
