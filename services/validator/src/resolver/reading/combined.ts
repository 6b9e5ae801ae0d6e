import { bindSymbols, namedRule } from "../../rules/library.ts";
import type { Candidate } from "./candidate.ts";
import type { Indicator, Mention, Reading } from "./reading.ts";

/**
 * A library rule with an extra condition from another indicator family ("golden cross plus RSI under 40", "donchian
 * breakout with a 200 day sma filter"): no library rule has that combination, and running the rule without the
 * condition (or reading the condition's numbers as the rule's) answers another question. Refused, naming the
 * condition and the rule text that would test it. Combinations the library has are not refused: Connors (RSI with a
 * trend average), the squeeze and z-score (bands, averages and deviations), MACD (its own EMAs and signal line), pairs
 * (the spread's z-score, mean and bands), dual momentum (returns only: "dual momentum SPY EFA with RSI above 50" is
 * refused, not run as dual momentum without the RSI).
 */

/** The indicator families each library rule is built on; rules missing here (calendar, buy and hold) are not checked. */
const FAMILIES: Record<string, Indicator[]> = {
  sma_crossover: ["ma"],
  ema_crossover: ["ma"],
  price_above_sma: ["ma"],
  price_above_ema: ["ma"],
  rsi_mean_reversion: ["rsi"],
  connors_rsi_pullback: ["rsi", "ma"],
  bollinger_bands: ["bb", "ma", "z", "mean"],
  bollinger_squeeze: ["bb", "ma", "z", "mean"],
  zscore_reversion: ["z", "bb", "ma", "mean"],
  macd: ["macd", "ma"],
  donchian_breakout: ["breakout"],
  ts_momentum: [],
  // Across two symbols: the spread's z-score against its mean (bands on it are the same test), and the returns.
  pairs_zscore: ["z", "mean", "bb", "ma"],
  pairs_zscore_fitted: ["z", "mean", "bb", "ma"],
  dual_momentum: ["return"],
};

/**
 * Rules across two symbols, whose own words compare them ("KO vs PEP", "SPY's return higher than EFA's"): a
 * comparison there is the rule's logic, not a rule cited, so only history ("I tried", "instead") sets the text aside.
 */
const ACROSS = new Set(["pairs_zscore", "pairs_zscore_fitted", "dual_momentum"]);
const ASIDE_ACROSS = /\b(?:instead|tried|used to|previously|last (?:year|time|week|month))\b/;
/** "Versus" joining two named symbols ("spy vs efa"): the pair compared, no citation of the indicator after it. */
const JOINS = new Set(["vs", "versus"]);

/** Families that name a rule of their own: mentioned (not ruled out), the rule chosen must be built on them. */
const NAMING: Indicator[] = ["macd", "bb", "z", "breakout"];

const COMPARE = new Map<string, "<" | ">">([
  ["above", ">"],
  ["over", ">"],
  [">", ">"],
  [">=", ">"],
  ["exceeds", ">"],
  ["below", "<"],
  ["under", "<"],
  ["beneath", "<"],
  ["<", "<"],
  ["<=", "<"],
]);
/** Verbs of a move to a level: "RSI crosses above 50", "rises over 60", "dips below 30". */
const MOVES = new Set([
  "crosses",
  "crossed",
  "cross",
  "rises",
  "climbs",
  "moves",
  "goes",
  "drops",
  "falls",
  "dips",
  "back",
]);
/** Words that may stand between an indicator and its comparison: "RSI is above 50", "rsi(14) stays under 40". */
const BETWEEN = new Set([
  "is",
  // Told in the past of a backtest: "if it only took entries when the 14-day RSI was below 50".
  "was",
  "were",
  "sits",
  "holds",
  "stays",
  "remains",
  "reading",
  "value",
  "of",
  "the",
  "its",
  "still",
  "trades",
  "line",
]);
/** Words that say a mention is not a condition: a rule ruled out, compared with, or cited as a source. */
const NOT_A_CONDITION =
  /\b(?:not|no|without|instead|rather|than|versus|vs|compared|like|unlike|from|chapter|version|ignore|skip|forget)\b/;

