import { type Candidate, first, NAMED, STRONG } from "./candidate.ts";
import { macdByLogic } from "./macd-logic.ts";
import type { Reading } from "./reading.ts";
import { MACD_ROLES, windowsByRole } from "./roles.ts";
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
  // "RSI with 3 days under 15", "an RSI over 4 bars", "the RSI calculated on 3 days": the days told after the RSI by a
  // preposition are its period;
  // so is a period named so after it ("the RSI with period 3", "an RSI using a length of 4", "RSI, lookback 5",
  // "the RSI (period = 3)"), as non-native English and specs say it.
  const withDays =
    /\brsi\s+(?:(?:calculated|computed|based|built|measured|set|taken)\s+)?(?:with|of|over|using|on|across)\s+(?:a\s+|the\s+last\s+|just\s+|only\s+)?(\d{1,2})\s*-?\s*(?:days?|periods?|bars?|sessions?)\b/.exec(
      r.text,
    ) ??
    /\brsi\s*(?:,\s*|\(\s*|(?:with|of|using|having|at|on)\s+)(?:an?\s+|the\s+|its\s+)?(?:period|length|lookback|window|look-back|setting|parameter)\s*(?:of\s+|=\s*|:\s*|is\s+|at\s+)?(\d{1,2})(?![\d.%])/.exec(
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
                : pairOnly(own, spread);
  const [fast, slow, signal] = n ?? [12, 26, 9];
  return {
    name: "macd",
    score: NAMED,
    params: { fast: fast!, slow: slow!, signal: signal! },
    reason: `MACD(${fast}, ${slow}, ${signal}) signal-line crossover${n ? " (from the text)" : " (textbook 12/26/9)"}`,
  };
}

/**
 * Two periods and no third: "MACD 10/30", "macd(8, 21)" set the fast and slow averages, the signal keeps its
 * textbook 9 (the two as the whole text's only whole numbers, or attached to the name).
 */
function pairOnly(own: number[], spread: number[]): number[] | null {
  const two = own.length === 2 ? own : spread.length === 2 ? spread : null;
  return two && two[0]! < two[1]! && two.every((v) => Number.isInteger(v) && v >= 2) ? [...two, 9] : null;
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

/** Bollinger bands named: the z-score leaves a text about them to the bands. */
export const BANDS = /bollinger|\bbb\b|\bbbands?\b|\bb-bands?\b|\b(?:lower|upper|bottom|top) bands?\b/;

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
 * and 1.5 sd: is this too tight?", "I know 1.5 is tight"), nor a squeeze ruled out ("not the squeeze, the plain band
 * trade").
 * ("When the band is very narrow" is the condition, not a judgment.)
 */
const SETTING =
  /\b(?:tighter|narrower|thinner|smaller|closer)\s+(?:bollinger\s+)?bands?\b|\b(?:too|overly|a bit|a little)\s+(?:tight|narrow|thin|wide|loose)\b|\b\d+(?:\.\d+)?\s+(?:is|looks|seems|feels|sounds)\s+(?:quite\s+|pretty\s+|rather\s+|kind of\s+)?(?:tight|narrow|thin|wide|loose)\b|\b(?:not|no|without|rather than|instead of)\s+(?:the\s+|a\s+)?(?:bollinger\s+)?squeeze\b/g;

/**
 * Tags of the bands, Bollinger's mean reversion: the entry buys at the lower band ("a close crossing under the
 * lower band", "buy the lower bollinger") and the exit is at the upper band; the squeeze buys a break of the upper
 * band instead.
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
    // "15 days and 2 deviations", "20 bars, 1.5 sd": a period told with the bands' width is their window.
    const paired =
      /\b(\d+)\s*-?\s*(day|bar|week|period|session)s?\s*(?:,|and|with|x|at|of)?\s*(?:\d+(?:\.\d+)?)\s*-?\s*(?:sigmas?|σ|sds?|std|stdevs?|standard\s+deviations?|deviations?)\b/.exec(
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
        // "window 15 k 1.5 lookback 200": the bands' window named as such.
        r.labels
          .filter(
            (l) => /^(?:window|period|length)$/.test(l.label) && Number.isInteger(l.value) && l.value >= 2,
          )
          .map((l) => l.value),
        // "a 6-month bandwidth low": the period of the width's low is the lookback, not the bands' window.
        mentions.flatMap((m) => m.periods).filter((p) => !lookbackBars.includes(p)),
        asBars(on),
        asBars(fronted),
        asBars(paired),
        args.filter((v) => Number.isInteger(v) && v >= 5),
        exitMa.flatMap((m) => m.periods),
        // "squeeze 20, 1.5": the bands' numbers after the rule's name rather than the bands'.
        r.loose.filter((v) => Number.isInteger(v) && v >= 5),
        unitLookback || lookbackBars.length > 0
          ? r.free.filter((v) => Number.isInteger(v) && v >= 5 && !lookbackBars.includes(v))
          : [],
      ) ?? 20;
    const stated = first(
      // "bb squeeze 20 2 lookback 125", "lookback: 90": the lookback named as such.
      r.labels
        .filter((l) => l.label === "lookback" && Number.isInteger(l.value) && l.value >= 5)
        .map((l) => l.value),
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
