import {
  ABOVE,
  ABOVE_VERBS,
  AFTER_FILLER,
  BEFORE_FILLER,
  BELOW,
  BELOW_VERBS,
  CLAUSE_ENDS,
  ENTRY_WORDS,
  EXIT_WORDS,
  JOINERS,
  LEVEL_FILLER,
  LEXICON,
  STANDALONE_NEXT,
} from "./lexicon.ts";
import { bars, isPeriod, joinSpelled, normalise, type Token, tokenize, type Unit } from "./tokens.ts";

/**
 * The structured reading of a concept: which indicators it names, the numbers attached to each (periods and
 * arguments), the levels it compares against ("below 30", "> 70"), standard-deviation sizes, and the numbers
 * left over. The rule families (trend.ts, oscillators.ts, calendar.ts) decide from this structure, not from
 * whole-phrase patterns.
 */
export type Indicator =
  | "ma"
  | "rsi"
  | "macd"
  | "bb"
  | "z"
  | "mean"
  | "breakout"
  | "high"
  | "low"
  | "return"
  | "price";

export interface Mention {
  ind: Indicator;
  /** Token index of the mention's first and last word. */
  start: number;
  end: number;
  /** The mention says exponential ("ema", "exponential moving average"). */
  ema: boolean;
  /** Named in an exit clause ("sell when the close > 10 day MA"). */
  exit: boolean;
  /** Periods attached to it, in bars ("200-day", "10-month" → 210, "sma(50)" → 50). */
  periods: number[];
  /** Unitless numbers attached after it ("MACD 12 26 9", "BB (20, 2)", "z-score of 1.5"). */
  args: number[];
}

export interface Level {
  side: "below" | "above";
  value: number;
  /** Stated in an exit clause ("exit when z > 0.5", "sell at 60"). */
  exit: boolean;
  unit?: Unit;
}

export interface Reading {
  text: string;
  tokens: Token[];
  mentions: Mention[];
  /** Periods attached to no indicator ("with a 60 day lookback", "period 14", "over 10 days"), in bars. */
  free: number[];
  /** Unitless numbers attached to nothing and compared with nothing ("8 17 9", "fast 8 slow 21"). */
  loose: number[];
  /** Two numbers joined by "/", "x", "by", "&", "and", "vs", "to", "-" or "over": "50/200", "10 by 50". */
  pairs: Array<[number, number]>;
  levels: Level[];
  /** Numbers named by the word before them: "hedge ratio of 0.8", "--fast 8", "signal 9", "beta = 1.2". */
  labels: Array<{ label: string; value: number }>;
  /** Sizes in standard deviations ("2 std", "1.5 sigma", "2.5 z") outside exit clauses. */
  sds: number[];
  /** Sizes in standard deviations inside exit clauses ("exit 0.5 sd"), signed. */
  exitSds: number[];
  /** Whether a pattern occurs in the normalised text. */
  has(pattern: RegExp): boolean;
  /** Mentions of these indicators. */
  of(...inds: Indicator[]): Mention[];
}

/** Things a rule trades, counted: "2 assets", "3-etf". */
const COUNTED =
  /^(?:assets?|funds?|etfs?|stocks?|tickers?|symbols?|instruments?|sectors?|markets?|legs?|names|coins?|currenc(?:y|ies)|securit(?:y|ies)|holdings?|class(?:es)?|countr(?:y|ies))$/;
/**
 * A small whole number counting the things traded: joined to the noun by a hyphen ("two-asset", "3-ETF"), before
 * it in the plural ("2 assets"), or in the singular before "at a time" ("one asset at a time"); not "68 ticker: SPY".
 */
