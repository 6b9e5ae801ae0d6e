import { findSymbols } from "../symbols.ts";
import { type Candidate, first, NAMED, STRONG } from "./candidate.ts";
import { emaDifference, macdByLogic } from "./macd-logic.ts";
import type { Reading } from "./reading.ts";
import { MACD_ROLES, PAIRS_ROLES, statedHedge, windowsByRole } from "./roles.ts";
import { bars, type Unit } from "./tokens.ts";

const below = (r: Reading, max = 100) =>
  r.levels.filter((l) => l.side === "below" && l.value > 0 && l.value < max).map((l) => l.value);
const above = (r: Reading, max = 100) =>
  r.levels.filter((l) => l.side === "above" && l.value > 0 && l.value < max).map((l) => l.value);

/** RSI: its period, oversold and overbought levels; in an uptrend or a short pullback it is Connors' rule. */
/**
 * The RSI's settings listed as a triple, period then levels: "the textbook settings (14, 30, 70)", "settings 7, 25,
 * 75". The period is the first when the two after it straddle 50 (the levels are read as a pair, below).
 */
function settingsWindow(loose: number[]): number | undefined {
  for (let i = 0; i + 2 < loose.length; i++) {
    const [n, lo, hi] = loose.slice(i, i + 3) as [number, number, number];
    if (Number.isInteger(n) && n >= 2 && n < lo && lo < 50 && hi > 50 && hi < 100) return n;
  }
  return undefined;
}

