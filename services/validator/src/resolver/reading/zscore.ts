import { findSymbols } from "../symbols.ts";
import { type Candidate, first, NAMED, STRONG } from "./candidate.ts";
import { emaDifference } from "./macd-logic.ts";
import { BANDS } from "./oscillators.ts";
import type { Reading } from "./reading.ts";
import { PAIRS_ROLES, statedHedge, windowsByRole } from "./roles.ts";
import { bars, type Unit } from "./tokens.ts";

/**
 * The z-score rules: one price's distance from its mean in standard deviations, or two symbols' spread (pairs, with
 * a fixed or a fitted hedge ratio); their window, entry size, exit level and hedge as the text states them.
 */
/**
 * A z-score exit stated in the text ("exit at 0.5", "out when it gets back to -0.5 z"): the level, or null.
 * A number followed by a period ("exit after 5 days") is not a level.
 */
export function exitLevel(text: string): number | null {
  const m =
    /\b(?:exit|out|close|sell|unwind|flat(?:ten)?)\w*\s+(?:at|when\s+(?:it|the spread|the z[\s-]?score)\s+(?:is\s+|gets\s+|comes\s+|returns\s+|goes\s+)?(?:back\s+)?(?:to|at|under|below|above|over|reaches|hits|crosses))\s*(?:(?:a\s+)?z(?:[\s-]?score)?\s*(?:of|=|>=?|<=?)?\s*)?\+?(-?\d+(?:\.\d+)?)(?!\s*-?\s*(?:day|week|month|bar|%|\d))/.exec(
      text,
    );
  const v = m ? Number(m[1]) : Number.NaN;
  return Number.isFinite(v) && Math.abs(v) < 5 ? v : null;
}

/**
 * The size of a z-score entry: "2 std", "z-score of 1.5", "below -2", "beyond 2" (`exit`: the exit level the text
 * states, never the entry's).
 */
function entryZ(r: Reading, legs: string[], exit: number | null): number | undefined {
  // A z-score named in the exit clause ("exit at a z-score of 0.5") gives the exit, not the entry.
  const zArgs = r
    .of("z")
    .filter((m) => !m.exit)
    .flatMap((m) => m.args);
  const lv = (side: "below" | "above") =>
    r.levels
      .filter((l) => !l.exit)
      .filter((l) => l.side === side && l.value !== 0 && Math.abs(l.value) < 10)
      .map((l) => Math.abs(l.value));
  return first(
    r.sds,
    zArgs.filter((v) => v > 0 && v < 5),
    negativeEntry(r.text, legs),
    lv("below"),
    lv("above"),
    // A bare pair's width ("(30, 1.5)"), never the exit's level ("exit at 0.5").
    r.loose.filter((v) => v > 0 && v < 5 && !Number.isInteger(v) && v !== exit),
  );
}

/**
 * A signed level told bare in the entry's clause ("buy when it hits -2.5", "buy at a z-score of -1.5"): the first
 * negative number under 5 whose clause does not sell or exit, as its size (the rule buys below the mean).
 */