function countOfThings(tokens: Token[], i: number): boolean {
  const n = tokens[i] as Extract<Token, { kind: "num" }>;
  if (!Number.isInteger(n.value) || n.value < 1 || n.value > 20) return false;
  const hyphen = wordAt(tokens, i + 1) === "-";
  const noun = wordAt(tokens, hyphen ? i + 2 : i + 1) ?? "";
  if (!COUNTED.test(noun)) return false;
  const k = hyphen ? i + 3 : i + 2;
  const atATime =
    wordAt(tokens, k) === "at" && wordAt(tokens, k + 1) === "a" && wordAt(tokens, k + 2) === "time";
  return hyphen || /(?:s|ies)$/.test(noun) || atATime;
}
const wordAt = (tokens: Token[], i: number) => {
  const t = tokens[i];
  return t && t.kind !== "num" ? t.text : undefined;
};

export function read(concept: string): Reading {
  // "the seven day r s i": dictation's spelled letters joined before anything reads the words.
  const text = joinSpelled(normalise(concept));
  const tokens = tokenize(text);
  const exits = exitClauses(tokens);
  const mentions: Mention[] = [];
  const mentionAt = new Map<number, Mention>();
  /** Record an indicator named by tokens start..end; returns where the scan goes on from. */
  const mention = (ind: Indicator, start: number, end: number, ema: boolean) => {
    const m: Mention = { ind, start, end, ema, exit: exits[start]!, periods: [], args: [] };
    mentions.push(m);
    for (let k = start; k <= end; k++) mentionAt.set(k, m);
    return end;
  };
  for (let i = 0; i < tokens.length; i++) {
    for (const [words, ind] of LEXICON) {
      if (!words.every((w, k) => wordAt(tokens, i + k) === w)) {
        // "rate-of-change", "z-score", "moving-average": the words of a name joined by hyphens.
        if (words.length < 2 || !words.every((w, k) => wordAt(tokens, i + 2 * k) === w)) continue;
        if (!words.slice(1).every((_, k) => wordAt(tokens, i + 2 * k + 1) === "-")) continue;
        i = mention(ind, i, i + 2 * words.length - 2, false);
        break;
      }
      // A negated indicator ("not MACD, just the two EMAs") is not a mention.
      const before = wordAt(tokens, i - 1);
      if (before === "not" || before === "no" || before === "without") break;
      const ema =
        words[0] === "ema" ||
        words[0] === "emas" ||
        (ind === "ma" && [1, 2, 3].some((k) => /^exponential(?:ly)?$/.test(wordAt(tokens, i - k) ?? ""))) ||
        (ind === "ma" && wordAt(tokens, i + words.length) === "exponential");
      i = mention(ind, i, i + words.length - 1, ema);
      break;
    }
  }

  const levels: Level[] = [];
  const sds: number[] = [];
  const exitSds: number[] = [];
  const free: number[] = [];
  const loose: number[] = [];
  const pairs: Array<[number, number]> = [];
  const labels: Reading["labels"] = [];
  const owner = new Map<number, Mention>();
  const nums = tokens.flatMap((t, i) => (t.kind === "num" ? [i] : []));

  for (const i of nums) {
    const n = tokens[i] as Extract<Token, { kind: "num" }>;
    // Two numbers joined: "50/200", "10 by 50", "8 over 34" (a joiner of two numbers is not a level word).
    const j = tokens[i + 2];
    const joiner = wordAt(tokens, i + 1);
    // "10-week over 30-week": a pair with units is counted in bars.
    if (j?.kind === "num" && joiner && JOINERS.has(joiner)) pairs.push([bars(n), bars(j)]);
    const label = labelOf(tokens, i);
    // "the lookback is 3 months": a labelled period is counted in bars like any other.
    if (label) labels.push({ label, value: isPeriod(n) ? bars(n) : n.value });
    if (n.unit === "sd" || n.unit === "z") {
      if (exits[i]) exitSds.push(n.value);
      else sds.push(Math.abs(n.value));
      continue;
    }
    if (n.unit === "pct" || n.unit === "bps" || n.unit === "ord") continue;
    // "two-asset version", "3 ETFs", "one asset at a time": a count of the things traded, no period.
    if (!n.unit && countOfThings(tokens, i)) continue;
    // "above the 50 EMA" compares with the average: a number right before an indicator is its period, not a level.
    const ahead = attachedAhead(tokens, i, mentionAt);
    // "the two EMAs", "2 moving averages": a count of indicators, not a period.
    const plural = ahead && /s$/.test(wordAt(tokens, ahead.end) ?? "");
    // (Not the last of a list: "squeeze 30/1.5 bands" has bands of 1.5 deviations.)
    const listEnd = tokens[i - 2]?.kind === "num" && JOINERS.has(wordAt(tokens, i - 1) ?? "");
    const count = !n.unit && Number.isInteger(n.value) && n.value <= 3 && !listEnd;
    // ("two exponentially smoothed averages": adjectives may stand between, another number may not.)
    const between = tokens.slice(i + 1, ahead?.start ?? i + 1).some((x) => x.kind === "num");
    if (plural && count && !between) continue;
    // "a two-average system", "the 2-MA crossover": a count joined to an average by a hyphen names the system.
    if (
      ahead?.ind === "ma" &&
      count &&
      wordAt(tokens, i + 1) === "-" &&
      tokens[i + 2] === tokens[ahead.start]
    )
      continue;
    const level = !isPeriod(n) && !ahead ? levelOf(tokens, i) : null;
    if (level) {
      levels.push({ side: level, value: n.value, exit: exits[i]!, ...(n.unit ? { unit: n.unit } : {}) });
      continue;
    }
    // "bb 10 1.5 mean reversion": a bare number right after one attached to a band, MACD or z-score continues
    // that list; a fraction is never the period of an indicator after it, nor is any number a "mean"'s.
    const listed = owner.get(i - 1);
    const continues =
      !n.unit &&
      listed !== undefined &&
      listed.ind !== "ma" &&
      (!ahead || ahead.ind === "mean" || !Number.isInteger(n.value));
    // "Bollinger 25/2.5 mean reversion": numbers right after an indicator's name are its, not a "mean"'s after them.
    const behind = ahead?.ind === "mean" ? attachedTo(tokens, i, mentionAt, owner) : null;
    const m = continues
      ? listed
      : behind && behind.ind !== "mean"
        ? behind
        : (ahead ?? attachedTo(tokens, i, mentionAt, owner));
    if (m) {
      owner.set(i, m);
      // "the 10 and 30 week averages": the unit of the second number of a joined pair is the first's too.
      const next = tokens[i + 2];
      if (!n.unit && next?.kind === "num" && isPeriod(next) && JOINERS.has(wordAt(tokens, i + 1) ?? ""))
        n.unit = next.unit!;
      // A bare number after an average, RSI, return or high/low is its period ("sma(50)", "roc(126)",
      // "highest(50)"); after MACD, Bollinger, a z-score or a channel it is an argument ("BB (20, 2)").
      // ("12-1 momentum" is not a 12-bar momentum: a bare number before a return or a high is not its period.)
      const periodic =
        Number.isInteger(n.value) &&
        (m.ind === "ma" || m.ind === "rsi" || (!ahead && ["return", "high", "low"].includes(m.ind)));
      if (isPeriod(n) || periodic) m.periods.push(bars(n));
      else m.args.push(n.value);
      continue;
    }
    // "above its 200-day": a period compared against with no indicator named is a moving average.
    const rel = relationBefore(tokens, i);
    if (isPeriod(n) && rel && !mentionAt.has(i + 1)) {
      const implied: Mention = {
        ind: "ma",
        start: i,
        end: i,
        ema: false,
        exit: exits[i]!,
        periods: [bars(n)],
        args: [],
      };
      mentions.push(implied);
      owner.set(i, implied);
      continue;
    }
    // "period 14", "lookback of 60", "window = 20", "on a 120 window": a number named as a period is one.
    const named =
      [1, 2].some((k) => /^(?:period|length|lookback|window)$/.test(wordAt(tokens, i - k) ?? "")) ||
      /^(?:length|lookback|window)$/.test(wordAt(tokens, i + 1) ?? "");
    if (isPeriod(n) || (named && Number.isInteger(n.value) && n.value >= 2)) free.push(bars(n));
    else loose.push(n.value);
  }
  // A "line" with no period is a signal line or a trend line, not an average.
  const kept = mentions.filter(
    (m) => !(m.ind === "ma" && /^lines?$/.test(wordAt(tokens, m.start) ?? "") && m.periods.length === 0),
  );
  mentions.splice(0, mentions.length, ...kept);
  mentions.sort((a, b) => a.start - b.start);
  return {
    text,
    tokens,
    mentions,
    free,
    loose,
    pairs,
    levels,
    labels,
    sds,
    exitSds,
    has: (pattern) => pattern.test(text),
    of: (...inds) => mentions.filter((m) => inds.includes(m.ind)),
  };
}