export function rsi(r: Reading): Candidate | null {
  const mentions = r.of("rsi");
  // "Connors pullback with a trend filter" names his RSI(2) rule without saying RSI.
  if (mentions.length === 0 && !r.has(/\bconnors\b[^.;]{0,20}\bpull[\s-]?backs?\b/)) return null;
  // "rsi 7 mean reversion": the number right after the RSI, before the strategy's words, is its period (the
  // reading attaches it forward to "mean").
  const named = /\brsi\s*\(?\s*(\d{1,2})\s*\)?\s+(?=mean|reversion|strategy|system|rule|pullback)/.exec(
    r.text,
  );
  // "RSI with 3 days under 15", "an RSI over 4 bars": the days told after the RSI by a preposition are its period.
  const withDays =
    /\brsi\s+(?:with|of|over|using|on|across)\s+(?:a\s+|the\s+last\s+|just\s+|only\s+)?(\d{1,2})\s*-?\s*(?:days?|periods?|bars?|sessions?)\b/.exec(
      r.text,
    );
  const stated = first(
    mentions.flatMap((m) => m.periods),
    named ? [Number(named[1])] : withDays ? [Number(withDays[1])] : [],
  );
  const averages = r.of("ma");
  const mas = averages.flatMap((m) => m.periods).filter((p) => p !== stated);
  // "No trend filter", "without any trend average": a filter ruled out is plain mean reversion, unless Connors is
  // named.
  const unfiltered = r.has(
    /\b(?:no|without|not|ignore|skip|drop)\s+(?:a\s+|any\s+|the\s+)?(?:trend|uptrend|long[\s-]term trend|(?:moving )?average|ma|sma)(?:\s+(?:filter|condition|rule))?\b/,
  );
  const trend =
    r.has(/connors/) ||
    (!unfiltered &&
      (r.has(/trend filter|uptrend|up[\s-]trend|bull market|long[\s-]term trend/) ||
        (mas.length > 0 && r.has(/\b(?:above|over|(?:higher|greater) than|exceeds?)\b|>/))));
  // A pullback on a very short RSI, or RSI(2) with no overbought exit, is Connors' rule (his RSI is 2 bars).
  const pullback =
    !unfiltered &&
    ((r.has(/pullback|pull[\s-]back|\bdips?\b/) && stated !== undefined && stated <= 5) ||
      (stated === 2 && !r.levels.some((l) => l.side === "above")));
  if (trend || pullback) {
    const window = stated ?? 2;
    // The exit average is the one in the exit clause ("sell when the close > 10 day MA"); the trend filter is the
    // longest of the rest.
    // "with a 10-day exit", "a 5-day MA exit": a period naming the exit itself is the exit average's.
    const exitNamed =
      /\b(\d+)\s*-?\s*(?:day|bar|session)s?\s+(?:(?:sma|ma|moving average|average)\s+)?exit\b/.exec(r.text);
    const rest = averages.filter((m) => !m.exit).flatMap((m) => m.periods);
    // A period told of an average wins over a free one ("above its 200-day average … over 20 years of data").
    const told = rest.filter((p) => p !== stated);
    // "trend filter 100 instead of the classic 200": the filter's period labelled by its name.
    const labelledFilter = r.labels.find(
      (l) => /^(?:filter|trend)$/.test(l.label) && Number.isInteger(l.value) && l.value > window,
    )?.value;
    const filter =
      labelledFilter ?? Math.max(...(told.length > 0 ? told : r.free.filter((p) => p !== window)), 0);
    // With the action after its condition ("close higher than 10 day average line, sell") no average stands in an
    // exit clause: the rule has two, so a shorter one beside the trend filter is the exit's.
    const exitMa =
      averages.filter((m) => m.exit).flatMap((m) => m.periods)[0] ??
      (exitNamed ? Number(exitNamed[1]) : undefined) ??
      (r.has(/\b(?:sell|sold|exit|exited|out|flat|close (?:the|it))\b/)
        ? told.find((p) => p < filter)
        : undefined);
    const params = {
      window,
      lower: below(r)[0] ?? 10,
      trend: filter > window ? filter : 200,
      exit_ma: exitMa !== undefined && exitMa < (filter || 200) ? exitMa : 5,
    };
    return {
      name: "connors_rsi_pullback",
      score: NAMED + 1,
      params,
      reason: `RSI(${window}) pullback with a trend filter (Connors): buy when RSI(${window}) < ${params.lower} while the close is above its ${params.trend}-day SMA; sell when the close rises above its ${params.exit_ma}-day SMA`,
    };
  }
  const window = stated ?? r.free[0] ?? settingsWindow(r.loose) ?? 14;
  // Levels: "below 30 … above 70", or a pair "35/65" around 50 (which wins over a level word before it:
  // "oversold/overbought at 35/65").
  const pair = r.pairs.find(([a, b]) => a < 50 && b > 50 && b < 100);
  // The entry clause's level is the lower one and the exit clause's the upper, whatever side words they carry
  // ("buy when it crosses back above 30, sell when it crosses back below 70").
  const entryLevel = r.levels.find((l) => !l.exit && l.value > 0 && l.value < 100)?.value;
  const exitLevelRsi = r.levels.find((l) => l.exit && l.value > 0 && l.value < 100)?.value;
  const byClause = entryLevel !== undefined && exitLevelRsi !== undefined && entryLevel < exitLevelRsi;
  // "buying at 20 and exiting at 80": levels told only by the action taken at them, no side word.
  const at = (verbs: string) =>
    new RegExp(
      String.raw`\b(?:${verbs})\s+(?:at|on)\s+(?:an?\s+)?(?:rsi\s+(?:of\s+)?)?(\d{1,2})(?![\d.%]|\s*-?\s*(?:days?|weeks?|months?|bars?|periods?|sessions?)\b)`,
    ).exec(r.text)?.[1];
  const buyAt = at("buy|buying|enter|entering|go long|going long|get in|getting in");
  const sellAt = at("sell|selling|exit|exiting|get out|getting out|close out|closing out");
  const acted = buyAt !== undefined && sellAt !== undefined && Number(buyAt) < Number(sellAt);
  const lo = byClause ? entryLevel : (below(r)[0] ?? (acted ? Number(buyAt) : undefined));
  // "sold once it hit 65", "out when the RSI reaches 60": the exit told by the level the RSI arrives at, no side
  // word; it is the upper level when it lies above the entry's.
  const arrived =
    /\b(?:sell|sold|selling|exit|exited|exiting|out|close|closed|flat)\b[^.;]{0,25}?\b(?:once|when|after|if|as soon as)\s+(?:it|the\s+rsi|rsi)\s+(?:hits?|reach(?:es|ed)?|touch(?:es|ed)?|gets?\s+to|got\s+to|climbs?\s+to|climbed\s+to|rises?\s+to|rose\s+to)\s+(\d{1,2})(?!\d|\.\d|%|\s*-?\s*(?:days?|weeks?|months?|bars?|periods?|sessions?)\b)/.exec(
      r.text,
    )?.[1];
  const reached = arrived !== undefined && Number(arrived) > (lo ?? 0) ? Number(arrived) : undefined;
  const hi = byClause ? exitLevelRsi : (above(r)[0] ?? (acted ? Number(sellAt) : undefined) ?? reached);
  const fromPair = pair && [lo, hi].some((v) => v === undefined || pair.includes(v));
  const lower = fromPair ? pair[0] : (lo ?? (hi !== undefined ? 100 - hi : 30));
  const upper = fromPair ? pair[1] : (hi ?? 100 - lower);
  return {
    name: "rsi_mean_reversion",
    score: NAMED,
    params: { window, lower, upper },
    reason: `RSI(${window}) mean reversion: buy when it falls below ${lower}, sell above ${upper}${lo !== undefined || hi !== undefined || pair ? " (levels from the text)" : " (textbook 30/70)"}`,
  };
}

