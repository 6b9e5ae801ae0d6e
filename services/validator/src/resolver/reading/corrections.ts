/**
 * A writer's self-corrections (issue 14), read by one reader: find the correcting phrase, decide which earlier
 * number (or moving average's kind) it replaces, rewrite that one in its place and drop the phrase, so nothing is
 * read twice. The phrases: a marker and a value ("actually make that 15 not 10", "sorry, 25", "rsi 14 no wait 21",
 * "scratch that, make it 30", "correction: the exit is at 60, not 75, for the sell side"), or after a restating
 * marker ("I meant", "that's wrong") a clause to its sentence's end ("sorry, I meant a 15-day low for the exit");
 * "change the 200 to 150", "replace EMA with SMA"; "(use) 21 instead of 14". The value replaced is the one named
 * ("not Y", "instead of Y", "the Y was a typo": each earlier mention), else the earlier number of the same kind
 * (unit, ordinal; any kind when none is) with the most words in common around it, the nearest on a tie. "actually",
 * "wait", "I mean", "edit" also start plain sentences: they correct only a named Y or the number right before them
 * ("fourteen I mean twenty one"); a clause corrects only with one new number or a named Y; "instead of Y" with Y
 * said nowhere before is a default replaced ("a 5-day signal line instead of 9") and only drops itself.
 */
const N = String.raw`-?\d+(?:\.\d+)?`;
const KINDS = "sma|ema|wma|simple|exponential|weighted";
const VALUE = String.raw`(?:${N}|(?:${KINDS})\b)`;
const PER = String.raw`\s*-?\s*(?:day|period|week|month|bar|session)s?\b`;
const NAMED = new RegExp(
  String.raw`,?\s*(?:(?:not|instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:the\s+|an?\s+)?(?:(?:usual|default|standard|normal|classic|textbook)\s+)?(${VALUE})(?:\/${N})*(?:${PER})?|the\s+(${N})\s+was\s+(?:a\s+)?(?:typo|mistake|wrong)\b)`,
);
const CLAUSE = String.raw`correction(?=\s*:)|scratch\s+that|i\s+meant|(?:that|this|it|i)(?:\s+is|\s+was|\s+am|'m)?\s+(?:wrong|a\s+mistake|a\s+typo|incorrect|mistaken)`;
/** A speaker's hesitation before the number meant: "a 20 uh 30-day average", "rsi 10, erm, 7". */
const HESITATIONS = "u+h+|u+h*m+|e+r+|e+r*m+|e+h+m*|h+m+";
const STRONG = String.raw`${CLAUSE}|sorry|oops|apologies|my\s+bad|my\s+mistake|typo|no\s+wait|no\s*,?\s*sorry|nope`;
const CORRECTION = new RegExp(
  [
    String.raw`(?<=^|[.!?,;:—–(-]\s*|\d\s+|\b(?:${KINDS})\s+)(?<mark>(?:(?:${STRONG}|actually|edit|wait|i\s+mean|${HESITATIONS})\b[\s,:;.!-]*)+)(?<open>(?:make|set|change)\s+(?:that|it|this|the\s+[a-z]+)\s+(?:to\s+|at\s+)?|use\s+|go\s+with\s+|the\s+[a-z]+\s+(?:is|should\s+be|comes|happens)\s+(?:at\s+|on\s+|after\s+|in\s+)?)?`,
    String.raw`\b(?:change|switch|swap|replace)\s+(?:the\s+|an?\s+)?(?<from>${VALUE})(?:${PER})?\s+(?:to|with|for)\s+(?:the\s+|an?\s+)?(?<to>${VALUE})(?:${PER})?`,
    String.raw`(?:\b(?:use|make\s+(?:it|that)|go\s+with)\s+(?:the\s+|an?\s+)?)?(?<x>${VALUE})?(?:${PER})?(?=\s*,?\s*(?:instead\s+of|rather\s+than|in\s+place\s+of|not\s+(?:the\s+)?(?:usual|default|standard|normal|classic|textbook)\b)\s)`,
  ].join("|"),
  "g",
);
const NUMBER = new RegExp(String.raw`(?<![\w.])(${N})((?:th|st|nd|rd)\b|${PER})?`, "g");
const SIDE = /^,?\s*(?:for|on|in)\s+the\s+(?:buy|sell|entry|exit|lower|upper|fast|slow)\b/;
const KIND_WORDS = new RegExp(`\\b(${KINDS})\\b()`, "g");
const FILLER = new Set("a an the i meant for of and not to at is on it that make use side level".split(" "));

