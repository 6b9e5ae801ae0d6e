/**
 * Calendar spans told in the words of other languages or of a non-native writer, rewritten to the ones calendar.ts
 * reads (lower-case text; spread into calques.ts CALQUES). Each row is a kind of wording, not a sentence: the day the
 * exchange is open named by another noun ("business day", "working day", "día hábil", "jour ouvré", "day of
 * trading"), a month named with its noun ("the month of March", Romance "el mes de marzo"), and a month's end or
 * start told by another noun ("the ending of March", "the finish of the month", "the beginning of the month of May").
 */
const MONTH =
  "(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

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
  // A month named with its noun: "in the month of December", "until the month of March" (not "the month of the
  // entry", which names no month; "the months of May to September" stay a span, calendar.ts reads its "in").
  [new RegExp(String.raw`\b(?:the\s+)?month\s+of\s+(${MONTH})\b`, "g"), "$1"],
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