/** MACD with its three periods: attached to it ("MACD(5,35,5)") or anywhere in the text ("…, 8 17 9"). */
export function macd(r: Reading): Candidate | null {
  const mentions = r.of("macd");
  if (mentions.length === 0) return macdByLogic(r);
  const own = mentions.flatMap((m) => m.args.concat(m.periods));
  const loose = r.loose.filter((v) => Number.isInteger(v) && v >= 1);
  // "--fast 8 --slow 17 --signal 9": numbers named by their role.
  const named = ["fast", "slow", "signal"].map((k) => r.labels.find((l) => l.label === k)?.value);
  // "built from the 16 and 35 day exponential averages … its 12 day signal line": the periods spread over the
  // averages it is built from and its signal line, exactly three whole numbers in all.
  const spread = r.tokens.flatMap((t) =>
    t.kind === "num" && Number.isInteger(t.value) && t.value >= 2 ? [t.value] : [],
  );
  // "an 8-day fast EMA, a 17-day slow EMA and a 9-day signal": each period bound to the component it names.
  const roles = windowsByRole(r, MACD_ROLES);
  const byRole = [roles.fast, roles.slow, roles.signal].every((w) => w.length === 1)
    ? [roles.fast[0]!, roles.slow[0]!, roles.signal[0]!]
    : null;
  // "a 5-day signal line, the usual 12 and 26 otherwise": some components named, the other periods of the three
  // stated in the text fill the rest in order (the fast below the slow). With no other period stated ("signal 5
  // instead of the usual 9", whose replaced default corrections.ts dropped) the rest keep their textbook 12/26/9.
  const partial = (() => {
    const bound = [roles.fast, roles.slow, roles.signal].map((w, k) =>
      w.length === 1 ? w[0]! : named[k] !== undefined && Number.isInteger(named[k]) ? named[k] : undefined,
    );
    if (bound.every((v) => v === undefined)) return null;
    const rest = [...spread];
    for (const v of bound) if (v !== undefined && rest.includes(v)) rest.splice(rest.indexOf(v), 1);
    const open = bound.filter((v) => v === undefined).length;
    const filled =
      spread.length === 3 && rest.length === open
        ? bound.map((v) => v ?? rest.shift()!)
        : rest.length === 0
          ? bound.map((v, k) => v ?? [12, 26, 9][k]!)
          : null;
    return filled && filled[0]! < filled[1]! ? filled : null;
  })();
  // "the quicker 8/17/9 MACD", "the slow 5-35-5 MACD": the settings written as one joined triple before the name.
  const before = mentions.map((m) => tripleBefore(r, m.start)).find((t) => t !== null);
  const n = named.every((v) => v !== undefined)
    ? (named as number[])
    : byRole && byRole[0]! < byRole[1]!
      ? byRole
      : partial
        ? partial
        : before
          ? before
          : own.length >= 3
            ? own
            : loose.length >= 3
              ? loose
              : spread.length === 3 && r.has(/signal line/)
                ? spread
                : null;
  const [fast, slow, signal] = n ?? [12, 26, 9];
  return {
    name: "macd",
    score: NAMED,
    params: { fast: fast!, slow: slow!, signal: signal! },
    reason: `MACD(${fast}, ${slow}, ${signal}) signal-line crossover${n ? " (from the text)" : " (textbook 12/26/9)"}`,
  };
}

