import { UNITS } from "./number-words.ts";

/*
 * Years as a speaker says them, written as the year's digits before the number words are read (numbers.ts), so a
 * dictated date is a date and never a setting: "since twenty ten" is 2010 (not the periods 20 and 10), "from
 * nineteen ninety three" 1993, "twenty oh five" 2005, "two thousand and eight" 2008. Only after a word that puts a
 * time ("since", "from", "in", "until", "back to", …): "the twenty ten cross" stays two periods.
 */
/** The number words whose value passes `keep`, as an alternation: one to nine, ten to nineteen, the tens. */
const wordsOf = (keep: (n: number) => boolean) =>
  Object.entries(UNITS)
    .filter(([, n]) => keep(n))
    .map(([w]) => w)
    .join("|");
const UNIT = wordsOf((n) => n >= 1 && n <= 9);
const TEEN = wordsOf((n) => n >= 10 && n <= 19);
const TEN = wordsOf((n) => n >= 20);
/** The two last digits said: "oh five", "ten", "ninety three", "twenty". */
const END = String.raw`(?:(?:oh|o|zero)[\s-]+(?:${UNIT})|${TEEN}|(?:${TEN})(?:[\s-]+(?:${UNIT}))?)`;
const WHEN = String.raw`\b(?:since|from|in|between|until|till|through|thru|to|starting|started|start|back\s+to|after|before|year|years|during|and|inception)`;
const SAID = new RegExp(
  String.raw`(${WHEN}\s+)(?:(nineteen|twenty)[\s-]+(${END})|two[\s-]+thousand(?:[\s-]+and)?(?:[\s-]+(${END}|${UNIT}))?)\b`,
  "g",
);

/** "oh five" → 5, "ninety three" → 93, "twelve" → 12. */
function twoDigits(said: string): number {
  const words = said.split(/[\s-]+/).filter((w) => !/^(?:oh|o|zero)$/.test(w));
  return words.reduce((n, w) => n + (UNITS[w] ?? 0), 0);
}

export function spokenYears(text: string): string {
  return text.replace(
    SAID,
    (_all, lead: string, century: string | undefined, end: string | undefined, after: string | undefined) =>
      century
        ? `${lead}${(century === "nineteen" ? 1900 : 2000) + twoDigits(end!)}`
        : `${lead}${2000 + (after ? twoDigits(after) : 0)}`,
  );
}
