import { UNITS } from "./number-words.ts";
import { spokenYears } from "./spoken-years.ts";

/**
 * Numbers written in words as digits: "two hundred-day" → "200-day", "fifty" → "50", "one hundred and fifty"
 * → "150", "one and a half" → "1.5", "two point five" → "2.5", "above a half" → "above 0.5", "minus 1.5" → "-1.5",
 * "third trading day" → "3th trading day", dictation's "one fifty" → "150" (lower-case text). "And" joins only
 * after "hundred": "eight and twenty-one" is two numbers, 8 and 21.
 */
/** Ordinals in words, first to tenth (also the corrections' "the third to last day"). */
export const ORDINALS = [
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
];
/** The fractions written with their own sign. */
const VULGAR: Record<string, number> = { "½": 0.5, "¼": 0.25, "¾": 0.75 };
const WORD = `(?:${Object.keys(UNITS).join("|")}|hundred)`;
const SPELLED = new RegExp(`\\b${WORD}(?:(?:[\\s-]+|(?<=hundred)[\\s-]+and[\\s-]+)${WORD})*\\b`, "g");

/**
 * Dictation's homophones of a number word, where only the number fits: "the to hundred day", "too hundred",
 * "won hundred", "fore hundred", "tree hundred", "ate hundred" (before "hundred" a preposition or adverb cannot
 * stand, but after a number "to" is a range's).
 */
const HOMOPHONES: Array<[RegExp, string]> = [
  // (Not a range's "to": "from 50 to hundred", "fifty to hundred", "up to hundred".)
  [
    /(?<!(?:\d|\b(?:up|from|between|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred))[\s-]+)\b(?:to|too)(?=[\s-]+hundred\b)/g,
    "two",
  ],
  [/\bwon(?=[\s-]+hundred\b)/g, "one"],
  [/\bfore(?=[\s-]+hundred\b)/g, "four"],
  [/\b(?:tree|free)(?=[\s-]+hundred\b)/g, "three"],
  [/\bate(?=[\s-]+hundred\b)/g, "eight"],
];

const PRONOUN_BEFORE =
  /\b(?:fast|faster|quick|quicker|rapid|slow|slower|short|shorter|long|longer|lower|upper|other|same|bigger|smaller|new|old|previous)\s+$/;
const UNIT_AFTER =
  /^[\s-]*(?:days?|weeks?|months?|quarters?|years?|bars?|sessions?|periods?|hundred|and\s+a)\b/;