/**
 * Whether each token stands in an exit clause: from an exit word ("sell", "exit", "out", "close the trade") to the
 * end of its clause or the next entry word.
 */
function exitClauses(tokens: Token[]): boolean[] {
  let exit = false;
  return tokens.map((t, i) => {
    const w = t.kind === "num" ? "" : t.text;
    if (CLAUSE_ENDS.has(w) || (w === ">" && wordAt(tokens, i - 1) === "-")) exit = false;
    else if (EXIT_WORDS.has(w)) exit = true;
    else if (w === "close" && /^(?:the|trade|position|out|it|when|longs?)$/.test(wordAt(tokens, i + 1) ?? ""))
      exit = true;
    else if (ENTRY_WORDS.has(w)) exit = false;
    return exit;
  });
}

/** "below 30", "dips to 20", "oversold at 25", "RSI > 70", "sell at 60": the side of the level the number is. */
function levelOf(tokens: Token[], i: number): Level["side"] | null {
  for (let k = i - 1, seen = 0; k >= 0 && seen < 3; k--, seen++) {
    const w = wordAt(tokens, k);
    if (w === undefined) return null;
    // "crosses down through 35", "moves back up thru 65": the direction before "through" says the side (before
    // "crosses", which alone reads as above).
    if ((w === "down" || w === "up") && /^(?:through|thru|past)$/.test(wordAt(tokens, k + 1) ?? ""))
      return w === "down" ? "below" : "above";
    if (BELOW.has(w) || BELOW_VERBS.has(w)) return "below";
    if (ABOVE.has(w) || ABOVE_VERBS.has(w)) {
      // "8 over 34" joins two numbers.
      if (w === "over" && tokens[k - 1]?.kind === "num") return null;
      return "above";
    }
    if (!LEVEL_FILLER.has(w)) return null;
  }
  return null;
}

