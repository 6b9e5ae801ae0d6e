import { N, PER, SPOKEN_SPAN } from "./correction-kinds.ts";
import { ORDINALS as ORDINAL_WORDS } from "./numbers.ts";

/**
 * The words of a self-correction (issue 14, read by corrections.ts): the values it names and the markers that
 * announce it. A correction is read as a grammar, not as a list of wordings: a marker (an apology, a second thought,
 * a notice such as "Correction:" or a verb such as "corrected"), then, optionally, who made it and when ("from Jo at
 * the end", "by mail after the meeting"), then what is replaced (a value named, role words, the same unit) and the
 * new value or values.
 */
export const KINDS = "sma|ema|wma|simple|exponential|weighted";
// Months are values too ("hold from october through may … wait, through april not may").
export const MONTHS =
  "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
// A day counted in words is a value too ("buy the third to last day no sorry the second to last trading day").
export const ORDINALS = ORDINAL_WORDS.join("|");
export const VALUE = String.raw`(?:${N}|(?:${KINDS}|${MONTHS})\b)`;

/**
 * The value replaced, named: "not Y", "instead of Y" (group 1); "the Y was a typo" (group 2); "Y should be X", "Y is
 * now X", "from Y to X", "Y → X" (group 3), an erratum's "for Y read X" (group 4), the new value after it.
 */
export const NAMED = new RegExp(
  String.raw`,?\s*(?:(?:not|instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:the\s+|an?\s+)?(?:(?:usual|default|standard|normal|classic|textbook)\s+)?(${VALUE}(?:(?:\/|\s+(?:over|by|x)\s+)${N})*)(?:${PER})?|the\s+(${VALUE})\s+was\s+(?:a\s+)?(?:typo|mistake|wrong)\b|(?:the\s+|from\s+(?=-?\d))?(${N})(?:${PER})?\s+(?:should\s+(?:be|read|have\s+been)|must\s+be|is\s+now|becomes|(?<=\bfrom\s+${N}(?:${PER})?\s+)to|->|→|=>)(?=\s+(?:the\s+|an?\s+)?-?\d)|for\s+(${N})(?:${PER})?\s+read(?=\s+(?:the\s+|an?\s+)?-?\d))`,
);

/**
 * Who made the correction or when, between its notice and its colon: "Correction from Jo at the end:", "Update from
 * the requester:", "Edit after the call:" (a few words, no number, no punctuation).
 */
const ATTRIBUTED = String.raw`(?:\s+(?:from|by|per|via|at|after|before|in|on|for|of|to|with|since)\b(?:\s+[a-z']+){1,5}?|\s*\([a-z' ]{1,30}\))?(?=\s*(?::|[—–-]\s))`;
/**
 * A correction announced by a noun: "Correction:", "one correction:", "correction, …", "Update from requester:",
 * "Edit 2:", "UPDATE 11/28:", "Sam's correction:" (numbered or dated, its number no value).
 */
const NOTICE = String.raw`(?:(?:one|1|another|a|small|minor|quick|late|last|final|(?!market\b|price\b|the\b)[a-z]+)\s+)?(?:correction|edit|update|erratum|amendment|revision|clarification|addendum|follow-?up|(?<=(?:small|minor|quick|one|1|late|last[\s-]minute)\s+)change|(?<=(?:later|late|another|one|1|follow-?up)\s+)note)(?:\s+#?\d+(?:\/\d+)*)?${ATTRIBUTED}|correction(?=\s*,)`;
/**
 * A correction told as a past act, its colon or comma after who made it and when: "Leo corrected it by mail after
 * the meeting:", "corrected after the meeting,", "the requester later amended it:", "changed after the review:".
 */
const AMENDED = String.raw`(?:(?:the\s+)?[a-z]+\s+)?(?:(?:later|since|then|also|has|have|had|just)\s+)*(?:corrected|amended|revised|clarified|changed|updated|adjusted|followed\s+up|wrote\s+back)(?!\s+(?:my|our|his|her|their)\s+minds?\b)(?:\s+[a-z']+){0,6}?(?=\s*[:,])`;
/**
 * Who meant what: "I meant", "Sam meant", "she meant", "… but meant" (a clause restating a value), not "which
 * meant", "it was meant to", "meant for".
 */
const MEANT = String.raw`(?:i|we|he|she|they|but(?:\s+i)?|(?!(?:which|that|this|it|what|who|there|and|but|so|also|then|was|is|be|been|not|all)\b)[a-z]+)\s+meant(?!\s+(?:to|for|as|that)\b)`;

/**
 * Who changed it later, as a chat or a meeting note writes it: "Raj later:", "Mia again:" (a name, then the colon).
 * Where it came from: "per the follow-up call the oversold level is 25", "per Dana's email,". What was agreed:
 * "after discussion we settled on 9 months", "in the end the team agreed on 40".
 */
