import type { Reading } from "./reading.ts";
import { bars, isPeriod, type Token } from "./tokens.ts";

/**
 * Windows bound to the role of the noun they modify. A rule with two windows of the same kind (a pairs rule's hedge
 * fit and z-score, a Donchian channel's entry and exit) is told by which noun each number is attached to, in either
 * order and whatever their sizes: "a 250-day rolling beta, spread z over 20 days", "z over 60 days, hedge from a
 * 120-bar OLS", "100-day entry channel, 50-day exit channel". A number binds, in this order, to
 *   1. the role word right after it, past adjectives ("120-day rolling OLS", "50-day exit channel");
 *   2. the role word right before it, past prepositions and labels ("beta over 120 days", "z window = 60");
 *   3. the nearest role word in its clause (between commas, semicolons or full stops), when there is one.
 */
export interface RoleWords {
  /** Words naming the role either side of the number. */
  words: Set<string>;
  /** Words naming it only right after the number ("40 in / 15 out": "in the last 20 days" is no entry). */
  after?: Set<string>;
}

const word = (t: Token | undefined) => (t && t.kind !== "num" ? t.text : undefined);

/** Between a number and the noun after it: "120-day rolling OLS", "the 60 day trailing z". */
const ADJECTIVES = new Set(["rolling", "trailing", "moving", "simple", "log", "price", "daily"]);
/** Between a noun and the number after it: "beta over the last 120 days", "z window = 60", "zscore(60)". */
const PREPOSITIONS = new Set([
  "(",
  "-",
  "=",
  ":",
  "of",
  "over",
  "across",
  "using",
  "on",
  "for",
  "with",
  "from",
  "a",
  "an",
  "the",
  "last",
  "past",
  "prior",
  "previous",
  "trailing",
  "rolling",
  "window",
  "windows",
  "lookback",
  "period",
  "length",
  "len",
  "lb",
  "size",
  "ratio",
  // "signal line 5", "the slow line at 40": a component's line named before its period.
  "line",
  "at",
  "ema",
  "sma",
  "average",
]);
/**
 * Ends of a clause: a number is bound by step 3 only to a role word between the same two of these. A command
 * line's "--" starts a new clause ("--window 40 --exit-window 15": 40 is not the exit's).
 */
const CLAUSE_ENDS = new Set([",", ";", ".", "!", "?", "|"]);
const endsClause = (tokens: Token[], k: number) => {
  const w = word(tokens[k]);
  if (w === "-") return word(tokens[k + 1]) === "-" || word(tokens[k - 1]) === "-";
  return CLAUSE_ENDS.has(w ?? "");
};
/** A bare number is a window only in a list or a label ("zscore(60)", "--entry 50", "window = 20"). */
const BARE_BEFORE = new Set([
  "(",
  ",",
  "=",
  ":",
  "window",
  "lookback",
  "lb",
  "period",
  "length",
  "len",
  "size",
  "of",
  "over",
  "line",
]);

/**
 * Whether the number at i can be a window: a period ("120-day") or a bare whole number in a list or a label, or
 * with a role word right beside it ("--entry 50", "40 in").
 */
function isWindow(tokens: Token[], i: number, isRole: (w: string | undefined) => boolean): boolean {
  const n = tokens[i] as Extract<Token, { kind: "num" }>;
  if (isPeriod(n)) return n.value > 0;
  if (n.unit || !Number.isInteger(n.value) || n.value < 5 || n.value >= 1000) return false;
  const before = word(tokens[i - 1]);
  // "the lowest of the last 20?": a bare span ending its clause.
  const next = tokens[i + 1];
  // "the maximum of the last 50 closes": a bare span counting prices.
  const span =
    SPAN.has(before ?? "") &&
    (next === undefined || (next.kind === "op" && next.text !== "%") || MEASURED.has(word(next) ?? ""));
  // "signal line at 6", "fast ema 10": a component's role word a line or an average's name before.
  const linked = LINKS.has(before ?? "") && (isRole(word(tokens[i - 2])) || isRole(word(tokens[i - 3])));
  // "8 for the fast line", "26 as the slow one": the role word a preposition and an article after.
  let ahead = false;
  for (let k = i + 1; k <= i + 3 && !ahead; k++) {
    const w = word(tokens[k]);
    if (isRole(w)) ahead = true;
    else if (!w || !(ROLE_PREPOSITIONS.has(w) || ARTICLES.has(w))) break;
  }
  // "a 120 window", "the 60 lookback": a bare number before the noun of a window.
  const noun = WINDOW_NOUNS.has(word(next) ?? "");
  return BARE_BEFORE.has(before ?? "") || span || linked || ahead || noun || isRole(before);
}
const ROLE_PREPOSITIONS = new Set(["for", "as"]);
const WINDOW_NOUNS = new Set(["window", "lookback", "length"]);
/** Words that open a condition after a verb: "exit when", "sell if", "buy once". */
const CONDITIONS = new Set(["when", "whenever", "if", "once", "as", "after", "until", "on"]);
/** An order's verb, a role word that may also start the next clause: "… the last 30 days sell below …". */
const ORDERS = new Set(["buy", "sell", "enter", "exit"]);
/** Nouns an order's word names as a window's role: "a 20-day exit channel", "a 50 day buy signal". */
const ORDER_NOUNS = new Set(
  "channel window lookback period rule level signal band line side leg low high stop breakout trigger length".split(
    " ",
  ),
);
/** Whether the role word w, followed by the word next, starts a clause rather than naming the number's role. */
const startsClause = (w: string, next: string | undefined) =>
  CONDITIONS.has(next ?? "") ||
  (ORDERS.has(w) && next !== undefined && !CLAUSE_ENDS.has(next) && !ORDER_NOUNS.has(next));
