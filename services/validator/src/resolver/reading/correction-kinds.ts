/**
 * Kinds of self-correction read apart from corrections.ts (issue 14): a set of settings replaced by a set, a slashed
 * set restated whole, the wrong value told as said elsewhere, digits dictated one by one and restated, a span of
 * time said in words.
 */
/** A value as the corrections read it: a number, negative or decimal. */
export const N = String.raw`-?\d+(?:\.\d+)?`;
/** The unit said after a value: "20-day", "3 weeks", "10 bars", "1 year". */
export const PER = String.raw`\s*-?\s*(?:day|period|week|month|quarter|year|bar|session)s?\b`;
/** Units that count time, one kind among them: "6 months" may be replaced by "1 year". */
export const TIME_KINDS = new Set(["day", "week", "month", "quarter", "year"]);

/**
 * Spans of time said in words, as a correction's value: "a year", "a full month", "half a year", "a year and a half",
 * "a couple of weeks", "a fortnight" (not a rate: "10% a year", "once a month", "twice a week").
 */
const SPOKEN: Array<[string, (unit?: string) => [string, string]]> = [
  [String.raw`(?:a|one)\s+(?:year|yr)\s+and\s+a\s+half`, () => ["18", "months"]],
  [String.raw`(?:half\s+a|a\s+half[\s-]?)\s*(?:year|yr)`, () => ["6", "months"]],
  [String.raw`a\s+(?:couple|pair)\s+of\s+(years|months|weeks|quarters)`, (unit) => ["2", unit!]],
  [String.raw`a\s+fortnight`, () => ["2", "weeks"]],
  [String.raw`a\s+decade`, () => ["10", "years"]],
  [
    String.raw`(?:a|an|one)\s+(?:(?:full|whole|single|calendar|trading)\s+)?(year|quarter|month|week)`,
    (unit) => ["1", unit!],
  ],
];
/** Not a rate or a time ago: "10% a year", "once a month", "twice a week", "a year ago". */
const NOT_SPAN_BEFORE = String.raw`(?<!\b(?:once|twice|thrice|times|per|each|every)\s+|%\s*|\d\s*)`;
const NOT_SPAN_AFTER = String.raw`(?![\s-]*(?:ago|old|later|earlier|from\s+now)\b)`;
/** A span of time said in words, where a value may stand (its words as a regular expression's source). */
export const SPOKEN_SPAN = String.raw`${NOT_SPAN_BEFORE}\b(?:${SPOKEN.map(([source]) => source.replace(/\((?!\?)/g, "(?:")).join("|")})\b${NOT_SPAN_AFTER}`;
const SPOKEN_PATTERNS = SPOKEN.map(
  ([source, value]) =>
    [new RegExp(String.raw`${NOT_SPAN_BEFORE}\b${source}\b${NOT_SPAN_AFTER}`, "g"), value] as const,
);
/**
 * The text with each span of time said in words written as a number and its unit, each in as many characters as its
 * words ("a year" → "1 year", "half a year" → "6    months"), so that what a correction reads stands where it was
 * said. `only`: the value of the spans to rewrite, the others kept.
 */
export function spokenSpans(text: string, only?: string): string {
  let out = text;
  for (const [pattern, value] of SPOKEN_PATTERNS)
    out = out.replace(pattern, (whole: string, said?: unknown) => {
      const [n, unit] = value(typeof said === "string" ? said : undefined);
      if (only !== undefined && n !== only) return whole;
      return `${n}${" ".repeat(Math.max(1, whole.length - n.length - unit.length))}${unit}`;
    });
  return out;
}
/** Where a value is said: a number not inside a longer one, a word (a kind, a month) as a whole word. */
export const mention = (v: string) =>
  new RegExp(/\d/.test(v) ? `(?<![\\d.])${v.replace(".", "\\.")}(?!\\d|\\.\\d)` : `\\b${v}\\b`, "g");

/** Where a value is written down apart from the rule: "the email", "the intake form", "our old deck". */
const PLACES =
  "email|e-mail|mail|message|ticket|note|notes|post|slide|slides|deck|doc|document|standup|call|form|sheet|spreadsheet|spec|brief|memo|chart|screenshot|summary|readme|request|draft|page|invite";
/**
 * The wrong value told as the writer's own earlier words, said or written elsewhere: "I said 20 in the standup",
 * "I wrote 30 in the ticket", "I told you 10 yesterday", "the email said 15", "the intake form says 8/21/9".
 */