/** The word naming a number: the nearest word before it, past "of", "=", ":", "ratio", "is" and dashes. */
function labelOf(tokens: Token[], i: number): string | undefined {
  for (let k = i - 1; k >= 0 && k >= i - 4; k--) {
    const w = wordAt(tokens, k);
    if (w === undefined) return undefined;
    if (/^(?:of|=|:|-|ratio|is|at|\()$/.test(w)) continue;
    return /^[a-z]+$/.test(w) ? w : undefined;
  }
  return undefined;
}

/** "above its 200-day", "under the 10-month": a comparison word right before the period. */
function relationBefore(tokens: Token[], i: number): boolean {
  const a = wordAt(tokens, i - 1);
  const b = wordAt(tokens, i - 2);
  const rel = (w?: string) =>
    w === "above" || w === "below" || w === "over" || w === "under" || w === "beneath";
  if (!(a === "its" || a === "the" || a === "their")) return false;
  // "the 50-day crosses under the 200-day,": a period standing alone as the subject or object of a comparison.
  const next = tokens[i + 1];
  const alone =
    next === undefined ||
    (next.kind === "op" && /^[,;.)!?]$/.test(next.text)) ||
    (next.kind === "word" && STANDALONE_NEXT.has(next.text));
  return rel(b) || alone;
}