const ARTICLES = new Set(["the", "a", "an", "its", "my"]);
const LINKS = new Set(["line", "at", "ema", "sma", "average"]);
const SPAN = new Set(["last", "past", "prior", "previous", "preceding"]);
/** A price between a role word and "of": "the lowest close of the prior 15 days" binds 15 to "lowest". */
const MEASURED = new Set([
  "close",
  "closes",
  "closing",
  "price",
  "prices",
  "bar",
  "bars",
  "candle",
  "candles",
]);

/** Between a price and its span: "the lowest close of (over, in, across) the prior 15 days". */
const SPAN_OF = new Set(["of", "over", "in", "across", "during"]);

/** The role of the window at token i, or undefined when no role word is attached to it. */
function roleOf<R extends string>(tokens: Token[], i: number, roles: Record<R, RoleWords>): R | undefined {
  const names = Object.keys(roles) as R[];
  const named = (w: string | undefined, after: boolean) =>
    w === undefined
      ? undefined
      : names.find((r) => roles[r].words.has(w) || (after && roles[r].after?.has(w) === true));
  // 1. The noun the number modifies, right after it; not a verb that starts the next clause, as dictation runs them
  // on: "… of the last 20 days exit when it closes below …", "the prior 50 sessions sell if …".
  for (let k = i + 1; k < tokens.length; k++) {
    const w = word(tokens[k]);
    const role = named(w, true);
    if (role && startsClause(w!, word(tokens[k + 1]))) break;
    if (role) return role;
    if (w === undefined || !ADJECTIVES.has(w)) break;
  }
  // 2. The noun before it, past prepositions and labels.
  for (let k = i - 1; k >= 0; k--) {
    const w = word(tokens[k]);
    const role = named(w, false);
    if (role) return role;
    if (w === undefined) break;
    if (!PREPOSITIONS.has(w) && !(MEASURED.has(w) && SPAN_OF.has(word(tokens[k + 1]) ?? ""))) break;
  }
  // 3. The nearest role word in the clause (after the number first at equal distance).
  let start = i;
  while (start > 0 && !endsClause(tokens, start - 1)) start--;
  let end = i;
  while (end + 1 < tokens.length && !endsClause(tokens, end + 1)) end++;
  for (let d = 1; i - d >= start || i + d <= end; d++) {
    const role =
      (i + d <= end && named(word(tokens[i + d]), false)) ||
      (i - d >= start && named(word(tokens[i - d]), false));
    if (role) return role;
  }
  // 4. A clause with no role word (a list's item: "hedge ratio HD vs LOW, 120 bars, zscore window 30"; a call's
  // argument: "rolling_ols(log(A), log(B), 120)") takes the nearest role word before it in its sentence.
  for (let k = start - 1; k >= 0; k--) {
    const w = word(tokens[k]);
    if (w === ";" || w === "." || w === "!" || w === "?" || w === "|") break;
    const role = named(w, false);
    if (role) return role;
  }
  return undefined;
}

/** Each role's windows in bars, in the order the text states them. */
export function windowsByRole<R extends string>(
  r: Reading,
  roles: Record<R, RoleWords>,
): Record<R, number[]> {
  const out = Object.fromEntries(Object.keys(roles).map((k) => [k, [] as number[]])) as Record<R, number[]>;
  const all = Object.values<RoleWords>(roles);
  const isRole = (w: string | undefined) =>
    w !== undefined && all.some((role) => role.words.has(w) || role.after?.has(w) === true);
  r.tokens.forEach((t, i) => {
    if (t.kind !== "num" || !isWindow(r.tokens, i, isRole)) return;
    const role = roleOf(r.tokens, i, roles);
    if (role) out[role].push(bars(t));
  });
  return out;
}