/** Three whole numbers joined by "/", "-" or "," right before token `start` ("8/17/9 MACD"), fast below slow. */
function tripleBefore(r: Reading, start: number): number[] | null {
  const t = r.tokens;
  const num = (k: number) => {
    const x = t[k];
    return x?.kind === "num" && !x.unit && Number.isInteger(x.value) && x.value >= 1 ? x.value : undefined;
  };
  const join = (k: number) => {
    const x = t[k];
    return x?.kind === "op" && (x.text === "/" || x.text === "-" || x.text === ",");
  };
  const [a, b, c] = [num(start - 5), num(start - 3), num(start - 1)];
  if (a === undefined || b === undefined || c === undefined || !join(start - 4) || !join(start - 2))
    return null;
  return a < b ? [a, b, c] : null;
}

const BANDS = /bollinger|\bbb\b|\bbbands?\b|\bb-bands?\b|\b(?:lower|upper|bottom|top) bands?\b/;

const MIDDLE_PERIOD =
  /\b(\d+)\s*-?\s*(?:days?|bars?|periods?|sessions?)\s+(?:simple\s+)?(?:mean|average|moving\s+average)\b/g;

/**
 * Narrow bands: "squeeze", "bandwidth", "band width", "narrowest", "tightest", "contraction", "compression" (of the
 * bands, of volatility), "low volatility".
 */
const SQUEEZE =
  /(?<!short |gamma )squeeze|band[\s-]?width|\bwidths?\s+(?:is\s+|are\s+)?(?:at\s+)?(?:its\s+|their\s+)?(?:lowest|smallest|narrowest|minimum|min)\b|narrow\w*|tight\w*|contract(?:s|ion|ing)?\b|compress(?:es|ed|ion|ing)?\b|low volatility|volatility contraction/;

/**
 * "A tighter band, 10 days and 1.5 standard deviations", "narrower bands": a comparative of the bands themselves
 * is their setting (a smaller k), not the squeeze's narrow-width condition; nor is a judgment of the setting ("10 days
 * and 1.5 sd: is this too tight?", "I know 1.5 is tight"), nor a squeeze ruled out ("not the squeeze, the plain band trade").
 * ("When the band is very narrow" is the condition, not a judgment.)
 */
const SETTING =
  /\b(?:tighter|narrower|thinner|smaller|closer)\s+(?:bollinger\s+)?bands?\b|\b(?:too|overly|a bit|a little)\s+(?:tight|narrow|thin|wide|loose)\b|\b\d+(?:\.\d+)?\s+(?:is|looks|seems|feels|sounds)\s+(?:quite\s+|pretty\s+|rather\s+|kind of\s+)?(?:tight|narrow|thin|wide|loose)\b|\b(?:not|no|without|rather than|instead of)\s+(?:the\s+|a\s+)?(?:bollinger\s+)?squeeze\b/g;