interface Extra {
  ind: Indicator;
  /** The condition in the rule language. */
  rule: string;
  /** The words that state it. */
  words: string;
  op?: "<" | ">" | "between";
  /** Stated in an exit clause ("sell when RSI > 70"): the rule's exit, not a filter on its entry. */
  exit: boolean;
  /** An average called a filter ("a 200 day sma filter"). */
  filter?: boolean;
  /** The period it names, kept out of the rule's parameters ("donchian breakout with a 200 day sma filter"). */
  period?: number | undefined;
}

const wordOf = (r: Reading, i: number) => {
  const t = r.tokens[i];
  return t === undefined ? undefined : t.kind === "num" ? String(t.value) : t.text;
};
const span = (r: Reading, a: number, b: number) =>
  r.tokens
    .slice(a, b + 1)
    .map((t) =>
      t.kind !== "num"
        ? t.text
        : t.unit === "day" || t.unit === "bar"
          ? `${t.value}-${t.unit}`
          : String(t.value),
    )
    .join(" ")
    .replace(/ \( /g, "(")
    .replace(/ \)/g, ")");

/**
 * Up to four words before a mention: a negation, a comparison or a citation there says it is not a condition. A word
 * joining two named symbols ("dual momentum SPY vs EFA, RSI above 50") compares the symbols, not the indicator.
 */
function before(r: Reading, m: Mention, symbols: readonly string[]): string {
  const named = (k: number) => symbols.includes((wordOf(r, k) ?? "").toUpperCase());
  // ("SPY vs. EFA": the abbreviation's point is a token of its own.)
  const joins = (k: number) =>
    JOINS.has(wordOf(r, k) ?? "") &&
    named(k - 1) &&
    (named(k + 1) || (wordOf(r, k + 1) === "." && named(k + 2)));
  const words: string[] = [];
  for (let k = Math.max(0, m.start - 4); k < m.start; k++)
    if (!joins(k) && !(wordOf(r, k) === "." && joins(k - 1))) words.push(span(r, k, k));
  return words.join(" ");
}

/** "RSI under 40", "rsi(14) is above 50", "z-score below -2", "MACD above 0": an indicator compared with a number. */
function levelAfter(
  r: Reading,
  m: Mention,
): { op: "<" | ">" | "between"; value: number; high?: number; end: number } | null {
  for (let k = m.end + 1; k <= m.end + 7 && k < r.tokens.length; k++) {
    const t = r.tokens[k]!;
    // Its own period written after it: "rsi(10) is over 55", "RSI 14 below 30".
    if (t.kind === "num" ? m.periods.includes(t.value) : t.text === "(" || t.text === ")") continue;
    const w = wordOf(r, k)!;
    const op = COMPARE.get(w);
    if (op) {
      const n = r.tokens[k + 1];
      return n?.kind === "num" && n.unit === undefined ? { op, value: n.value, end: k + 1 } : null;
    }
    // "rsi(14) between 40 and 60": a band the RSI stays in, a filter on another rule (not a pullback's two levels).
    if (w === "between") {
      const [a, and, b] = [r.tokens[k + 1], wordOf(r, k + 2), r.tokens[k + 3]];
      return a?.kind === "num" && b?.kind === "num" && (and === "and" || and === "-" || and === "to")
        ? { op: "between", value: a.value, high: b.value, end: k + 3 }
        : null;
    }
    if (!BETWEEN.has(w) && !MOVES.has(w)) return null;
  }
  return null;
}

const CLAUSE = new Set([
  ",",
  ";",
  ".",
  "?",
  "!",
  "and",
  "or",
  "then",
  "when",
  "while",
  "if",
  "but",
  "sell",
  "exit",
]);

