import type { Params } from "../../strategies/catalog.ts";
import { bars } from "./tokens.ts";

/**
 * Parameters stated as assignments, the way a back-test ticket or a config writes them: "Params: window=20,
 * entry_z=2", "lookback = 252", "fast=9 slow=21", "window: 50", "hedge ratio = 0.8". They are read apart from the
 * prose (the rule is chosen from what the text says the rule does, so "entry_z=2" beside a moving-average rule
 * cannot turn it into a z-score rule) and then bound to the chosen rule's parameters by name; a name the rule
 * does not have is ignored.
 */
export interface Assignment {
  /** The name as written, lower case, words joined by "_" ("entry_z", "hedge_ratio"). */
  name: string;
  value: number;
}

/**
 * Each catalogue parameter name and its obvious aliases, tried in order against the chosen rule's parameters
 * ("window" is a momentum rule's lookback when the rule has no window; "lookback" a z-score's window).
 */
const ALIASES: Record<string, string[]> = {
  fast: ["fast"],
  fast_window: ["fast"],
  fast_period: ["fast"],
  fast_length: ["fast"],
  fast_ma: ["fast"],
  fast_ema: ["fast"],
  fast_sma: ["fast"],
  short_window: ["fast"],
  short_period: ["fast"],
  short_ma: ["fast"],
  slow: ["slow"],
  slow_window: ["slow"],
  slow_period: ["slow"],
  slow_length: ["slow"],
  slow_ma: ["slow"],
  slow_ema: ["slow"],
  slow_sma: ["slow"],
  long_window: ["slow"],
  long_period: ["slow"],
  long_ma: ["slow"],
  signal: ["signal"],
  signal_period: ["signal"],
  signal_window: ["signal"],
  signal_length: ["signal"],
  window: ["window", "lookback"],
  period: ["window", "lookback"],
  length: ["window", "lookback"],
  len: ["window", "lookback"],
  n: ["window", "lookback"],
  rsi_period: ["window"],
  rsi_window: ["window"],
  rsi_length: ["window"],
  ma_window: ["window"],
  sma_window: ["window"],
  ema_window: ["window"],
  bb_window: ["window"],
  z_window: ["window"],
  zscore_window: ["window"],
  entry_window: ["window"],
  lookback: ["lookback", "window"],
  lb: ["lookback", "window"],
  lookback_period: ["lookback", "window"],
  lookback_window: ["lookback", "window"],
  momentum_window: ["lookback"],
  lower: ["lower"],
  lower_level: ["lower"],
  oversold: ["lower"],
  buy_level: ["lower"],
  upper: ["upper"],
  upper_level: ["upper"],
  overbought: ["upper"],
  sell_level: ["upper"],
  k: ["k"],
  std: ["k"],
  stdev: ["k"],
  std_dev: ["k"],
  num_std: ["k"],
  n_std: ["k"],
  nstd: ["k"],
  sigma: ["k"],
  width: ["k"],
  exit_window: ["exit_window"],
  exit_period: ["exit_window"],
  exit_lookback: ["exit_window"],
  trend: ["trend"],
  trend_window: ["trend"],
  trend_ma: ["trend"],
  trend_period: ["trend"],
  trend_filter: ["trend"],
  exit_ma: ["exit_ma"],
  exit_sma: ["exit_ma"],
  entry_z: ["entry_z"],
  z_entry: ["entry_z"],
  entry_zscore: ["entry_z"],
  z_in: ["entry_z"],
  exit_z: ["exit_z"],
  z_exit: ["exit_z"],
  exit_zscore: ["exit_z"],
  z_out: ["exit_z"],
  days_before: ["days_before"],
  days_after: ["days_after"],
  start_month: ["start_month"],
  end_month: ["end_month"],
  hedge: ["hedge"],
  hedge_ratio: ["hedge"],
  beta: ["hedge"],
  hedge_window: ["hedge_window"],
  beta_window: ["hedge_window"],
  ols_window: ["hedge_window"],
  regression_window: ["hedge_window"],
  hedge_lookback: ["hedge_window"],
  squeeze_lookback: ["lookback"],
};