/**
 * Tags of the bands, Bollinger's mean reversion: the entry buys at the lower band ("a close crossing under the
 * lower band", "buy the lower bollinger") and the exit is at the upper band; the squeeze buys a break of the upper band instead.
 */
const TAGS =
  /\b(?:buy|long|enter|entry|get in|go long)\b[^.;]{0,60}?\b(?:under|below|beneath|through|at|touch\w*|tag\w*)\s+(?:the\s+)?lower\s+(?:band|bollinger)/;

/**
 * A unit word with no number after a narrowest-width word: "the tightest in a year", "narrowest of the quarter",
 * "as tight as they've been all year", "the narrowest this quarter".
 */
const ONE_UNIT =
  /\b(?:narrow|tight|low|small|thin)\w*\b[^.;,]{0,40}?\b(?:(?:in|over|of|for)\s+(?:a|the|an entire|a whole|a full)|all|this|(?:for|in|over)\s+(?:the\s+)?(?:past|last))\s+(?:whole\s+|full\s+|entire\s+)?(year|quarter|month|week)\b/;

function oneUnitLookback(r: Reading): number[] {
  const m = ONE_UNIT.exec(r.text);
  return m ? [bars({ value: 1, unit: m[1] as Unit })] : [];
}

/** Bollinger bands: a squeeze (narrow bands, then a break) or mean reversion at the bands, with (window, k). */
export function bollinger(r: Reading): Candidate | null {
  const mentions = r.of("bb");
  const unset = r.text.replace(SETTING, " ");
  const squeeze = SQUEEZE.test(unset) && !(TAGS.test(r.text) && !/squeeze|band[\s-]?width/.test(unset));
  if (squeeze && (mentions.length > 0 || r.has(/squeeze|volatility|band ?width/))) {
    // The middle band is the window's SMA: "exit at the 20-day SMA" states the window.
    const exitMa = r.of("ma").filter((m) => m.exit);
    const args = mentions.flatMap((m) => m.args);
    // "Bands on 15 days" and "the narrowest width of the last 90 days" say which period is which.
    const on =
      /\bbands?\s+(?:on|over|of|with|using)\s+(?:the\s+|a\s+)?(\d+)\s*-?\s*(day|bar|week|period)s?\b/.exec(
        r.text,
      );
    const narrowest =
      /\b(?:narrowest|lowest|tightest|smallest|minimum)\b[^,;.]*?\b(?:last|past|prior|previous)\s+(\d+)\s*-?\s*(day|bar|week|month|session)s?\b/.exec(
        r.text,
      );
    // "30-day 1.5-sigma bands": the period in front of the bands (past their size) is their window.
    const fronted =
      /\b(\d+)\s*-?\s*(day|bar|week|period|session)s?\s+(?:\d+(?:\.\d+)?\s*-?\s*(?:sigma|σ|sd|std|stdev|standard\s+deviations?)\s+)?(?:bollinger\s+)?bands?\b/.exec(
        r.text,
      );
    const asBars = (m: RegExpExecArray | null) =>
      m
        ? [bars({ value: Number(m[1]), unit: (/^(?:period|session)$/.test(m[2]!) ? "bar" : m[2]) as Unit })]
        : [];
    // The narrowest width over a lookback: "a 6-month low", "narrowest in 120 bars", "a 3-month band-width low".
    const widthLow =
      /\b(\d+)\s*-?\s*(day|bar|week|month|quarter|year|session)s?\s+(?:band[\s-]?width\s+|width\s+|squeeze\s+)?(?:low|minimum|lows)\b/.exec(
        r.text,
      );
    // "bb squeeze 10 period 1.5 std, bands narrowest in a year": with the lookback told by a unit word, a free
    // period is the bands' window.
    const unitLookback = !narrowest && !widthLow && oneUnitLookback(r).length > 0;
    // "10 period 1.5 std … the smallest of the last 6 months": with the lookback stated, another free period is the
    // bands' window too.
    const lookbackBars = [...asBars(narrowest), ...asBars(widthLow)];
    const window =
      first(
        // "a 6-month bandwidth low": the period of the width's low is the lookback, not the bands' window.
        mentions.flatMap((m) => m.periods).filter((p) => !lookbackBars.includes(p)),
        asBars(on),
        asBars(fronted),
        args.filter((v) => Number.isInteger(v) && v >= 5),
        exitMa.flatMap((m) => m.periods),
        // "squeeze 20, 1.5": the bands' numbers after the rule's name rather than the bands'.
        r.loose.filter((v) => Number.isInteger(v) && v >= 5),
        unitLookback || lookbackBars.length > 0
          ? r.free.filter((v) => Number.isInteger(v) && v >= 5 && !lookbackBars.includes(v))
          : [],
      ) ?? 20;
    const stated = first(
      asBars(narrowest),
      asBars(widthLow),
      r.of("low").flatMap((m) => m.periods),
      r.free.filter((p) => p !== window),
      oneUnitLookback(r),
    );
    const k =
      first(
        r.sds,
        args.filter((v) => v > 0 && v <= 4),
        r.loose.filter((v) => v > 0 && v <= 4 && !Number.isInteger(v)),
      ) ?? 2;
    const params = { window, k, lookback: stated ?? 120 };
    return {
      name: "bollinger_squeeze",
      score: STRONG,
      params,
      reason: `Bollinger squeeze breakout: buy the close crossing above the upper band (${window}, ${params.k}σ) when yesterday's band width was within 10 % of its ${params.lookback}-bar low; sell below the middle band${stated ? " (lookback from the text)" : ""}`,
    };
  }
  // Bands by name, or "the lower band" / "upper band": the library's only bands are Bollinger's.
  if (!r.has(BANDS)) return null;
  const args = mentions.flatMap((m) => m.args);
  const window =
    first(
      mentions.flatMap((m) => m.periods),
      args.filter((v) => Number.isInteger(v) && v >= 5),
      r.free,
      r.of("ma").flatMap((m) => m.periods),
      r.loose.filter((v) => Number.isInteger(v) && v >= 5),
      // "2.5 sigma above and below the 40-day mean": the middle line's period.
      [...r.text.matchAll(MIDDLE_PERIOD)].map((m) => Number(m[1])).filter((v) => v >= 2),
    ) ?? 20;
  const k =
    first(
      r.sds,
      args.filter((v) => v > 0 && v <= 4),
      r.loose.filter((v) => v > 0 && v <= 4),
    ) ?? 2;
  return {
    name: "bollinger_bands",
    score: NAMED + 1,
    params: { window, k },
    reason: `Bollinger bands (${window}, ${k}σ) mean reversion${window !== 20 || k !== 2 ? " (from the text)" : " (textbook or stated 20/2)"}`,
  };
}

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

/** The size of a z-score entry: "2 std", "z-score of 1.5", "below -2", "beyond 2". */
function entryZ(r: Reading, legs: string[] = []): number | undefined {
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
  const twoSymbols =
    findSymbols(concept).length >= 2 && r.has(/\bpairs?\b|spread|ratio|cointegrat|stat(?:istical)?[\s-]+arb/);
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
  const exit =
    exitLevel(r.text) ??
    r.levels.find((l) => l.exit && Math.abs(l.value) < 5)?.value ??
    first(r.exitSds) ??
    (entryBelow
      ? r.levels.find((l) => !l.exit && l.side === "above" && Math.abs(l.value) < 5)?.value
      : undefined) ??
    0;
  const z = entryZ(r, findSymbols(concept));
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
      statedHedge(r, findSymbols(concept)) ??
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
    reason: `z-score mean reversion: buy when the close is ${params.entry_z} standard deviations below its ${params.window}-bar mean, sell back at the mean${z !== undefined || window !== undefined ? " (numbers from the text)" : " (textbook 20 bars, 2σ)"}`,
  };
}