/**
 * "MACD above its signal line", "the macd crosses over the signal": MACD's own signal, as a condition. Alone it is the
 * macd rule itself (the rule chosen covers it); beside another rule it is that rule's extra condition.
 */
function signalAfter(r: Reading, m: Mention): Extra | null {
  let op: "<" | ">" | null = null;
  for (let k = m.end + 1; k <= m.end + 6 && k < r.tokens.length; k++) {
    const w = wordOf(r, k)!;
    if (CLAUSE.has(w)) return null;
    if (/^(?:above|over|up)$/.test(w)) op = ">";
    else if (/^(?:below|under|down)$/.test(w)) op = "<";
    else if (w === "signal" && op)
      return {
        ind: "macd",
        rule: `macd(12, 26) ${op} macd_signal(12, 26, 9)`,
        words: span(r, m.start, k),
        exit: m.exit,
        op,
      };
  }
  return null;
}

/** "A 200 day sma filter", "with the 50-day EMA as a filter": an average with a period used as a trend filter. */
function maFilter(r: Reading, m: Mention): number | null {
  if (m.periods.length !== 1) return null;
  for (let k = m.end + 1; k <= m.end + 4 && k < r.tokens.length; k++) {
    const w = wordOf(r, k);
    if (w === "filter" || w === "filters") return k;
    if (w !== "trend" && w !== "as" && w !== "a") return null;
  }
  return null;
}

function extraOf(r: Reading, m: Mention, symbols: readonly string[]): Extra | null {
  if (NOT_A_CONDITION.test(before(r, m, symbols))) return null;
  if (m.ind === "ma") {
    const end = maFilter(r, m);
    if (end === null) return null;
    return {
      ind: "ma",
      rule: `close > ${m.ema ? "ema" : "sma"}(${m.periods[0]})`,
      words: span(r, m.start - (r.tokens[m.start - 1]?.kind === "num" ? 1 : 0), end),
      exit: m.exit,
      period: m.periods[0],
      filter: true,
    };
  }
  if (m.ind !== "rsi" && m.ind !== "macd" && m.ind !== "z") return null;
  const level = levelAfter(r, m);
  if (!level) return (m.ind === "macd" ? signalAfter(r, m) : null) ?? unstated(r, m);
  const said = { words: span(r, m.start, level.end), exit: m.exit, period: m.periods[0], op: level.op };
  const value = level.value;
  if (level.op === "between") {
    if (m.ind !== "rsi") return null;
    const rsi = `rsi(${m.periods[0] ?? 14})`;
    return { ...said, ind: "rsi", rule: `${rsi} > ${value} and ${rsi} < ${level.high}` };
  }
  if (m.ind === "rsi")
    return { ...said, ind: "rsi", rule: `rsi(${m.periods[0] ?? 14}) ${level.op} ${value}` };
  if (m.ind === "macd") return { ...said, ind: "macd", rule: `macd(12, 26) ${level.op} ${value}` };
  return { ...said, ind: "z", rule: `zscore(${m.periods[0] ?? 20}) ${level.op} ${value}` };
}

const CONFIRMS =
  /^(?:filter|filters|filtered|confirmation|confirm|confirms|confirmed|confirming|gate|gated)$/;

/**
 * "Bollinger band buys with an RSI filter", "confirmed by the RSI", "RSI(5) confirmation": an RSI condition with no
 * level stated. The rule text leaves the level a {placeholder} to sweep and the comparison to the rule it filters.
 */