const LATER = String.raw`(?!(?:and|but|so|then|the|it|this|that)\b)[a-z]+\s+(?:later|afterwards|again)(?=\s*:)`;
const PER_SOURCE = String.raw`per\s+(?:the\s+|our\s+|her\s+|his\s+|their\s+|[a-z]+'s\s+)?(?:[a-z-]+\s+){0,2}?(?:call|meeting|review|e-?mail|mail|chat|discussion|feedback|follow-?up|note|comment|request|thread|standup|sync)\b,?`;
const SETTLED = String.raw`(?:(?:after|following|in)\s+(?:some\s+|the\s+|a\s+|more\s+)?(?:discussion|debate|review|call|meeting|back\s+and\s+forth|end)\s*,?\s+)?(?:we|they|the\s+team|everyone|the\s+desk|the\s+group)\s+(?:(?:finally|eventually|then|later)\s+)?(?:settled|agreed|decided|landed)\s+on`;

/** A marker calling what was just said wrong: "that is a typo", "this was wrong", "it's incorrect". */
const WRONG = String.raw`(?:that|this|it|i)(?:\s+is|\s+was|\s+am|'s|'m)?\s+(?:wrong|a\s+mistake|a\s+typo|incorrect|mistaken)`;
export const BACK = new RegExp(String.raw`\b${WRONG}\b`);
export const CLAUSE = String.raw`${NOTICE}|${AMENDED}|${LATER}|${PER_SOURCE}|${SETTLED}|(?:sorry|apologies)\s+(?:for|about)\s+(?:the|my|that)\s+(?:mistake|error|typo|confusion|mix-?up)|i\s+want(?:ed)?\s+to\s+say|(?:scratch|strike|forget|ignore|disregard)\s+that|${MEANT}|${WRONG}|i\s+(?:wrote|typed|put|said|got|had|read)\s+(?:that|it|this|the\s+[a-z]+)\s+(?:wrong|incorrectly|backwards)|i\s+(?:misspoke|mistyped|mixed\s+(?:that|it|them)\s+up)`;
// "scratch the 30", "forget the 20-day": the value replaced, named before the new one.
const GONE = String.raw`(?:scratch|forget|drop|ditch|strike|lose|kill|cancel)\s+(?:the\s+|that\s+)?(?<gone>${VALUE}(?:\/${N})*)(?:${PER})?`;
/**
 * The nouns a value sizes, after which a correction may be said ("the 20 day average no sorry the 30 day average"),
 * kept once when said with both values.
 */
export const NOUNS = "averages?|bands?|windows?|lookbacks?|highs?|lows?|channels?|lines?";
/** A speaker's hesitation before the number meant: "a 20 uh 30-day average", "rsi 10, erm, 7". */
export const HESITATIONS = "u+h+|u+h*m+|e+r+|e+r*m+|e+h+m*|h+m+";
export const STRONG = String.raw`${CLAUSE}|sorry|oops|apologies|my\s+bad|my\s+mistake|typo|no\s+wait|wait\s+no|wait[\s,]+i\s+mean|or\s+rather|or\s+actually|(?:nah|nope)(?=[\s,]+(?:make|use|go|scratch|the\s+|an?\s+|-?\d))|excuse\s+me|pardon|make\s+that(?=\s+(?:the\s+|an?\s+)?-?\d)|(?:hmm+|uh+|um+|oh|ah)[\s,]+no|(?:(?:minor|small|quick|one|1)\s+)?(?:fix|change\s+of\s+plans?)(?=\s*(?::|[—–-]\s))|on\s+(?:second|further)\s+thoughts?|second\s+thoughts|on\s+reflection|having\s+(?:slept\s+on|thought\s+about)\s+it|(?:i(?:'ve|\s+have)?\s+)?changed\s+my\s+mind|(?:actually[\s,]+)?no(?=[\s,]+(?:sorry|wait|i\s+mean|actually|oops|my\s+bad|make\s+(?:it|that)|use|go\s+with|scratch))|${GONE}`;
/** A bare "no" between two values is a spoken correction: "the one fifty no the one hundred day", "rsi 10, no, 14". */
export const BARE_NO = String.raw`no(?=[\s,]+(?:the\s+|an?\s+)?-?\d)`;
/**
 * Markers that correct wherever they stand, even run on after a word with no punctuation, as dictation says them:
 * "and out when its below it sorry make that the one fifty day", "sell on the death cross no wait make the fast …"
 * (not "sorry to ask", "sorry for the delay").
 */
export const UNPUNCTUATED = String.raw`(?:(?:h+m+[\s,]+)?make\s+that(?=\s+(?:the\s+|an?\s+)?-?\d)|sorry(?![\s,]+(?:to|for|about|if|but|i\s+(?:can|could|don|didn|am|was|have)))|oops|no\s+wait|wait\s+no|scratch\s+that|my\s+bad)\b`;
/**
 * What opens the new value after the marker: "I'd rather use", "make the fast one", "use", "the exit should be",
 * someone's word for a value ("Sophie says 50-day", "the desk wants 8/21"; not "Lena wants the faster 30-day
 * line", whose clause goes whole).
 */