export const TOLD = new RegExp(
  String.raw`\b(?:(?:i|we)\s+(?:had\s+)?(?:said|wrote|typed|put|mentioned|posted|quoted|gave|listed|had|told\s+(?:you|everyone|the\s+\w+))|(?:the|my|our|his|her|their|your)\s+(?:[a-z-]+\s+){0,4}?(?:${PLACES})\s+(?:said|says|had|has|shows|showed|reads|read|lists|listed|gives|gave))\s+(?:the\s+|an?\s+)?(${N}(?:\/${N})*)(?:${PER})?`,
);
/**
 * The same, told right before a marker that calls it wrong: "The intake form says 8/21/9, that is a typo", "earlier
 * I typed 2.5 in the channel, that was wrong", "the first version of the ticket said 30-day for the fast one; that
 * was a typo".
 */
export const TOLD_BEFORE = new RegExp(String.raw`${TOLD.source}[^.;:!?\d]{0,40}?[\s,;:—–-]*(?:but\s+)?$`);

/** Single digits said one after another at the end of the text before a correction ("fast 1 5, no sorry"). */
const DICTATED = /(?<![\w.-])(\d(?:\s+\d){1,3})(?![\w.])[\s,;:—–-]*$/;
/** Where digits dictated one by one stand when `now` restates them: "fast one five, no sorry, fifteen" ("1 5"). */
export function dictated(text: string, now: string): [number, number] | undefined {
  const digits = DICTATED.exec(text);
  return digits && digits[1]!.replace(/\s+/g, "") === now
    ? [digits.index, digits.index + digits[1]!.length]
    : undefined;
}

const SET = String.raw`(?<![\w.])${N}(?:\/${N})+(?![\d/]|\.\d)`;
/** The new set said after a reason, chosen with a verb: "Priya says the desk uses 8 and 21, go with 8/21". */
const CHOSEN = new RegExp(String.raw`\b(?:go\s+with|use|make\s+it|take|run|do)\s+(?:the\s+|an?\s+)?(${SET})`);
/**
 * A set written with slashes for one written so, a few words at most after the marker ("5/20 on AMZN, no sorry,
 * 10/20", "16/35/9 - no wait, 16/35/12") or chosen after a reason ("no wait, the desk runs 8 and 21, go with 8/21"):
 * the last such set before, whole; else, for a chosen set, the last as many numbers as it has in the sentence before
 * ("fast 9, slow 21. no wait, …, go with 8/21"), each in its place; undefined when there is none.
 */
export function slashedSet(stated: string, before: string) {
  const now = new RegExp(String.raw`^[^\d]{0,12}?(${SET})`).exec(stated) ?? CHOSEN.exec(stated);
  if (!now) return undefined;
  const parts = now[1]!.split("/");
  const length = now.index + now[0].length;
  const old = [...before.matchAll(new RegExp(SET, "g"))]
    .filter((p) => p[0].split("/").length === parts.length)
    .at(-1);
  if (old)
    return {
      fixed: `${before.slice(0, old.index)}${now[1]}${before.slice(old.index + old[0].length)}`,
      length,
    };
  if (now.index === 0) return undefined;
  const trimmed = before.replace(/[\s.!?]*$/, "");
  const from = [...trimmed.matchAll(/[.!?](?!\d)/g)].at(-1)?.index ?? -1;
  const sentence = before.slice(from + 1);
  const was = [...sentence.matchAll(LONE)].map((m) => m[0]);
  if (was.length < parts.length) return undefined;
  const fixed = replaceSet(sentence, was.slice(-parts.length), parts);
  return fixed === undefined ? undefined : { fixed: `${before.slice(0, from + 1)}${fixed}`, length };
}

/**
 * A set of settings replaced by a set (issue 14, corrections.ts): "scratch the 50/200 - the 20-day against the
 * 100-day", "make it 8 over 34, not 12 over 26". Each old value is replaced by the new one in its place, all at
 * once, so a new value that was an old one ("50/200 … 20/50") is not replaced again.
 */
export const SET_JOIN = /\s*(?:\/|\bover\b|\bby\b|\bx\b)\s*/;

/** The text with each of `parts` replaced where it stands by the value at the same place in `now`. */
export function replaceSet(text: string, parts: string[], now: string[]): string | undefined {
  // Each old value is told apart from the others ("20/20" is no set to replace so) and found where it stands.
  if (new Set(parts).size < parts.length) return undefined;
  const spots = parts.flatMap((p, k) => [...text.matchAll(mention(p))].map((m) => ({ at: m.index, p, k })));
  if (new Set(spots.map((s) => s.k)).size < parts.length) return undefined;
  return spots
    .sort((a, b) => b.at - a.at)
    .reduce((out, s) => `${out.slice(0, s.at)}${now[s.k]}${out.slice(s.at + s.p.length)}`, text);
}