function negativeEntry(text: string, legs: string[]): number[] {
  const leg = new RegExp(
    String.raw`^\s*(?:[*·×]|times\b)?\s*(?:${legs.map((l) => l.toLowerCase().replace(/[.^-]/g, "\\$&")).join("|") || "(?!)"})\b`,
  );
  // (A coefficient of a spread's second leg is no level: "log XOM minus 0.8 log CVX", "KO - 0.9*PEP".)
  for (const m of text.matchAll(
    /(?:^|[\s(<=:])[-−](\d(?:\.\d+)?)(?![\d.-])(?!\s*(?:[*·×(]|log\b|ln\b|times\b|shares?\b))/g,
  )) {
    const clause =
      text
        .slice(0, m.index)
        .split(/[,;.](?:\s|$)|\band\b/)
        .pop() ?? "";
    // ("KO minus 0.9 PEP": the coefficient before the second leg.)
    if (leg.test(text.slice(m.index + m[0].length))) continue;
    if (!/\b(?:sell|exit|out|flat|close|cover|stop)\w*/.test(clause) && Number(m[1]) > 0)
      return [Number(m[1])];
  }
  return [];
}

/** The window of a z-score: "20-day z-score", "zscore(30)", "below the 50-day mean", "over 10 days". */
function zWindow(r: Reading): number | undefined {
  // "z = (close - close.rolling(50).mean()) / close.rolling(50).std()": pandas' rolling mean inside prose.
  const rolling = /\.rolling\(\s*(?:window\s*=\s*)?(\d+)\s*\)\s*\.\s*mean\(\s*\)/.exec(r.text);
  // Another dialect's moving mean and deviation with the window last, the same in both (a z formula, not a trend
  // filter beside it): R's TTR "runMean(Cl(GLD), 10) … runSD(Cl(GLD), 10)", zoo's "rollmean(x, 35) …
  // rollapply(x, 35, sd)", Pine's "ta.sma(close, 25) … ta.stdev(close, 25)", MATLAB's "movmean(p, 30) … movstd(p, 30)".
  const sds = new Set([...r.text.matchAll(SD_CALL)].map((m) => Number(m[1])));
  const call = [...r.text.matchAll(MEAN_CALL)].map((m) => Number(m[1])).filter((n) => n >= 2 && sds.has(n));
  return first(
    rolling ? [Number(rolling[1])] : [],
    call,
    r.of("z").flatMap((m) => m.periods),
    r.of("z").flatMap((m) => m.args.filter((v) => Number.isInteger(v) && v >= 5)),
    r.of("mean", "ma").flatMap((m) => m.periods),
    r.free,
    // "z-score reversion on GLD (30, 1.5)", "settings 40 and 1.8": the rule's numbers left unattached.
    r.loose.filter((v) => Number.isInteger(v) && v >= 5),
  );
}

const WINDOW_ARG = String.raw`\s*\((?:[^()]|\([^()]*\))*?,\s*(?:(?:n|k|width|window|length|len|period)\s*=\s*)?(\d+)\s*[,)]`;
const MEAN_CALL = new RegExp(
  String.raw`\b(?:runmean|rollmeanr?|rolling_?mean|movmean|ta\.sma|sma|movavg|mean)${WINDOW_ARG}`,
  "g",
);
const SD_CALL = new RegExp(
  String.raw`\b(?:runsd|rollsdr?|rollapplyr?|rolling_?std|movstd|ta\.stdev|stdev|stddev|std|sd)${WINDOW_ARG}`,
  "g",
);

function hedgeBefore(r: Reading): number | undefined {
  const m =
    /(?<![\d.-])(\d*\.\d+|\d)\s+(?:hedge(?:\s+ratio)?|beta)\b/.exec(r.text) ??
    // "the hedge ratio fixed to 0.8", "beta set at 1.2", "hedge ratio is held at 0.9".
    /\b(?:hedge(?:\s+ratio)?|beta)\s+(?:is\s+|was\s+|being\s+)?(?:fixed|set|held|kept|pinned|locked)\s+(?:to|at|as|=)\s+(\d*\.?\d+)\b/.exec(
      r.text,
    );
  const v = m ? Number(m[1]) : Number.NaN;
  return v > 0 && v < 10 ? v : undefined;
}

const SPREAD_OF_TWO = [
  /(?:[Dd]ifference|[Rr]atio|[Gg]ap|[Ss]pread|[Rr]esidual)\s+(?:between|of)\s+(?:the\s+)?\$?[A-Z]{1,5}\s*(?:and|vs\.?|versus|\/|&)\s*\$?[A-Z]{1,5}\b/,
  // "log(A) - 0.8*log(B)", "ln(A) − beta·ln(B)": a coefficient, stated or named, before the second log.
  /(?:log|ln)\(\s*\$?[A-Z]{1,5}\s*\)\s*[-−/]\s*(?:(?:\d+(?:\.\d+)?|beta|β|b|h|gamma|hedge(?:[\s_]ratio)?)\s*[*·×]?\s*)?(?:log|ln)\(\s*\$?[A-Z]{1,5}\s*\)/,
  // "a rolling OLS of log BAC on log JPM", "regress KO on PEP": one symbol regressed on another is a pair's hedge.
  /\b(?:OLS|ols|[Rr]egress\w*)\b[^.;]{0,40}?\b(?:(?:log|ln)\s*\(?\s*)?\$?[A-Z]{1,5}\)?\s+on\s+(?:(?:log|ln)\s*\(?\s*)?\$?[A-Z]{1,5}\b/,
  /\b[A-Z]{1,5}\s+minus\s+[A-Z]{1,5}\b/,
];

/** "d", "days", "6m", "mo", "weeks": the unit a fit's period is written in. */
const unitOf = (w: string): Unit =>
  w.startsWith("w") ? "week" : w.startsWith("m") ? "month" : w.startsWith("y") ? "year" : "day";

/**
 * A hedge ratio fitted to the data: "regression", "OLS", "fitted", "rolling beta", "a rolling 120-day beta hedge",
 * statsmodels' `RollingOLS` (lower-cased whole: "rollingols").
 * Ruled out ("no regression", "not fitted", "without a rolling beta") it is not: "No regression, hedge ratio fixed
 * at 1" is the fixed-ratio pair.
 */
const FIT =
  /\bfit(?:ted|s)?\b|regress\w*|\bols\b|\brolling(?:ols|beta)\b|(?:rolling|trailing|moving|time[\s-]varying)[\s-]+(?:\d+\s*-?\s*[a-z]+\s+)?(?:beta|hedge|ols|regression)|estimated hedge|dynamic hedge|\b(?:beta|hedge(?:\s+ratio)?)\b(?:(?!\b(?:not|no|never|isn'?t|without)\b)[^.;,]){0,40}?\b(?:rolling|trailing|re-?estimated|recalculated|re-?computed|updated\s+(?:daily|each|every))\b/g;
const NOT_BEFORE =
  /\b(?:no|not|without|never|nor|instead of|rather than|skip|drop|ignore)\s+(?:a\s+|any\s+|the\s+|an\s+)?(?:\w+\s+)?$/;

function fitted(text: string): boolean {
  return [...text.matchAll(FIT)].some(
    (m) => !NOT_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index)),
  );
}

/**
 * The z-score written as its formula in prose: "(close - sma(20))/std(20)", "(c - sma20)/std20", "(price - 20d mean) /
 * 20d stdev". The first period stated in it is the window.
 */
const FORMULA_Z =
  /\(\s*(?:close|price|c|p|px)\s*-\s*(?:the\s+)?(?:(\d+)\s*-?\s*(?:d|day|days|bar|bars)?\s+)?(?:sma|ma|mean|avg|average|moving average)\s*\(?\s*(\d+)?\s*\)?\s*\)\s*\/\s*(?:the\s+)?(?:(\d+)\s*-?\s*(?:d|day|days|bar|bars)?\s+)?(?:std|stdev|stddev|sd|sigma|σ|standard deviation)\s*\(?\s*(\d+)?/;

/** Two symbols' spread (pairs) or one price's distance from its mean in standard deviations (z-score). */
export function zscore(r: Reading, concept: string): Candidate | null {
  // A pair, a spread or a ratio with two tickers named is pairs trading, however the rest is worded. ("The close vs
  // its 20-day mean" compares one series with its own average: not two symbols; nor does "the spread of the 5- and
  // 35-day EMAs", MACD told by what it computes; nor "a pair of monitors": a pair is of stocks, ETFs, tickers, rivals.)
  const symbols = findSymbols(concept);
  const twoSymbols =
    symbols.length >= 2 && r.has(/\bpairs?\b|spread|ratio|cointegrat|stat(?:istical)?[\s-]+arb/);
  const named =
    SPREAD_OF_TWO.some((p) => p.test(concept)) ||
    r.has(
      /\bpairs?\b(?!\s+of\b)[^.;!?]*\btrad|^\W*pairs?\b(?!\s+of\b)|(?<!\b(?:emas?|smas?|mas|averages?|macd)\s+)\bspread\b(?!\s+(?:of|between)\s+(?:the\s+|its\s+|two\s+)?(?:\d+|fast|slow|short|long)[^.;]{0,30}?\b(?:averages?|emas?|smas?|mas|moving\s+averages?)\b)|cointegrat|\bpairs?\s+of\s+(?:[\w-]+\s+){0,2}?(?:stocks?|shares?|etfs?|symbols?|tickers?|assets?|names|securities|companies|equities|indices|indexes|futures|currencies|coins?|funds?|banks?|miners?|airlines?|retailers?|instruments?|related|correlated|cointegrated|competitors?|rivals?|peers?)\b|\bpairs?\s+of\s+\$?[a-z]{1,5}\s*(?:and|&|\/|vs\.?|versus|with)\s*\$?[a-z]{1,5}\b|stat(?:istical)?[\s-]+arb|\b(?!(?:close|closes|price|prices|it|its|c|p)\b)[a-z]{1,5}(?: (?:vs\.?|versus|against) | ?\/ ?)(?!(?:its|it|the|their|a|an|his|her|mean|average|avg|ma|sma|ema)\b)[a-z]{1,5}\b.*(?:spread|pair|ratio|z[\s-]?score)/,
    );
  // "Subtract a 30-day EMA from a 14-day one, then smooth that spread …": a spread of two EMAs told before it is the
  // MACD's line, not two symbols' spread, unless two symbols are named.
  const emaSpread = !twoSymbols && emaDifference(r.text);
  // The exit level: "exit at 0.5", "exit when z > 0.5", "out when it gets back to -0.5".
  const pairs = (named && !emaSpread) || twoSymbols;
  // "z below -1.5 → buy; z above +0.5 → sell": with the entry below the mean, a level above it told in no exit
  // clause (the action comes after the arrow) can only be where the long ends.
  const entryBelow = r.sds.length > 0 || r.levels.some((l) => !l.exit && l.side === "below");
  const statedExit = exitLevel(r.text);
  const exit =
    statedExit ??
    r.levels.find((l) => l.exit && Math.abs(l.value) < 5)?.value ??
    first(r.exitSds) ??
    (entryBelow
      ? r.levels.find((l) => !l.exit && l.side === "above" && Math.abs(l.value) < 5)?.value
      : undefined) ??
    0;
  const z = entryZ(r, symbols, statedExit);
  const window = zWindow(r);
  // A hedge ratio fitted to the data (rolling OLS, "regression", "rolling beta") is the library's fitted pairs rule.
  if (pairs && fitted(r.text)) {
    // Each window is bound to the noun it modifies, in either order and whatever the sizes ("a 250-day rolling
    // beta, z over 20 days", reading/roles.ts); else a period right before the fit ("a rolling 120d OLS", "a 6-month
    // rolling regression") or in the clause after it ("a rolling OLS hedge ratio over 120 days") is the fit's, and
    // another is the z-score's window.
    const roles = windowsByRole(r, PAIRS_ROLES);
    const fit =
      /\b(\d+)\s*-?\s*(d|days?|w|weeks?|m|mo|months?|y|years?|bars?)\s+(?:(?:rolling|trailing|moving|linear|log|window|lookback)\s+){0,2}(?:ols|regress\w*|beta|hedge)\b/.exec(
        r.text,
      ) ??
      /(?:hedge|beta|regress\w*|\bols\b)[^,;.]*?(\d+)\s*-?\s*(d|days?|w|weeks?|m|mo|months?|y|years?|bars?)\b/.exec(
        r.text,
      );
    // "hedge ratio: rolling OLS beta of log A on log B, 120 days": a spec line labelled by the fit holds the fit's
    // window wherever in the line it is told, before the next label and before any z-score word.
    const labelled =
      /(?:\bhedge(?:[\s_-]+ratio)?|\bbeta|\bols|\bregression)\s*[:=]\s*(?:(?!\bz\b|z-?score|\bspread|\bmean\b)[^:\n])*?\b(\d+)\s*-?\s*(d|days?|w|weeks?|m|mo|months?|y|years?|bars?)\b/.exec(
        r.text,
      );
    const hedgeWindow =
      (labelled ? bars({ value: Number(labelled[1]), unit: unitOf(labelled[2]!) }) : undefined) ??
      first(roles.fit) ??
      (fit ? bars({ value: Number(fit[1]), unit: unitOf(fit[2]!) }) : undefined);
    // Both windows may be the same length ("beta fitted on the last 90 days, z-score … over 90 days"): the fit's
    // window is taken out once, not every period of that length; a second window bound to the fit when none is
    // bound to the z-score is the z-score's.
    const withoutFit = (ps: number[]) => {
      const k = ps.indexOf(hedgeWindow ?? Number.NaN);
      return k < 0 ? ps : [...ps.slice(0, k), ...ps.slice(k + 1)];
    };
    const w =
      first(
        roles.fit.length ? roles.z : roles.z.filter((p) => p !== hedgeWindow),
        roles.z.length === 0 && roles.fit.length === 2 ? roles.fit.slice(1) : [],
        r.of("z").flatMap((m) => m.periods),
        // "z-score(40) of log(A) - beta*log(B)": the z-score's own argument is its window.
        r.of("z").flatMap((m) => m.args.filter((v) => Number.isInteger(v) && v >= 5 && v !== hedgeWindow)),
        withoutFit(r.free),
      ) ?? 60;
    const params = { window: w, hedge_window: hedgeWindow ?? 60, entry_z: z ?? 2, exit_z: exit };
    return {
      name: "pairs_zscore_fitted",
      score: STRONG + 2,
      params,
      reason: `pairs trading with a fitted hedge ratio: beta of log(A) on log(B) over the last ${params.hedge_window} bars, buy the first symbol when the spread is ${params.entry_z} standard deviations below its ${w}-bar mean, sell back at ${exit}`,
    };
  }
  if (pairs) {
    // A stated hedge ratio: "hedge ratio of 0.8", "beta 1.2", "log(A) - 0.8*log(B)".
    const hedge =
      r.labels.find((l) => /^(?:hedge|beta|hedged)$/.test(l.label) && l.value > 0 && l.value < 10)?.value ??
      statedHedge(r, symbols) ??
      // "a fixed 0.8 hedge ratio", "with a 1.2 beta": a ratio (not a period) right before its name.
      hedgeBefore(r) ??
      Number(/(\d+(?:\.\d+)?)\s*\*?\s*log\(/.exec(r.text)?.[1] ?? 1);
    const params = { window: window ?? 60, entry_z: z ?? 2, exit_z: exit, hedge };
    return {
      name: "pairs_zscore",
      // Named by its own words it beats every other rule; inferred from two tickers and a "ratio" it does not
      // beat dual momentum's own words ("rotate between SPY and TLT by the ratio of their returns").
      score: named ? STRONG + 2 : NAMED,
      params,
      reason: `pairs trading: buy the first symbol when the log-price spread log(A) − ${hedge}·log(B) is ${params.entry_z} standard deviations below its ${params.window}-bar mean, sell when it is back at ${exit} (hedge ratio ${hedge}, ${hedge === 1 ? "the default" : "stated"}, not fitted)${z !== undefined || window !== undefined ? " (numbers from the text)" : " (textbook 60 bars, 2σ)"}`,
    };
  }
  const formula = FORMULA_Z.exec(r.text);
  const zNamed =
    r.of("z").length > 0 ||
    r.sds.length > 0 ||
    formula !== null ||
    r.has(/standard deviations? (?:below|under|from)|sigma (?:below|under)/);
  if (!zNamed || r.has(BANDS)) return null;
  const stated = formula
    ? Number(formula[1] ?? formula[2] ?? formula[3] ?? formula[4] ?? Number.NaN)
    : Number.NaN;
  const params = {
    window: (Number.isInteger(stated) ? stated : window) ?? 20,
    entry_z: z ?? 2,
    exit_z: exit,
  };
  return {
    name: "zscore_reversion",
    score: NAMED + (r.of("z").length > 0 ? 1 : 0),
    params,
    reason: `z-score mean reversion: buy when the close is ${params.entry_z} standard deviations below its ${params.window}-bar mean, ${exit === 0 ? "sell back at the mean" : `sell when it is back at ${exit}`}${z !== undefined || window !== undefined ? " (numbers from the text)" : " (textbook 20 bars, 2σ)"}`,
  };
}