export const OPEN = String.raw`(?:i'?d|i\s+would|we'?d|we\s+would)\s+rather\s+(?:use|go\s+with|have|take)\s+|let\s+(?:go\s+(?:with\s+)?|use\s+|make\s+it\s+|do\s+)|(?:make|set|change|put)\s+(?:that|it|this|the\s+[a-z]+(?:\s+(?!to\b|at\b|an?\b)[a-z]+)?(?:\s+1(?=\s+\d))?)\s+(?:to\s+|at\s+)?|use\s+|go\s+with\s+|(?:that|this|it)(?:\s+(?:should\s+(?:be|read|have\s+been)|was\s+(?:meant|supposed)\s+to\s+be|must\s+be|is)|'s)\s+(?:actually\s+|really\s+)?|the\s+[a-z]+(?:\s+[a-z]+)?\s+(?:is|should\s+be|should\s+read|(?:needs|has|ought)\s+to\s+be|must\s+be|comes|happens)\s+(?:at\s+|on\s+|after\s+|in\s+)?|(?:the\s+)?[a-z]+\s+(?:says|wants|prefers|suggests|confirms|confirmed|insists\s+on|asks\s+for|asked\s+for)\s+(?:(?:it|that)(?:'s|\s+is|\s+should\s+be)\s+|(?:we\s+)?(?:use|go\s+with)\s+|to\s+use\s+)?(?=(?:the\s+|an?\s+)?-?\d)`;

/**
 * A setting changed by its role's words, not by its old value: "the requester later changed the hedge ratio to 1.2",
 * "change the exit window from 10 to 15", "bumped the lookback to 90 days" (groups: role, was, to, per).
 */
export const RENAMED = String.raw`\b(?:(?:(?:the\s+)?[a-z]+\s+)?(?:later|then|since|also|has|have|had|just)\s+)?(?:chang|updat|revis|amend|correct|adjust|bump|mov)(?:e|es|ed|ing|s)?\s+(?:the|its|their|his|her|our|my|that)\s+(?<role>[a-z-]+(?:\s+[a-z-]+){0,2}?)\s+(?:from\s+(?<was>${N})(?:${PER})?\s+)?to\s+(?:the\s+|an?\s+)?(?<now>${N})(?<per>${PER})?(?![\d\/]|\.\d)`;

/**
 * A value said to have been another, with no marker needed: "the 20 should have been 40", "the 30 was meant to be
 * 25", "the 14 should read 21", "the 150 was a typo, 100" (groups: old, new).
 */
export const SHOULD_HAVE = String.raw`\bthe\s+(?<old>${N})(?:${PER})?\s+(?:should\s+(?:have\s+been|read)|was\s+(?:meant|supposed)\s+to\s+be|was\s+(?:a\s+)?(?:typo|mistake|wrong)[\s,;:—–-]+(?:(?:it|that)(?:'s|\s+is|\s+should\s+be)|should\s+be|make\s+it|use)?)\s*(?:the\s+|an?\s+)?(?<new>${N})(?:${PER})?(?![\d\/]|\.\d)`;
/** After "instead of Y", the new value chosen: "Instead of the 200, use the 150", "instead of 14 go with 21". */
export const CHOSEN_AFTER = new RegExp(
  String.raw`^[\s,]*(?:use|go\s+with|make\s+it|take|try|run|do|(?:we|i)\s+(?:want|need))\s+(?:the\s+|an?\s+)?(${N})(${PER})?(?![\d\/]|\.\d)`,
);
/**
 * A new value chosen with "instead" ending its clause: "the requester then asked for 6 months instead", "she wants
 * the 30-day instead" (groups: alt, altPer), the value replaced the one of its kind said before.
 */
export const INSTEAD = String.raw`\b(?:(?:(?:the\s+)?[a-z]+\s+)?(?:later|then|now|since|also)\s+)?(?:use|go\s+with|make\s+it|wants?|asked\s+for|asks\s+for|prefers?|requested|switched\s+to|try)\s+(?:the\s+|an?\s+)?(?<alt>${N})(?<altPer>${PER})?\s+instead\b(?!\s+of)`;
/**
 * A new value and the one it replaces, with no marker: "entry 55 not 40", "the 30-day, not the 20-day", "a year, not 6
 * months" (groups: nx, nxPer; nxs, a span of time in words).
 */
export const NOT_THAT = String.raw`(?:(?<![\w.\/])(?<nx>${N})(?<nxPer>${PER})?|(?<nxs>${SPOKEN_SPAN}))(?=\s*,?\s+not\s+(?:the\s+|an?\s+)?-?\d(?:[\d.]*\d)?(?:${PER})?(?![\d%\/]|\.\d|\s*(?:%|percent|bps?\b)))`;