/** A number standing alone (not inside a slashed set, a decimal or a word), with its unit after it. */
const LONE = new RegExp(String.raw`(?<![\w.\/])${N}(?![\w\/]|\.\d)`, "g");
/**
 * What may stand between two numbers of one run: words of one clause ("fast 12 and slow 26", "buy under 20 and sell
 * over 80", "20-day, 50-day and 200-day"), no number and no end of a clause.
 */
const RUN_GAP = /^[^\d.;:!?()]{1,24}$/;
const RULE_VERB = /\b(?:buy|sell|enter|exit|go|when|whenever|if|cross\w*|drops?|rises?|closes?)\b/;
/** What joins the values of a pair said as one: "40 over 200", "8 and 34", "9 by 21". */
const TIGHT = /^\s*(?:and|over|vs\.?|versus|by|x|&)\s*$/;
/** A number that is no setting of a run: a cost, a share, a count of years. */
const NOT_SETTING = /^\s*(?:%|bps?\b|basis|percent|years?\b|x\b)/;

/**
 * Several new values said together for as many said together before (issue 14): "fast 12 and slow 26 … Sam meant 8
 * and 34" puts 8 and 34 in their places, in order. The new values must be joined as a run themselves; the old ones
 * are the last as many numbers said together in `before`. Undefined when either is not there.
 */
/** The text between two matches: what stands after `a` and before `b`. */
export const gap = (text: string, a: RegExpMatchArray, b: RegExpMatchArray) =>
  text.slice(a.index! + a[0].length, b.index);

export function replaceRun(before: string, stated: string, now: RegExpExecArray[]) {
  const runsOf = (text: string) => {
    const runs: RegExpExecArray[][] = [];
    for (const m of text.matchAll(LONE)) {
      if (NOT_SETTING.test(text.slice(m.index + m[0].length))) continue;
      const last = runs.at(-1)?.at(-1);
      const between = last ? gap(text, last, m) : "";
      // Digits dictated one by one ("fast 1 5") are one number, no run (a gap says a word, a comma or "&").
      if (last && RUN_GAP.test(between) && /[a-z,&]/.test(between)) runs.at(-1)!.push(m);
      else runs.push([m]);
    }
    return runs;
  };
  const said = runsOf(stated).find((r) => r.length >= 2 && r[0]!.index === now[0]!.index);
  if (!said) return undefined;
  // A value said before stands where it stood ("50 over 200 … 40 over 200"); else the run is one value and the rule
  // again ("the 30 day buy when the 10 goes above …").
  const isNew = said.map((v) => now.some((n) => n.index === v.index));
  const fresh = isNew.every(Boolean);
  const kept = (old: string[]) => said.every((v, k) => isNew[k] || old[k] === v[0]);
  // … and only a pair said as one ("40 over 200"), not a value and a reason ("75, 80 almost never triggers").
  const tight = said.every((v, k) => k === 0 || TIGHT.test(gap(stated, said[k - 1]!, v)));
  // The rule said again after one value is no run: "below 30 i mean 25 and sell above 70".
  const ruled = said.some((v, k) => k > 0 && RULE_VERB.test(gap(stated, said[k - 1]!, v)));
  if ((!fresh && !tight) || ruled) return undefined;
  // The old values: the last as many numbers said together (the end of a longer run: "rsi(5) for xlf, buy under 20
  // and sell over 80" has 20 and 80 last).
  const old = runsOf(before)
    .filter((r) => r.length >= said.length)
    .map((r) => r.slice(-said.length))
    .filter((r) => kept(r.map((m) => m[0])))
    .at(-1);
  // … or a slashed set of as many, when said after them ("EMA 12/26 … Sam meant 8 and 34").
  const set = [...before.matchAll(new RegExp(SET, "g"))]
    .filter((p) => p[0].split("/").length === said.length)
    .filter((p) => kept(p[0].split("/")))
    .at(-1);
  const end = said.at(-1)!;
  const length = end.index + end[0].length;
  if (set && (!old || set.index > old[0]!.index)) {
    const values = said.map((v) => v[0]).join("/");
    return {
      fixed: `${before.slice(0, set.index)}${values}${before.slice(set.index + set[0].length)}`,
      length,
    };
  }
  if (!old) return undefined;
  const fixed = old.reduceRight(
    (out, m, k) => `${out.slice(0, m.index)}${said[k]![0]}${out.slice(m.index + m[0].length)}`,
    before,
  );
  return { fixed, length };
}