/**
 * `name = value` / `name: value`: a name of letters (words joined by "_" or "-", or two words with a space when
 * the pair is a known name: "hedge window = 120"), then a number, then at most a unit word ("window: 50 days");
 * a number that runs on into a word ("window: 50x") is not a value.
 */
const ASSIGNMENT =
  /(?<![\w.])([a-z][a-z0-9]*(?:[_-][a-z0-9]+)*)\s*(?::=|==?|:)\s*([-+]?\d+(?:\.\d+)?)(?:\s*-?\s*(days?|d|bars?|sessions?|weeks?|wks?|w|months?|mo|m|years?|yrs?|y)\b)?(?![\w%]|\.\d|-\w)/g;

const NAME = "[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*";
const NUMBER = String.raw`[-+]?\d+(?:\.\d+)?`;
const TUPLE = new RegExp(
  String.raw`(?<![\w.])\(?\s*(${NAME}(?:\s*,\s*${NAME})+)\s*\)?\s*(?::=|=|<-)\s*\(?\s*(${NUMBER}(?:\s*,\s*${NUMBER})+)\s*\)?(?![\w.%])`,
  "g",
);

/** The assignments of a concept, and the concept with them blanked out (so the prose alone chooses the rule). */
export function readAssignments(concept: string): { prose: string; assignments: Assignment[] } {
  const lower = concept.toLowerCase();
  const assignments: Assignment[] = [];
  const spans: Array<[number, number]> = [];
  // Tuple assignment, "n, k = 20, 2.5" / "(fast, slow) = (15, 60)": each name takes the number in its place.
  for (const m of lower.matchAll(TUPLE)) {
    const values = m[2]!.split(",").map((v) => Number(v.trim()));
    // The names right before the "=" ("on XLV, window, k = 35, 2.5": window and k), one per number.
    const names = m[1]!
      .split(",")
      .map((n) => n.trim().replace(/-/g, "_"))
      .slice(-values.length);
    if (names.length !== values.length || !names.some((n) => n in ALIASES)) continue;
    names.forEach((name, i) => {
      if (name in ALIASES) assignments.push({ name, value: values[i]! });
    });
    // Blank from the first kept name: the words before it ("on XLV,") stay in the prose.
    const raw = m[1]!.split(",");
    const skipped = raw.slice(0, raw.length - values.length).join(",");
    const from = skipped ? m.index + m[0].indexOf(m[1]!) + skipped.length + 1 : m.index;
    spans.push([from, m.index + m[0].length]);
  }
  const inTuple = (at: number) => spans.some(([a, b]) => at >= a && at < b);
  for (const m of lower.matchAll(ASSIGNMENT)) {
    if (inTuple(m.index)) continue;
    let name = m[1]!.replace(/-/g, "_");
    let start = m.index;
    // "hedge window = 120", "entry z: 2": the word before joins the name when the pair is a name we know.
    const before = /([a-z]+)\s+$/.exec(lower.slice(0, m.index));
    if (before && `${before[1]}_${name}` in ALIASES) {
      name = `${before[1]}_${name}`;
      start = before.index;
    }
    // "rolling_ols(log(A), log(B), window=60)", "RollingOLS(y, x, window=90)": a keyword inside a regression's
    // call sizes the fit, the hedge window, whatever it is called.
    if (
      /^(?:window|period|length|len|n|lookback|lb)$/.test(name) &&
      FIT_CALL.test(enclosingCall(lower, m.index))
    )
      name = "hedge_window";
    name = aliasOf(name);
    // "lookback_months: 6", "window_days = 40", "hedge_window_d: 90": the key's own unit scales the value.
    const suffix = KEY_UNIT.exec(name);
    let keyUnit: string | undefined;
    if (!(name in ALIASES) && suffix && aliasOf(suffix[1]!) in ALIASES) {
      name = aliasOf(suffix[1]!);
      keyUnit = suffix[2];
    }
    if (!(name in ALIASES)) continue;
    // "Signal: 30-day z-score of the close", "Setup: 45-day average": a period joined to the noun it sizes is that
    // noun's, not a value of the label ("window: 50 days, daily bars" and "lookback: 90 days of closes" are values).
    if (
      m[3] &&
      /^[\s-]*(?!(?:and|or|of|for|with|then|each|per|to|on|in|at|but|when|if|while)\b)[a-z]/.test(
        lower.slice(m.index + m[0].length),
      )
    )
      continue;
    // "Period: 2010 to 2020", "window: 2015 through today": a span of dates, not a parameter (and no period of
    // the rule's either: blanked from the prose too).
    const rest = lower.slice(m.index + m[0].length);
    const dates = /^\s*(?:to|through|thru|until|till|[-–—])\s*(?:\d{4}|now|today|present)\b/.exec(rest);
    if (/^(?:19|20)\d\d$/.test(m[2]!) && dates) {
      spans.push([start, m.index + m[0].length + dates[0].length]);
      continue;
    }
    const unit = m[3] ?? keyUnit;
    const value = Number(m[2]);
    const scaled = unit ? bars({ value, unit: unitOf(unit) }) : value;
    assignments.push({ name, value: scaled });
    spans.push([start, m.index + m[0].length]);
  }
  spans.sort((x, y) => x[0] - y[0]);
  let prose = concept;
  // Blank from the end so earlier spans keep their offsets; a comma keeps the clauses apart.
  for (const [a, b] of spans.reverse()) prose = `${prose.slice(0, a)},${prose.slice(b)}`;
  return { prose, assignments };
}

