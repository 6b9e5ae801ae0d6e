import { type Candidate, NAMED } from "./candidate.ts";
import type { Reading } from "./reading.ts";
import { MACD_ROLES, windowsByRole } from "./roles.ts";

// MACD told by what it computes rather than by its name (issue 14): the difference of two EMAs crossing its own
// smoothing. oscillators.ts `macd` reads it when the text names no MACD.

/**
 * A golden or death cross said of the MACD: "MACD golden cross", "the MACD and signal line death cross", "MACD makes
 * a golden cross", "the golden cross of the MACD", "a dead cross between the MACD and its signal" (Korean, Japanese
 * and Chinese traders name any line crossing another so) …
 */
const MACD_CROSS =
  /\bmacd(?:\s+(?:line|histogram|and|vs|versus|its|the|own|signal|trigger|makes?|forms?|gives?|has|does|a|an))*\s+(?:golden|death)[\s-]cross|\b(?:golden|death)[\s-]cross\w*\s+(?:of|on|in|between|with|from)\s+(?:the\s+)?(?:macd|signal\s+line)\b/;

/**
 * … or a golden cross in a text about a MACD with its signal ("the MACD with fast 12, slow 26 and signal 9, buy at
 * the golden cross"), no average's period named: the MACD line crossing its signal, oscillators.ts `macd`'s rule, and
 * no averages' crossover (trend.ts).
 */
export function macdGoldenCross(r: Reading): boolean {
  return (
    (r.has(MACD_CROSS) || (r.has(/\bmacd\b/) && r.has(/\bsignal\b(?!\s+(?:to|for)\s+(?:buy|sell))/))) &&
    r.of("ma").every((m) => m.periods.length === 0)
  );
}

const EMA = String.raw`(?:exponential(?:ly)?\s+(?:weighted\s+|smoothed\s+)?(?:moving\s+)?averages?|exponential\s+mas?|emas?)`;
const PERIOD = String.raw`(\d+)(?:[\s-]*(?:days?|periods?|bars?|sessions?))?`;
/**
 * MACD told by what it computes, without its name: the difference of a fast and a slow EMA ("the difference between
 * the 12- and 26-day exponential averages", "the gap between the 8-day and 17-day EMAs", "the 12-day EMA minus the
 * 26-day EMA", "ema(12) - ema(26)") …
 */
const EMA_DIFFERENCE = [
  new RegExp(
    String.raw`\b(?:difference|gap|spread|distance)\s+(?:between|of)\s+(?:the\s+|an?\s+)?${PERIOD}(?:\s+${EMA})?\s*-?\s*(?:and|&|,|\/)\s*(?:the\s+|an?\s+)?${PERIOD}\s+${EMA}`,
  ),
  new RegExp(String.raw`\b${PERIOD}\s+${EMA}\s+(?:minus|less|-)\s+(?:the\s+)?${PERIOD}\s+${EMA}`),
  /\bema\s*\(?\s*(\d+)\s*\)?\s*(?:minus|-)\s*ema\s*\(?\s*(\d+)\s*\)?/,
  // The two EMAs named, then their difference taken in the same sentence: "take the 12- and 26-period exponential
  // averages, subtract one from the other", "compute a 10 and a 30 day EMA and take the gap between them".
  new RegExp(
    String.raw`\b${PERIOD}(?:\s+${EMA})?\s*-?\s*(?:and|&|,|\/)\s*(?:the\s+|an?\s+)?${PERIOD}\s+${EMA}[^.;!?]{0,40}?\b(?:subtract\w*|minus|difference|gap|spread|distance|less)\b`,
  ),
  // "subtracting the 26-day EMA from the 12-day EMA", "subtract a 30-day exponential average from a 10-day one"
  // (the numbers' order does not matter: fast is the smaller).
  new RegExp(
    String.raw`\bsubtract\w*\s+(?:the\s+|an?\s+)?${PERIOD}\s+${EMA}\s+from\s+(?:the\s+|an?\s+)?${PERIOD}(?:\s+${EMA}|\s+(?:one|average)\b|(?=[\s,.;]))`,
  ),
  // "the 10-day exponential average less the 30-day one", "take a 10-day EMA minus a 30-day one" (the reading
  // writes "one" after an average as "average": the kind named first is the other's too).
  new RegExp(
    String.raw`\b${PERIOD}\s+${EMA}\s+(?:minus|less|-)\s+(?:the\s+|an?\s+)?${PERIOD}(?:\s+(?:one|average)\b|\s+${EMA})`,
  ),
  /\b(?:difference|gap|spread|distance)\s+(?:between|of)\s+(?:the\s+)?ema\s*\(?\s*(\d+)\s*\)?\s*(?:and|&|,|\/|-)\s*(?:the\s+)?ema\s*\(?\s*(\d+)\s*\)?/,
  new RegExp(
    String.raw`\b(\d+)\s*[/,-]\s*(\d+)(?:[\s-]*(?:days?|periods?|bars?))?\s+${EMA}\s+(?:difference|gap|spread|line|oscillator)\b`,
  ),
];
/**
 * … crossing an average of itself: "its own 9-day exponential average", "their 9-day EMA", "a 5-day exponential
 * average of itself", "the 9-day EMA of that difference". Without one ("the difference turns positive") the two EMAs
 * crossing are the EMA crossover.
 */
