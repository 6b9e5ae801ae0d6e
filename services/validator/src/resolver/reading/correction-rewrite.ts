import { dictated, mention, N, PER, TIME_KINDS } from "./correction-kinds.ts";
import { KINDS, MONTHS, ORDINALS } from "./correction-markers.ts";
import { closeness, kindOf, pairRoles } from "./correction-roles.ts";

/*
 * The value a self-correction replaces, found and rewritten in the text before it (corrections.ts reads the
 * correction; this finds its place): the value named, else the one of its kind whose words stand around it.
 */
export const NUMBER = new RegExp(String.raw`(?<![\w.])(${N})((?:th|st|nd|rd)\b|${PER})?`, "g");
export const KIND_WORDS = new RegExp(`\\b(${KINDS})\\b()`, "g");
const MONTH_WORDS = new RegExp(`\\b(${MONTHS})\\b()`, "g");
// An ordinal in words with what it counts, "third to last day" (the count, not the ordinal's own unit, is its kind).
const ORDINAL_WORDS = new RegExp(
  String.raw`\b(${ORDINALS})\b((?:[\s-]+to[\s-]+last)?(?:(?:\s+trading)?\s+(?:day|session|bar)s?\b)?)`,
  "g",
);

/**
 * The text with the values at `spots` (start, end, and the value there when it is not `now`) replaced by `now`, from
 * the last to the first.
 */
// A sign said once stays once: "below -1.5 … make the entry -2" and "below -2 … sorry, 2.5" both read "-2…".
const replaced = (text: string, spots: Array<[number, number, string?]>, fallback: string) =>
  spots
    .sort((a, b) => b[0] - a[0])
    .reduce((out, [at, end, own]) => {
      const now = own ?? fallback;
      const signed = out[at] === "-" ? 1 : out[at - 1] === "-" && now.startsWith("-") ? -1 : 0;
      const value = signed === 1 && !now.startsWith("-") ? `-${now}` : signed === -1 ? now.slice(1) : now;
      return `${out.slice(0, at)}${value}${out.slice(end)}`;
    }, text);

/**
 * The text before a correction with the value it replaces rewritten (see above), or undefined when there is none. A
 * named value said more than once is rewritten where the correction's role words stand ("the beta lookback 90" when
 * the beta's window and the z-score's are both 60), everywhere when none tells them apart.
 */
export function rewrite(text: string, value: string[], was?: string, words: string[] = [], least = 0) {
  const [now = "", unit = ""] = value;
  // A span of time for one in another unit: "a year, not 6 months" writes "1 year" where "6 months" stood.
  const timed = TIME_KINDS.has(kindOf(unit));
  const PER_AFTER = new RegExp(`^(?:${PER})`);
  const retimed = (at: number, end: number): [number, number, string?] => {
    const old = PER_AFTER.exec(text.slice(end))?.[0] ?? "";
    return timed && TIME_KINDS.has(kindOf(old)) && kindOf(old) !== kindOf(unit)
      ? [at, end + old.length, `${now} ${unit.replace(/^[\s-]+/, "")}`]
      : [at, end];
  };
  if (was) {
    const said = [...text.matchAll(mention(was))].map((m) => {
      const end = m.index + m[0].length;
      return { at: m.index, end, score: closeness(text, m.index, end, words) };
    });
    const top = Math.max(...said.map((m) => m.score));
    return said.length
      ? replaced(
          text,
          said.filter((m) => m.score === top).map((m) => retimed(m.at, m.end)),
          now,
        )
      : undefined;
  }
  // Digits dictated one by one and restated as a number: "fast one five, no sorry, fifteen" ("1 5" → 15).
  const digits = dictated(text, now);
  if (digits) return replaced(text, [digits], now);
  const months = new RegExp(`^(?:${MONTHS})$`).test(now);
  const ordinal = new RegExp(`^(?:${ORDINALS})$`).test(now);
  const all = [...text.matchAll(months ? MONTH_WORDS : ordinal ? ORDINAL_WORDS : NUMBER)];
  // Of the numbers of its kind (unit, ordinal; any when none is), the one its words stand around; a number of
  // another kind only when its words stand there and around none of the kind ("make the hedge lookback 120").
  const kinds = all.filter((c) => kindOf(c[2]) === kindOf(unit));
  // … time counted in another unit where none is in this one ("in 6 months … a year").
  const same = kinds.length || !timed ? kinds : all.filter((c) => TIME_KINDS.has(kindOf(c[2])));
  // A negative value replaces a negative one where there is one ("below -2 … sorry, -2.5").
  const negative = now.startsWith("-") ? same.filter((c) => c[1]!.startsWith("-")) : [];
  const kin = negative.length ? negative : same.length ? same : all;
  const paired = pairRoles(text, words, kin);
  const close = (c: RegExpExecArray) =>
    closeness(text, c.index!, c.index! + c[0].length, words) + (paired.get(c.index!) ?? 0);
  const top = (cs: RegExpExecArray[]) => Math.max(0, ...cs.map(close));
  const cs = top(all) > top(kin) ? all : kin;
  const scores = cs.map(close);
  let [best, most] = [-1, -1];
  for (let i = 0; i < cs.length; i++) if (scores[i]! >= most) [best, most] = [i, scores[i]!];
  if (best < 0 || most < least) return undefined;
  // The same value said twice for the same role goes twice ("a 20-day breakout … the prior 20 days").
  const spots = cs
    .filter((c, i) => c[1] === cs[best]![1] && kindOf(c[2]) === kindOf(cs[best]![2]) && scores[i] === most)
    .map((c): [number, number, string?] => {
      const tail = c[0].slice(c[1]!.length);
      return retimed(c.index!, c.index! + c[1]!.length + (/^(?:th|st|nd|rd)$/.test(tail) ? tail.length : 0));
    });
  // The unit said with the new value goes where the old one had none ("a 20 uh 40 day channel": "a 40 day"), not
  // into a slashed set ("Donchian 20/10 … entry channel 30 days" keeps "30/10").
  const at = cs[best]!.index!;
  const inSet = text[at - 1] === "/" || text[at + cs[best]![1]!.length] === "/";
  const said = kindOf(unit) === "ord" || (!cs[best]![2] && !inSet && /^\s*-?\s*[a-z]/.test(unit)) ? unit : "";
  return replaced(text, spots, `${now}${said}`);
}

/** The values a correction states: numbers, else a moving average's kind or a month when it replaces one. */
export function valuesIn(stated: string, was: string | undefined, before: string) {
  if (was && !/\d/.test(was))
    return [...stated.matchAll(new RegExp(`^(?:${KINDS})$`).test(was) ? KIND_WORDS : MONTH_WORDS)];
  // An ordinal in words where one was said ("the third to last day … sorry, the second to last"), before any number.
  const ordinals = before.search(ORDINAL_WORDS) >= 0 && !was ? [...stated.matchAll(ORDINAL_WORDS)] : [];
  const numbers = [...stated.matchAll(NUMBER)];
  if (ordinals.length && (!numbers.length || ordinals[0]!.index < numbers[0]!.index))
    return [ordinals[0]!, ...numbers];
  if (numbers.length || was) return numbers;
  // A month only where months were said ("hold from october through may … sorry, april"): "may" is also a verb.
  return before.search(MONTH_WORDS) >= 0
    ? [...stated.matchAll(MONTH_WORDS)].filter((m) => m[1] !== "may")
    : [];
}