/**
 * A name of its own for an indicator's window ("rsi_len", "bb_lookback", "sma_periods", "zscore_n", "lenRSI"): an
 * indicator's prefix and a window's suffix, in either order, name its window. A known name stays itself.
 */
function aliasOf(name: string): string {
  if (name in ALIASES) return name;
  const INDICATOR =
    "(?:rsi|sma|ema|ma|bb|bband|bbands|boll|bollinger|z|zs|zscore|donchian|channel|mom|momentum|roc)";
  const SIZE = "(?:len|length|period|periods|window|win|lookback|lb|n|days|bars)";
  if (new RegExp(`^${INDICATOR}_?${SIZE}$|^${SIZE}_?${INDICATOR}$`).test(name)) return "window";
  // A squeeze's lookback by what it measures: "width_rank_window", "bandwidth_lookback", "squeeze_window".
  if (new RegExp(`^(?:band_?)?(?:width|squeeze|narrow\\w*)(?:_[a-z]+)?_${SIZE}$`).test(name))
    return "squeeze_lookback";
  return name;
}

/** A key ending in its unit: "lookback_months", "window_days", "hedge_window_d". */
const KEY_UNIT = /^(.+?)_(days?|d|bars?|sessions?|weeks?|wks?|w|months?|mo|m|years?|yrs?|y)$/;

/** The names of calls that fit a hedge ratio: OLS, a regression, a rolling beta or hedge. */
const FIT_CALL = /(?:^|[._])(?:rolling_?)?(?:ols|regress\w*|linregress|lstsq|beta|hedge\w*|polyfit)$/;

/** The name of the call whose parentheses hold `at` ("" when none): "rolling_ols(log(a), log(b), window=60)". */
function enclosingCall(text: string, at: number): string {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ")") depth++;
    else if (c === "(") {
      if (depth === 0) return /[\w.]*$/.exec(text.slice(0, i))![0];
      depth--;
    } else if (c === "\n" || c === ";") return "";
  }
  return "";
}

function unitOf(word: string) {
  if (/^w/.test(word)) return "week" as const;
  if (/^mo|^m$/.test(word)) return "month" as const;
  if (/^y/.test(word)) return "year" as const;
  return "day" as const;
}

/**
 * The assignments bound to a rule's parameters (`defaults` names them): each name tries its aliases in order; a
 * name the rule does not have is left out. An entry z-score is a size ("entry_z=-2" buys 2 deviations below).
 */
export function bindAssignments(
  assignments: Assignment[],
  defaults: Params,
): { params: Params; bound: string[] } {
  const params: Params = {};
  const bound: string[] = [];
  for (const a of assignments) {
    const target = ALIASES[a.name]!.find((p) => p in defaults);
    if (!target) continue;
    params[target] = target === "entry_z" ? Math.abs(a.value) : a.value;
    bound.push(`${target}=${params[target]}`);
  }
  return { params, bound };
}