// ("smooth it with a 9-period signal line": the smoothing may be named by what it makes.)
const SMOOTHER = String.raw`(?:${EMA}|(?:moving\s+)?averages?|smoothing|ma|(?:signal|trigger)(?:\s+line)?)`;
const SIGNAL_OF_ITSELF = [
  // "smooth that difference with a 9-day exponential average", "smoothed by a 5-period EMA", "smoothing the line
  // using the 7-day average".
  new RegExp(
    String.raw`\bsmooth\w*\s+(?:(?:that|the|this|it|them|those)\s+)?(?:(?:difference|gap|spread|line|result|series|values?|oscillator|macd)\s+)?(?:(?:again|once more)\s+)?(?:with|using|by|over|via|through)\s+(?:an?|the|its)\s+(?:own\s+)?${PERIOD}\s+${SMOOTHER}`,
  ),
  // "a signal line built from a 9-day EMA of it", "the trigger, computed as a 7-bar exponential average".
  new RegExp(
    String.raw`\b(?:signal|trigger)(?:\s+line)?\s*,?\s+(?:is\s+|being\s+)?(?:built|made|computed|calculated|formed|derived|taken|defined|constructed)\s+(?:from|as|with|by|using)\s+(?:an?|the)\s+${PERIOD}\s+${SMOOTHER}`,
  ),
  new RegExp(
    String.raw`\b(?:its|their)\s+(?:own\s+)?${PERIOD}\s+(?:${EMA}|(?:moving\s+)?averages?|smoothing|signal(?:\s+line)?)`,
  ),
  new RegExp(
    String.raw`\b(?:an?|the)\s+${PERIOD}\s+(?:${EMA}|(?:moving\s+)?averages?|smoothing|signal(?:\s+line)?)\s+(?:of|on)\s+(?:itself|it|(?:that|this|the)(?:\s+(?:line|difference|gap|spread|result|oscillator|series))?)\b`,
  ),
];

/** The signal defined before the difference it smooths: "the 9-day EMA of (EMA12 - EMA26)", "a 5-day average of the". */
const SIGNAL_BEFORE = new RegExp(
  String.raw`\b(?:an?|the)\s+${PERIOD}\s+${SMOOTHER}\s+of\s+(?:the\s+)?\(?\s*$`,
);

/** A fast and a slow average named by speed: "a fast and a slow exponential average", "the two EMAs". */
const FAST = String.raw`(?:fast(?:er)?|quick(?:er)?|short(?:er)?(?:[\s-]+term)?)`;
const SLOW = String.raw`(?:slow(?:er)?|long(?:er)?(?:[\s-]+term)?)`;
/**
 * … or the difference of two EMAs told without their periods, which the text states elsewhere ("the gap between a
 * fast and a slow exponential average …; use 5 and 35 for the two averages", "the fast EMA minus the slow one", "the
 * spread between the two EMAs").
 */
const UNNUMBERED_DIFFERENCE = [
  new RegExp(
    String.raw`\b(?:difference|gap|spread|distance)\s+(?:between|of)\s+(?:the\s+|an?\s+|its\s+|their\s+)?(?:${FAST}(?:\s+${EMA})?\s*(?:and|&|,|\/)\s*(?:the\s+|an?\s+)?${SLOW}|${SLOW}(?:\s+${EMA})?\s*(?:and|&|,|\/)\s*(?:the\s+|an?\s+)?${FAST}|two|2|ctx|both)\s+${EMA}`,
  ),
  new RegExp(
    String.raw`\b${FAST}(?:\s+${EMA})?\s+(?:minus|less|-)\s+(?:the\s+|an?\s+)?${SLOW}(?:\s+(?:one|1|average)\b|\s+${EMA})`,
  ),
  // "take two EMAs, fast 8 and slow 17, subtract them": the two named, then their difference in the same sentence.
  new RegExp(
    String.raw`\b(?:two|2|ctx|both)\s+${EMA}[^.;!?]{0,60}?\b(?:subtract\w*|minus|difference|gap|spread|distance)\b`,
  ),
  new RegExp(
    String.raw`\bsubtract\w*\s+(?:the\s+|an?\s+)?${SLOW}\s+${EMA}\s+from\s+(?:the\s+|an?\s+)?${FAST}\b`,
  ),
];
/** Whether the text takes the difference of two EMAs, with or without their periods (no pair's spread then). */
export const emaDifference = (text: string) =>
  [...EMA_DIFFERENCE, ...UNNUMBERED_DIFFERENCE].some((re) => re.test(text));