const mention = (v: string) =>
  new RegExp(/\d/.test(v) ? `(?<![\\d.])${v.replace(".", "\\.")}(?!\\d|\\.\\d)` : `\\b${v}\\b`, "g");
const CLAUSE_END = /[,;:!?]|\.(?!\d)/;
const kindOf = (unit = "") => unit.replace(/[\s-]|s$/g, "").replace(/^(?:th|st|nd|rd)$/, "ord");
// Numbers count as words: "50/200 … scratch that, use the 20/200" puts the 20 beside the 200, where the 50 was.
const wordsOf = (text: string) => text.split(/[^a-z\d<>=-]+/).filter((w) => w && !FILLER.has(w));

/** The text before a correction with the value it replaces rewritten (see above), or undefined when there is none. */
function rewrite(text: string, value: string[], was?: string, words: string[] = [], least = 0) {
  const [now = "", unit = ""] = value;
  if (was) return mention(was).test(text) ? text.replace(mention(was), now) : undefined;
  const all = [...text.matchAll(NUMBER)];
  const same = all.filter((c) => kindOf(c[2]) === kindOf(unit));
  let [best, most]: [RegExpMatchArray | undefined, number] = [undefined, -1];
  for (let i = 0, cs = same.length ? same : all; i < cs.length; i++) {
    const [at, end] = [cs[i]!.index!, cs[i]!.index! + cs[i]![0].length];
    // Only its clause's words: "buy below 20, sell above 70" has no "buy" around the 70.
    const clause = (from: number, to: number) => text.slice(from, to).split(CLAUSE_END);
    const near = wordsOf(`${clause(0, at).pop()!.slice(-40)} ${clause(end, end + 40)[0]}`);
    const score = words.filter((w) => near.includes(w)).length;
    if (score >= most) [best, most] = [cs[i], score];
  }
  if (!best || most < least) return undefined;
  const tail = text.slice(best.index! + best[1]!.length).replace(/^(?:th|st|nd|rd)/, "");
  // The unit said with the new value goes where the old one had none ("a 20 uh 40 day channel": "a 40 day").
  const said = kindOf(unit) === "ord" || (!best[2] && /^\s*-?\s*[a-z]/.test(unit)) ? unit : "";
  return `${text.slice(0, best.index)}${now}${said}${tail}`;
}