/**
 * The indicator a number belongs to: the one right before it ("sma(50)", "rsi 21", "macd 12 26 9" through the
 * numbers already attached), or the one right after it ("50-day sma", "20 and 100 day ema" through the joined
 * number).
 */
function attachedTo(
  tokens: Token[],
  i: number,
  mentionAt: Map<number, Mention>,
  owner: Map<number, Mention>,
): Mention | null {
  // Backwards: filler, then a mention or a number already attached (a list "12 26 9", "10/20", "(20, 2)").
  for (let k = i - 1; k >= 0 && k >= i - 4; k--) {
    const t = tokens[k]!;
    if (t.kind === "num") {
      const m = owner.get(k);
      // "MACD 12 26 9", "ema 50 200": a number right after one already attached belongs to the same indicator.
      if (m && (m.ind !== "ma" || k === i - 1)) return m;
      // "sma 10/20": the second of a joined pair after an average.
      if (m && k === i - 2 && JOINERS.has(wordAt(tokens, i - 1) ?? "")) return m;
      break;
    }
    const m = mentionAt.get(k);
    // "zscore(close, 50)", "zscore(spread, 90)": the input series named inside the parentheses is skipped.
    if (m?.ind === "price" && wordAt(tokens, m.start - 1) === "(") {
      k = m.start;
      continue;
    }
    if (!m && t.kind === "word" && wordAt(tokens, k - 1) === "(" && mentionAt.get(k - 2)) {
      k = k - 1;
      continue;
    }
    // A line takes its period before it ("the 50-day line"); "signal line, 8 17 9" lists MACD's numbers.
    if (m) return m.ind === "price" || /^lines?$/.test(t.text) ? null : m;
    if (!AFTER_FILLER.has(t.text) && !JOINERS.has(t.text)) break;
  }
  return attachedAhead(tokens, i, mentionAt);
}

const ARTICLES = new Set(["a", "an", "the"]);

/** Forwards: filler, then a mention; or a joiner, a number and then a mention ("20 and 100 day ema"). */
function attachedAhead(tokens: Token[], i: number, mentionAt: Map<number, Mention>): Mention | null {
  // "a 10-day and a 40-day simple moving average": an article after the joiner is skipped, and not counted.
  let articles = 0;
  for (let k = i + 1; k < tokens.length && k <= i + 4 + articles; k++) {
    const t = tokens[k]!;
    const m = mentionAt.get(k);
    if (m) return m.ind === "price" ? null : m;
    // A number on the way only when joined to this one ("20 and 100 day ema"), not "50 period 2.5 … mean".
    if (t.kind === "num") {
      const joined = ARTICLES.has(wordAt(tokens, k - 1) ?? "")
        ? wordAt(tokens, k - 2)
        : wordAt(tokens, k - 1);
      // "20 50 exponential moving average crossover": two whole periods side by side, no joiner written.
      // (Not after an indicator's name: in "rsi 2 200 day ma" the 2 is the RSI's.)
      const after = mentionAt.has(i - 1) || AFTER_FILLER.has(wordAt(tokens, i - 1) ?? "");
      const side =
        k === i + 1 &&
        !after &&
        [tokens[i]!, t].every((x) => x.kind === "num" && Number.isInteger(x.value) && x.value >= 2);
      if (!JOINERS.has(joined ?? "") && !side) break;
      continue;
    }
    // (Not a comma: in "BB 20/2, 6m low" the 2 is not a 2-month low.)
    if (JOINERS.has(t.text) && t.text !== "," && tokens[k + 1]?.kind === "num") continue;
    // (Only "and"/"or": in "below 5 over the 100-day SMA" the 5 is a level, not joined to the 100.)
    if (
      (t.text === "and" || t.text === "or") &&
      ARTICLES.has(wordAt(tokens, k + 1) ?? "") &&
      tokens[k + 2]?.kind === "num" &&
      isPeriod(tokens[k + 2] as { unit?: Unit })
    ) {
      articles++;
      k++;
      continue;
    }
    if (!BEFORE_FILLER.has(t.text)) break;
  }
  return null;
}