/**
 * The smoothing told without its period beside it ("smooth that difference to get a signal line", "an EMA of that
 * gap"): its period is stated elsewhere ("with a 5-day signal line", "signal 7") or it is the textbook 9.
 */
const SMOOTHED =
  /\bsmooth\w*\b|\b(?:signal|trigger)\s+line\b|\b(?:ema|exponential\s+(?:moving\s+)?average|average)\s+of\s+(?:that|the|this|it)\s*(?:difference|gap|spread|line)?\b/;
const SIGNAL_PERIOD = [
  new RegExp(String.raw`\b${PERIOD}\s+(?:signal|trigger)\b`),
  // "smoothed 9 days", "smooth it over 5 bars".
  new RegExp(
    String.raw`\bsmooth\w*(?:\s+(?:it|that|this|them))?\s+(?:over\s+|for\s+|by\s+)?(?:an?\s+)?${PERIOD}\b`,
  ),
];

/**
 * The three settings written as MACD's own notation, fast/slow/signal ("with a 5/35/5 setup", "the 8-17-9
 * settings"), anywhere in the text: the signal's period when the smoothing is told without one beside it.
 */
const SETTINGS =
  /(?<![\d./-])(\d{1,3})\s*([/-])\s*(\d{1,3})\s*\2\s*(\d{1,3})(?![\d./-])(?=\s*(?:settings?|setup|set[\s-]up|parameters?|params|config\w*|combination|version|variant|macd|[,;:)]|$))/;

export function macdByLogic(r: Reading): Candidate | null {
  const numbered = EMA_DIFFERENCE.map((re) => re.exec(r.text)).find((m) => m !== null);
  const diff = numbered ?? UNNUMBERED_DIFFERENCE.map((re) => re.exec(r.text)).find((m) => m !== null);
  if (!diff) return null;
  const after = r.text.slice(diff.index + diff[0].length);
  const signalOf =
    SIGNAL_OF_ITSELF.map((re) => re.exec(after)).find((m) => m !== null) ??
    SIGNAL_BEFORE.exec(r.text.slice(0, diff.index));
  // Without "its own N-day average" beside the difference, a smoothing said in other words still makes it MACD ("the
  // difference turns positive", no smoothing, is the EMA crossover).
  if (!signalOf && !SMOOTHED.test(after)) return null;
  const roles = windowsByRole(r, MACD_ROLES);
  const t = SETTINGS.exec(r.text);
  const triple = t && Number(t[1]) < Number(t[3]) ? [Number(t[1]), Number(t[3]), Number(t[4])] : undefined;
  const label = (k: string) => r.labels.find((l) => l.label === k && Number.isInteger(l.value))?.value;
  const sig = signalOf
    ? Number(signalOf[1])
    : Number(
        SIGNAL_PERIOD.map((re) => re.exec(r.text)?.[1]).find((v) => v) ??
          label("signal") ??
          (roles.signal.length === 1 ? roles.signal[0] : (triple?.[2] ?? 9)),
      );
  const periods = numbered
    ? [Number(numbered[1]), Number(numbered[2])]
    : // Periods labelled fast and slow ("fast 8, slow 21") win over the triple.
      triple && !signalOf && (label("fast") === undefined || label("slow") === undefined)
      ? [triple[0]!, triple[1]!]
      : statedPeriods(r, roles, sig, label);
  const [fast, slow] = [Math.min(...periods), Math.max(...periods)];
  if (!(fast >= 1 && slow > fast && sig >= 1)) return null;
  return {
    name: "macd",
    score: NAMED,
    params: { fast, slow, signal: sig },
    reason: `MACD(${fast}, ${slow}, ${sig}) signal-line crossover: the difference of the ${fast}- and ${slow}-bar EMAs crossing its own ${sig}-bar EMA (told by what it computes)`,
  };
}

/**
 * The two EMAs' periods stated apart from their difference: labelled fast and slow ("fast 8, slow 21"), or a pair
 * joined elsewhere ("use 5 and 35 for the two averages", "8/21"), not the signal's; else the textbook 12 and 26.
 */
function statedPeriods(
  r: Reading,
  roles: Record<keyof typeof MACD_ROLES, number[]>,
  signal: number,
  label: (k: string) => number | undefined,
): [number, number] {
  // A number labelled ("fast 12") before one bound by the words around it, which may bind several to one role.
  const one = (w: number[]) => (w.length === 1 ? w[0] : undefined);
  const fast = label("fast") ?? one(roles.fast);
  const slow = label("slow") ?? one(roles.slow);
  if (fast !== undefined && slow !== undefined) return [fast, slow];
  const ok = (v: number) => Number.isInteger(v) && v >= 2;
  const pair = r.pairs.find(([a, b]) => a !== b && ok(a) && ok(b) && a !== signal && b !== signal);
  return pair ?? [12, 26];
}