function unstated(r: Reading, m: Mention): Extra | null {
  if (m.ind !== "rsi") return null;
  const after = [1, 2, 3, 4].map((k) => wordOf(r, m.end + k) ?? "");
  const own = (w: string) => w === "(" || w === ")" || m.periods.map(String).includes(w);
  const next = after.find((w) => !own(w)) ?? "";
  const by = wordOf(r, m.start - 1) === "by" || wordOf(r, m.start - 2) === "by";
  const confirmed = by && CONFIRMS.test(wordOf(r, m.start - (wordOf(r, m.start - 1) === "by" ? 2 : 3)) ?? "");
  if (!CONFIRMS.test(next) && !confirmed) return null;
  return {
    ind: "rsi",
    rule: `rsi(${m.periods[0] ?? 14}) OP {rsi_level}`,
    words: confirmed
      ? span(r, m.start - (wordOf(r, m.start - 1) === "by" ? 2 : 3), m.end)
      : span(r, m.start, m.end + after.indexOf(next) + 1),
    exit: m.exit,
    period: m.periods[0],
  };
}

/**
 * The library rule's entry and exit with its parameters filled in; its defaults when a parameter was read from the
 * extra condition's own period (the channel taken as 200 from "a 200 day sma filter").
 */
function ruleText(
  c: Candidate,
  periods: number[],
  symbols: readonly string[],
): { entry: string; exit: string } | null {
  const rule = namedRule(c.name);
  if (!rule) return null;
  // A rule across symbols is written with the tickers the text names (its slots kept when it names too few).
  const bind = (text: string) =>
    rule.slots && symbols.length >= rule.slots.length ? bindSymbols(text, rule.slots, symbols) : text;
  // Parameters derived from a misread one (the exit channel halved from it) go with it.
  const misread = Object.values(c.params).some((v) => periods.includes(v));
  const params = misread ? rule.defaults : { ...rule.defaults, ...c.params };
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (all, k: string) => String(params[k] ?? all));
  return { entry: bind(fill(rule.entry)), exit: bind(fill(rule.exit)) };
}

/** Two averages crossing ("a 20/100 EMA crossover", "the 10/30 sma cross", "golden cross"): not Connors' trend filter. */
const MA_CROSS =
  /\b(?:golden|death)[\s-]cross|\b(?:sma|ema|ma|dma|averages?|mas|smas|emas|\d+)[\s-]+cross(?:over|es|ing)?\b/;
const CROSSOVERS = ["sma_crossover", "ema_crossover"];

/** The RSI named as the rule itself: its filter words are the rule's own. */
const RSI_RULE =
  /\b(?:rsi|relative strength index)(?:\s*\(\s*\d+\s*\))?(?:[\s-]+\d+)?[\s-]+(?:mean[\s-]reversion|pullbacks?|dips?|strateg\w+|rules?|systems?|setups?|oversold)\b|\bconnors\b/;
/** Rules that buy a dip: an RSI filter beside them asks for an oversold RSI. */
const REVERTING = ["bollinger_bands", "zscore_reversion", "pairs_zscore", "pairs_zscore_fitted"];
/** Rules with a trend filter of their own: an average "filter" is theirs. */
const FILTERED = ["connors_rsi_pullback", "price_above_sma", "price_above_ema"];
/**
 * Two rules compared, or one told as history ("RSI(14) < 30 vs the golden cross", "I tried RSI under 30 last year"):
 * the other rule's condition is no condition of this one.
 */
const ASIDE =
  /\b(?:vs|versus|compared?|comparing|comparison|better|worse|than|instead|tried|used to|previously|last (?:year|time|week|month))\b/;

/**
 * A rule across symbols trades its first slot, and the extra condition is read on that symbol's bars: the request
 * says which (trade), and dual momentum's other leg and its rotation across three or more are told apart.
 */
function across(name: string, symbols: readonly string[]): string {
  if (!ACROSS.has(name)) return "";
  const [a, b] = symbols;
  if (!a || !b) return ", with A and B bound to two tickers and trade A";
  const other =
    name !== "dual_momentum"
      ? ""
      : symbols.length > 2
        ? `; this is ${a}'s leg against ${b}: no rule text rotates across ${symbols.join(", ")}`
        : `; ${b}'s leg is the same with the two swapped`;
  return `, trade "${a}"${other}`;
}

const covers = (name: string, inds: Indicator[]) => inds.every((i) => FAMILIES[name]?.includes(i));

