import { UNITS } from "./number-words.ts";

/*
 * Years as a speaker says them, written as the year's digits before the number words are read (numbers.ts), so a
 * dictated date is a date and never a setting: "since twenty ten" is 2010 (not the periods 20 and 10), "from
 * nineteen ninety three" 1993, "twenty oh five" 2005, "two thousand and eight" 2008. Only after a word that puts a
 * time ("since", "from", "in", "until", "back to", …): "the twenty ten cross" stays two periods.
 */
/** The words of one to nineteen, and the tens. */
const SMALL = Object.fromEntries(Object.entries(UNITS).filter(([, v]) => v >= 1 && v <= 19));
const TENS = Object.fromEntries(Object.entries(UNITS).filter(([, v]) => v >= 20));
const UNIT = "one|two|three|four|five|six|seven|eight|nine";
const TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
const TEN = Object.keys(TENS).join("|");
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
  return words.reduce((n, w) => n + (TENS[w] ?? SMALL[w] ?? 0), 0);
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
