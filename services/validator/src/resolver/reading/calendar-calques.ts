import { MONTH_PATTERNS } from "./calendar.ts";

/**
 * Calendar spans told in the words of other languages or of a non-native writer, rewritten to the ones calendar.ts
 * reads (lower-case text; spread into calques.ts CALQUES). Each row is a kind of wording, not a sentence: the day the
 * exchange is open named by another noun ("business day", "working day", "día hábil", "jour ouvré", "day of
 * trading"), a month named with its noun ("the month of March", Romance "el mes de marzo"), and a month's end or
 * start told by another noun ("the ending of March", "the finish of the month", "the beginning of the month of May").
 */
const MONTH = `(?:${MONTH_PATTERNS.join("|")})`;
/** Any month but May, which is also a verb ("the 20 may cross"). */
const MONTH_NOT_MAY = `(?:${MONTH_PATTERNS.filter((m) => m !== "may").join("|")})\\b`;

/** A day of the month in words ("the last of April" is its end, as "the end of April" reads). */
const DAY_OF: Record<string, string> = {
  first: "1",
  second: "2",
  third: "3",
  fifth: "5",
  tenth: "10",
  fifteenth: "15",
  twentieth: "20",
  thirtieth: "30",
  "thirty[\\s-]first": "31",
  last: "31",
};

export const CALENDAR_CALQUES: Array<[RegExp, string]> = [
  // The exchange's open day: "the first business day of the next month", "2 working days before the month ends",
  // "the penultimate market day", "the last day of trading of the month", "the third bourse day".
  [
    /\b(?:business|working|work|market|exchange|bourse|stock[\s-]+market|stock[\s-]+exchange|bank(?:ing)?|dealing|open|useful|h[aá]bil(?:es)?|ouvr[ée]s?)[\s-]+(days?|sessions?)\b/g,
    "trading $1",
  ],
  [
    /\b(days?|sessions?)\s+(?:of|for)\s+(?:the\s+)?(?:trading|negotiation|bourse|exchange|market|business)\b/g,
    "trading $1",
  ],
  // The rule named as the month's change: "the change of month effect", "the changeover of the month", "the passage
  // of the month" (Spanish "cambio de mes", French "changement de mois", Italian "cambio del mese").
  [
    /\b(?:change|changeover|change[\s-]over|changing|passage|transition|switch)\s+of\s+(?:the\s+)?months?\b/g,
    "turn of the month",
  ],
  [
    /\bmonth(?:'s)?[\s-]+(?:change|changeover)\b(?=\s+(?:effect|strategy|anomaly|rule|trade|pattern|seasonality|system)\b)/g,
    "turn of the month",
  ],
  // Settlement-style day counts said aloud: "T minus two", "T plus three" (lexicon.ts reads "T-2", "T+3").
  ...["one", "two", "three", "four", "five"].flatMap(
    (word, k): Array<[RegExp, string]> => [
      [new RegExp(String.raw`\bt\s+minus\s+(?:${word}|${k + 1})\b`, "g"), `t-${k + 1}`],
      [new RegExp(String.raw`\bt\s+plus\s+(?:${word}|${k + 1})\b`, "g"), `t+${k + 1}`],
    ],
  ),
  // The halves of the year with the adjective after the noun, as Romance languages place it: "the six months
  // favorable", "the semester unfavourable" (Spanish "los seis meses favorables", French "le semestre favorable").
  [
    /\b(?:(?:six|6)[\s-]+months?|semest(?:er|re)s?|half[\s-]+years?)\s+(favou?rable|unfavou?rable|strongest|weakest|best|worst|strong|weak|good|bad)s?\b/g,
    "$1 6 months",
  ],
  // A month named with its noun: "in the month of December", "until the month of March" (not "the month of the
  // entry", which names no month; "the months of May to September" stay a span, calendar.ts reads its "in").
  [new RegExp(String.raw`\b(?:the\s+)?month\s+of\s+(${MONTH})\b`, "g"), "$1"],
  // A date with its day first, as most of the world writes it: "the 1st of December", "30 September", "the 31st of
  // March", "the first of June" → "december 1", the order calendar.ts reads a day in (a start late in a month is the
  // next one, an end early in a month the one before).
  // (A bare "the 20 may" stays unless a date's end follows: "the 20 may cross above the 50" is the verb.)
  [
    new RegExp(String.raw`\b(?:the\s+)?([0-3]?\d)(?:(?:st|nd|rd|th)\s+(?:of\s+)?|\s+of\s+)(${MONTH})\b`, "g"),
    "$2 $1",
  ],
  [
    new RegExp(
      String.raw`\b(?:the\s+)?([0-3]?\d)\s+(${MONTH_NOT_MAY}|may(?=\s*(?:[,.;:)]|$|\s+(?:and|to|until|till|through|thru|then|or|(?:19|20)\d\d)\b)))`,
      "g",
    ),
    "$2 $1",
  ],
  ...Object.entries(DAY_OF).map(([word, day]): [RegExp, string] => [
    new RegExp(String.raw`\b(?:the\s+)?${word}\s+of\s+(${MONTH})\b`, "g"),
    `$1 ${day}`,
  ]),
  // A month's end or start by another noun: "the ending of March", "the finish of the month", "the close of April"
  // (only before a month: "the close of the first trading day" is a price), "the beginning of the month of May".
  [
    new RegExp(
      String.raw`\b(?:ending|finish|finishing|termination|conclusion|final\s+part|last\s+part)\s+of\s+(?=(?:the\s+)?(?:${MONTH}|month)\b)`,
      "g",
    ),
    "end of ",
  ],
  [new RegExp(String.raw`\b(?:close|closing)\s+of\s+(?=${MONTH}\b)`, "g"), "end of "],
  [
    new RegExp(
      String.raw`\b(?:commencement|opening|first\s+part|initiation)\s+of\s+(?=(?:the\s+)?(?:${MONTH}|month)\b)`,
      "g",
    ),
    "start of ",
  ],
];