/**
 * The refusal for a library rule conditioned on an indicator family it is not built on, or null. candidates: every
 * family's reading, best first; symbols: the tickers the text names, in order (a rule across symbols is bound to them).
 */
export function extraCondition(
  r: Reading,
  candidates: Candidate[],
  symbols: readonly string[] = [],
): { reason: string; closest: string[] } | null {
  // Connors read from an average crossing with an RSI level beside it: the crossover is the rule, the RSI the extra.
  const crossing = MA_CROSS.test(r.text) && candidates.some((c) => CROSSOVERS.includes(c.name));
  const extras = r.mentions.flatMap((m) => extraOf(r, m, symbols) ?? []);
  if (extras.length === 0) return null;
  // Only an RSI above a level on the entry ("momentum, but only when RSI(14) is over 50") is a filter on another
  // rule, not a pullback: neither RSI rule buys above its level (the single level read as lower = upper).
  const rsiFilter =
    extras.some((e) => e.ind === "rsi" && !e.exit && e.op !== "<") &&
    !extras.some((e) => e.ind === "rsi" && e.op === "<") &&
    !RSI_RULE.test(r.text);
  const ranked = candidates.filter(
    (c) =>
      !(crossing && c.name === "connors_rsi_pullback") && !(rsiFilter && FAMILIES[c.name]?.includes("rsi")),
  );
  const best = ranked[0];
  if (!best || !(best.name in FAMILIES) || (ACROSS.has(best.name) ? ASIDE_ACROSS : ASIDE).test(r.text))
    return null;
  const levelInds = new Set(extras.map((e) => e.ind));
  // Families that name a rule, mentioned as more than a level: the rule chosen is built on them.
  const named = [
    ...new Set(
      r.mentions
        .filter(
          (m) =>
            NAMING.includes(m.ind) && !levelInds.has(m.ind) && !NOT_A_CONDITION.test(before(r, m, symbols)),
        )
        .map((m) => m.ind),
    ),
  ];
  const main = ranked.find((c) => c.name in FAMILIES && covers(c.name, named));
  if (!main) return null;
  // An average called a filter is the trend filter only Connors has (or the whole rule, price above its average); the
  // averages of a crossover, MACD or z-score are their own, not a filter on them.
  const missing = extras.filter((e) =>
    e.filter ? !FILTERED.includes(main.name) : !FAMILIES[main.name]!.includes(e.ind),
  );
  if (missing.length === 0) return null;
  const text = ruleText(
    main,
    missing.flatMap((e) => (e.period === undefined ? [] : [e.period])),
    symbols,
  );
  if (!text) return null;
  // An RSI filter with no level: oversold beside a mean-reversion rule, strong beside a trend rule.
  const op = REVERTING.includes(main.name) ? "<" : ">";
  const rules = (es: Extra[]) => es.map((e) => e.rule.replace("OP", op));
  const onEntry = rules(missing.filter((e) => !e.exit));
  const onExit = rules(missing.filter((e) => e.exit));
  const sweep = missing.some((e) => e.rule.includes("{rsi_level}"))
    ? "; the level is not stated: sweep it with --param rsi_level=a:b or grid {rsi_level: [...]}"
    : "";
  const entry = [text.entry, ...onEntry].join(" and ");
  const exit = onExit.length > 0 ? onExit.join(" or ") : text.exit;
  return {
    reason: `"${missing.map((e) => e.words).join('", "')}" is a condition from another indicator family than the rule ${main.name} is built on, and no library rule combines them, so this is refused rather than run without it (send strategy {entry, exit} in the rule language to POST /backtest or pnpm backtest --entry/--exit, e.g. entry "${entry}", exit "${exit}"${across(main.name, symbols)}${sweep})`,
    closest: [main.name, ...candidates.map((c) => c.name)].filter((n, i, a) => a.indexOf(n) === i),
  };
}