export function numbersInWords(text: string): string {
  return (
    HOMOPHONES.reduce((out, [pattern, to]) => out.replace(pattern, to), spokenYears(text))
      // Counts by their own nouns: "a fortnight" is two weeks, "a dozen days" twelve, "half a dozen" six.
      .replace(/\bhalf\s+a\s+dozen\b/g, "six")
      .replace(/\b(?:a|one)\s+dozen\b/g, "twelve")
      .replace(/\b(?:a|one)\s+fortnight\b|\bfortnight\b/g, "two weeks")
      // "a hundred and eighty days", "a hundred fifty": the article is the hundred's one.
      .replace(/\ban?(?=[\s-]+hundred\b)/g, "one")
      .replace(SPELLED, (phrase, at: number, all: string) => {
        // "the fast one", "the slow one is 8": a pronoun for a thing named, no number (not "a short one-day hold").
        if (phrase === "one" && PRONOUN_BEFORE.test(all.slice(0, at)) && !UNIT_AFTER.test(all.slice(at + 3)))
          return phrase;
        // "make the fast one forty": the pronoun, then the number (not dictation's 140).
        if (
          /^one[\s-]+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b/.test(phrase) &&
          PRONOUN_BEFORE.test(all.slice(0, at))
        )
          return `one ${numbersInWords(phrase.slice(4))}`;
        // Digits dictated one by one with a zero among them: "two zero zero" is 200, "five zero" 50 (a zero beside
        // another digit is no setting of its own).
        const digits = phrase.split(/[\s-]+/).map((w) => UNITS[w] ?? Number.NaN);
        if (digits.length > 1 && digits[0]! > 0 && digits.includes(0) && digits.every((d) => d <= 9))
          return digits.join("");
        let current = 0;
        let last = Number.POSITIVE_INFINITY;
        const parts: number[] = [];
        for (const w of phrase.split(/[\s-]+/)) {
          if (w === "and") continue;
          if (w === "hundred") {
            // "fifty two hundred" is said for 50 and 200 (a golden cross), not 5200: hundred takes the unit word
            // before it alone when a tens word came before that.
            if (current > 9 && last < 10 && current !== last) {
              parts.push(current - last);
              current = last;
            }
            current = (current || 1) * 100;
            last = 100;
            continue;
          }
          const v = UNITS[w]!;
          // Dictation's hundreds: "one fifty" is 150 and "two fifty two" 252, as a speaker says them (no period of
          // one or two bars is paired with a tens word, while "five twenty" stays two periods, 5 and 20).
          if ((current === 1 || current === 2) && last === current && v >= 20 && v % 10 === 0) {
            current = current * 100 + v;
            last = v;
            continue;
          }
          // "twenty one" adds up; "five ten" or "ten twenty" are two numbers (a tens word after a unit starts anew).
          if (current > 0 && !(last >= 100 || (last >= 20 && last % 10 === 0 && v < 10))) {
            parts.push(current);
            current = 0;
          }
          current += v;
          last = v;
        }
        parts.push(current);
        return parts.join(" ");
      })
      // Fractions after a whole number: "one and a half" → 1.5, "two and one half" → 2.5, "two and a quarter" →
      // 2.25, "one and three quarters" → 1.75, "one point five" → 1.5; without the article only before a size in
      // deviations, as a learner drops it ("two and half standard deviations").
      .replace(
        /\b(\d+)[\s-]+and[\s-]+(?:(a|1|3)[\s-]+|(?=half[\s-]+(?:standard|std|stdev|sd|sigma|σ|dev|deviation)))(half|quarters?)\b/g,
        (whole, n: string, a: string | undefined, f: string) =>
          f === "half"
            ? String(Number(n) + 0.5)
            : a === "3" && f === "quarters"
              ? String(Number(n) + 0.75)
              : a !== "3" && f === "quarter"
                ? String(Number(n) + 0.25)
                : whole,
      )
      // … written as the fraction's sign or slash: "2½ sd", "1 ½ sigma", "bands at 2 1/2 standard deviations".
      .replace(/(\d+)\s*([½¼¾])/g, (_, n: string, f: string) => String(Number(n) + VULGAR[f]!))
      .replace(/(?<![\d.])([½¼¾])/g, (_, f: string) => String(VULGAR[f]))
      .replace(
        /\b(\d+)[\s-]+([13])\/([24])\b(?=[\s-]*(?:standard|std|stdev|sd|sigmas?\b|σ|dev|deviation))/g,
        (whole, n: string, a: string, b: string) =>
          a === "1" || b === "4" ? String(Number(n) + Number(a) / Number(b)) : whole,
      )
      // (Digits dictated one by one after the point: "zero point eight five" → 0.85.)
      .replace(
        /\b(\d+)\s+(point|comma)((?:\s+\d\b){2,3})(?![\s-]*(?:days?|weeks?|months?|bars?|periods?))/g,
        (w, n: string, p: string, ds: string) =>
          p === "comma" && n.length > 1 ? w : `${n}.${ds.replace(/\s+/g, "")}`,
      )
      .replace(
        /\b(?<!\d\s+)point((?:\s+\d\b){2,3})(?![\s-]*(?:days?|weeks?|months?|bars?|periods?))/g,
        (_, ds: string) => `0.${ds.replace(/\s+/g, "")}`,
      )
      .replace(/\b(\d+)\s+point\s+(\d+)\b/g, "$1.$2")
      // Spoken decimals with no whole part or with a comma: "point eight" → 0.8, "nought point five" → 0.5, "one
      // comma five" → 1.5 (a decimal comma said aloud, as much of Europe does); "at the point 5" stays words.
      .replace(/\b(?:nought|oh)\s+point\s+(\d+)\b/g, "0.$1")
      .replace(/(?<!\b(?:the|this|that|a|one|each|which|what|some|any|\d)\s+)\bpoint\s+(\d+)\b/g, "0.$1")
      .replace(/\b(\d)\s+comma\s+(\d{1,2})\b/g, "$1.$2")
      // A half as a level: "back above a half", "exit at one half", "minus a half" (not "a half of the position").
      .replace(
        /\b(above|below|over|under|to|at|than|past|through|hits?|reach(?:es)?|crosses|minus|negative)\s+(?:(?:a|1)[\s-]+)?half\b(?![\s-]+(?:of|a|an|the|way|its|their|his|her|my|our|your|that|this|what|as|position|size|stake)\b)/g,
        "$1 0.5",
      )
      .replace(/\b(?:minus|negative)\s+(?=\d|\.\d)/g, "-")
      .replace(
        /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?=\s+(?:trading\s+)?(?:day|session|bar)\b)/g,
        (w) => `${ORDINALS.indexOf(w) + 1}th`,
      )
  );
}