/** The correction found at `m`: the text before it rewritten, where it ends, and whether it is a bare value. */
function correct(text: string, m: RegExpExecArray) {
  const { mark, open = "", from, to, x } = m.groups!;
  const at = m.index + m[0].length;
  const before = text.slice(0, m.index);
  const span = (fixed: string | undefined, end: number, bare = true) =>
    fixed === undefined ? undefined : { fixed, end, bare };
  if (from) return span(rewrite(before, [to!], from), at);
  if (mark === undefined) {
    const named = text.slice(at).match(NAMED);
    if (!named?.[1] || named.index !== 0) return undefined;
    if (x && mention(named[1]).test(before))
      return span(rewrite(before, [x], named[1]), at + named[0].length);
    // A default number replaced, or nothing said to replace: only "instead of Y" goes.
    return /\d/.test(named[1]) ? span(text.slice(0, at), at + named[0].length) : undefined;
  }
  const stop = text.slice(at).search(/[.!?](?!\d)|$/);
  const said = text.slice(at, at + stop);
  const named = said.match(NAMED);
  // A kind said right after the marker replaces the other kind just said: "the 50 ema er sma", "ema, no sorry,
  // sma of 30 days" ("sma not ema" names the one it replaces and is read below).
  const kind = new RegExp(`^(${KINDS})\\b`).exec(said);
  const kinds = [...before.slice(-40).matchAll(KIND_WORDS)].filter((k) => k[1] !== kind?.[1]);
  if (kind && !named && kinds.length > 0 && kindOf(kind[1]) !== kindOf(kinds.at(-1)![1]))
    return span(rewrite(before, [kind[1]!], kinds.at(-1)![1]), at + kind[0].length);
  const was = named?.[1] ?? named?.[2];
  const stated = named ? said.slice(0, named.index) : said;
  const values = [...stated.matchAll(was && !/\d/.test(was) ? KIND_WORDS : NUMBER)];
  const fresh = values.filter((v) => !mention(v[1]!).test(before));
  const now = fresh[0] ?? values.at(-1);
  if (!now) return undefined;
  const words = wordsOf(`${open} ${stated.slice(0, now.index)} ${stated.slice(now.index! + now[0].length)}`);
  const fixed = (least = 0) => rewrite(before, [now[1]!, now[2] ?? ""], was, words, least);
  const strong = new RegExp(`\\b(?:${STRONG})`).test(mark) || /^(?:make|set|change)/.test(open);
  // A hesitation or a bracket corrects a number a word or two back: "the 150 sma (uh, 180)", "20 day, erm, 25".
  const hesitant =
    (new RegExp(`^(?:${HESITATIONS})\\b`).test(mark) || /\(\s*$/.test(before)) &&
    /\d(?:th|st|nd|rd)?(?:[\s-]+[a-z]+){0,2}\s*[,(—–-]?\s*$/.test(before);
  const meant = new RegExp(`\\b(?:${CLAUSE})`).test(mark);
  const restates = meant || /\b(?:is|be|comes|happens)\b/.test(open);
  // A value right after the marker, or after "the" when no clause is restated ("sorry, the 40-day sma").
  const lead = stated.slice(0, now.index);
  if (
    (!lead || (!restates && /^(?:the|an?)\s+$/.test(lead))) &&
    (was || strong || /\d(?:th|st|nd|rd)?\s*[,—–-]?\s*$/.test(before) || hesitant)
  ) {
    const after = now.index! + now[0].length;
    let end = at + after + (named?.index === after ? named[0].length : 0);
    end += text.slice(end).match(SIDE)?.[0].length ?? 0;
    // The rest of its sentence goes too when it only repeats words said before ("the 6th trading day").
    const tail = text.slice(end, at + stop);
    const repeats = !/\d/.test(tail) && wordsOf(tail).every((w) => before.includes(w));
    return span(fixed(), repeats ? at + stop + 1 : end);
  }
  // Restated without "I meant"/"that's wrong", it must share a word with what it restates ("forgot: the exit is …").
  if (!was && !(restates && fresh.length === 1)) return undefined;
  return span(fixed(meant ? 0 : 1), at + stop + 1, false);
}

/** The text with each self-correction applied once, in the order written, and dropped. */
export function corrections(text: string): string {
  let out = text;
  CORRECTION.lastIndex = 0;
  for (let m = CORRECTION.exec(out); m; m = CORRECTION.exec(out)) {
    const c = correct(out, m);
    CORRECTION.lastIndex = m.index + 1;
    if (!c) continue;
    let pre = c.fixed.replace(c.bare ? /[\s,;:.!?—–-]*$/ : /[\s,;:—–-]*$/, "");
    let after = out.slice(c.end);
    // A correction in parentheses, "(oops, 25)", "(sorry, 30 not 20)": its brackets go with it.
    if (/\(\s*$/.test(pre)) {
      pre = pre.replace(/\s*\(\s*$/, "");
      after = after.replace(/^\s*\)/, "");
    }
    // A sentence ended before the correction or with it: what follows starts a sentence.
    const ended = /[.!?]$/.test(out.slice(0, c.end)) || /[.!?]\s*$/.test(c.fixed);
    const rest = after.replace(ended ? /^[\s,;:]*/ : /^\s*/, "");
    out = `${pre}${!rest || /^[,;:.!?]/.test(rest) ? "" : ended && !/[.!?]$/.test(pre) ? ". " : " "}${rest}`;
    CORRECTION.lastIndex = pre.length;
  }
  return out;
}