const set = (...words: string[]) => new Set(words);

/** A pairs rule's two windows: the fit of the hedge ratio and the spread's z-score. */
export const PAIRS_ROLES = {
  fit: {
    words: set(
      "hedge",
      "hedged",
      "hedging",
      "beta",
      "betas",
      "ols",
      "regression",
      "regressions",
      "regress",
      "regressed",
      "fit",
      "fitted",
      "fitting",
      "slope",
    ),
  },
  z: {
    words: set(
      "z",
      "zscore",
      "zscores",
      "score",
      "spread",
      "spreads",
      "mean",
      "std",
      "stdev",
      "sigma",
      "standardized",
      "standardised",
      "normalized",
      "normalised",
    ),
  },
} satisfies Record<string, RoleWords>;

/** A Donchian channel's two windows: the entry (breakout) high and the exit (stop) low. */
export const CHANNEL_ROLES = {
  entry: {
    words: set(
      "entry",
      "entries",
      "enter",
      "breakout",
      "breakouts",
      "buy",
      "high",
      "highs",
      "highest",
      "upper",
      // "the maximum of the closes of the last 50 days": the channel's top told as a statistic.
      "maximum",
      "max",
    ),
    after: set("in"),
  },
  exit: {
    words: set("exit", "exits", "stop", "stops", "sell", "low", "lows", "lowest", "lower", "minimum", "min"),
    after: set("out"),
  },
} satisfies Record<string, RoleWords>;

/** MACD's three periods: its fast and slow averages and its signal line. */
export const MACD_ROLES = {
  fast: { words: set("fast", "faster", "quick", "quicker"), after: set("short", "shorter") },
  slow: { words: set("slow", "slower"), after: set("long", "longer") },
  signal: { words: set("signal", "trigger") },
} satisfies Record<string, RoleWords>;

/** Units a leg's size is counted in: "0.8 shares of CVX per share of XOM". */
const LEG_UNITS = new Set([
  "share",
  "shares",
  "unit",
  "units",
  "dollar",
  "dollars",
  "lot",
  "lots",
  "contract",
  "contracts",
]);
/** Words that relate the second leg's size to one of the first: "per share of", "for each", "against every". */
const PER = /^(?:per|each|every)$/;

/**
 * A fixed hedge ratio stated as the size of the second leg: the coefficient of B in a spread formula ("log XOM -
 * 0.8 log CVX", "XOM - 1.25*CVX", "KO minus 0.9 times PEP") or a count per unit of A ("0.8 shares of CVX per share
 * of XOM", "short 1.1 PEP for every KO"). `symbols` are the tickers the text names.
 */
export function statedHedge(r: Reading, symbols: string[]): number | undefined {
  const t = r.tokens;
  const legs = new Set(symbols.map((s) => s.toLowerCase()));
  const isLeg = (k: number) => {
    const w = word(t[k]);
    return w !== undefined && (legs.has(w) || w === "log" || w === "ln" || w === "(");
  };
  for (let i = 0; i < t.length; i++) {
    const n = t[i]!;
    if (n.kind !== "num" || n.unit || n.value === 0 || Math.abs(n.value) >= 10) continue;
    // The leg after the number, past a multiplication sign.
    let k = i + 1;
    if (/^(?:\*|×|x|times)$/.test(word(t[k]) ?? "")) k++;
    // A coefficient after a minus: "A - 0.8 log B", or a signed one after the first leg: "A -0.8*B".
    const before = word(t[i - 1]);
    const minus =
      (n.value > 0 && (before === "-" || before === "minus")) ||
      (n.value < 0 && (before === ")" || legs.has(before ?? "")));
    if (minus && isLeg(k)) return Math.abs(n.value);
    // A count per unit of the first leg: "0.8 shares of CVX per share of XOM", "1.1 PEP for every KO".
    if (n.value < 0) continue;
    let j = i + 1;
    if (LEG_UNITS.has(word(t[j]) ?? "")) j++;
    if (word(t[j]) === "of") j++;
    if (!legs.has(word(t[j]) ?? "")) continue;
    const rest = [1, 2, 3].map((d) => word(t[j + d]) ?? "");
    if (rest.some((w) => PER.test(w))) return n.value;
  }
  return undefined;
}
