import { UNITS } from "./number-words.ts";

/**
 * Letters as a dictation writes them down: by their names as heard ("zee score", "zed score", "em a see dee", "ar es
 * eye", "ess em ay", "bee bee"). A run of letter names (single letters may stand among them) becomes the
 * abbreviation when its letters spell one the reading knows; other runs are left as words, so English that happens
 * to sound like letters ("we are a team", "see the average") stays English. Read on lower-case text before the
 * lexicon's translations (tokens.ts `translate`).
 */
const LETTER_NAMES: Record<string, string> = {
  ay: "a",
  bee: "b",
  see: "c",
  sea: "c",
  cee: "c",
  dee: "d",
  ee: "e",
  eye: "i",
  aye: "i",
  em: "m",
  oh: "o",
  ar: "r",
  are: "r",
  arr: "r",
  // ("our s i": speech-to-text writes the r as the word that sounds like it.)
  our: "r",
  es: "s",
  ess: "s",
  tee: "t",
  tea: "t",
  zee: "z",
  zed: "z",
};
/**
 * Indicator names speech-to-text hears as English words: exponential as "ex potential", Bollinger as "bowling her", "bowling jer", "bowl injure" or
 * "bowlinger" (only before the bands, where nothing else bowls), Donchian as "don chan" or "don chian" before its
 * channel or breakout, an EMA as the name "Emma" after its period or before its cross ("the twenty Emma crosses the
 * fifty Emma"; "Hi Emma" stays a greeting).
 */
const SPOKEN_NUMBER = String.raw`(?:\d+|${Object.keys(UNITS)
  .filter((w) => w !== "zero")
  .join("|")}|hundred)`;
const MISHEARD: Array<[RegExp, string]> = [
  // ("ex potential moving average", "the ex-potential average": exponential.)
  [/\bex[\s-]+potential(ly)?\b(?=[\s-]+(?:moving|weighted|smoothed|averages?|avg|mas?)\b)/g, "exponential$1"],
  [
    /\b(?:bowl(?:ing)?|ball(?:ing)?|boll(?:ing)?|bol(?:ing)?)[\s-]*(?:her|jer|ger|injure|injur|inger|anger|linger)(?=[\s-]+(?:bands?|band[\s-]?width|squeeze)\b)/g,
    "bollinger",
  ],
  [
    /\bdon[\s-]+(?:chan|chian|chin|shan|shian|ch[ie]an)(?=[\s-]+(?:channels?|breakouts?|highs?|lows?)\b)/g,
    "donchian",
  ],
  [
    new RegExp(
      String.raw`(?<=\b${SPOKEN_NUMBER}(?:[\s-]+(?:days?|periods?|bars?|sessions?))?[\s-]+)emmas?\b|\bemmas?\b(?=[\s-]+(?:cross\w*|over|above|under|below|lines?)\b)`,
      "g",
    ),
    "ema",
  ],
];

/** The abbreviations a run may spell (tokens.ts joins the same names typed as single letters, "r s i"). */
const NAMES = new Set(["rsi", "sma", "ema", "macd", "dma", "atr", "roc", "ma", "bb"]);

/**
 * Two letters heard as one syllable and written together, no vowel among them ("the RS eye", "the S M ay"), spell
 * with the names around them; a pair with a vowel is an English word ("at our" is no ATR).
 */
const PAIR = /^[b-df-hj-np-tv-z]{2}$/;
const LETTER = `(?:${Object.keys(LETTER_NAMES).join("|")}|[b-df-hj-np-tv-z]{2}|[a-z])`;
/** Two to six letters, one at least said by its name, joined by spaces, hyphens or dots. */
const RUN = new RegExp(String.raw`\b${LETTER}(?:[\s.-]+${LETTER}){1,5}\b`, "g");

const letterOf = (w: string) => LETTER_NAMES[w] ?? (w.length === 1 || PAIR.test(w) ? w : "");

/**
 * The longest stretch of the run that spells a name, one letter at least said by its name, joined ("the ar es eye a
 * little lower" → "rsi a"); the rest of the run as said.
 */
function joined(run: string): string {
  const words = run.split(/[\s.-]+/);
  for (let size = words.length; size >= 2; size--)
    for (let from = 0; from + size <= words.length; from++) {
      const part = words.slice(from, from + size);
      if (!part.some((w) => w in LETTER_NAMES) || !NAMES.has(part.map(letterOf).join(""))) continue;
      return [...words.slice(0, from), part.map(letterOf).join(""), ...words.slice(from + size)].join(" ");
    }
  return run;
}

/**
 * Dictation's letter names joined into the abbreviations they spell, and the z of a z-score said as "zee" or "zed"
 * ("the zee score", "zed-score", "the zee of thirty days falls below minus two"). "zee" is no English word and is the
 * letter anywhere; "zed" is also a name, so only before "score" or after an article ("the zed drops below -2").
 */
export function spokenLetters(text: string): string {
  return MISHEARD.reduce((out, [pattern, to]) => out.replace(pattern, to), text)
    .replace(/\b(?:zee|zed)(?=[\s-]*scores?\b)/g, "z")
    .replace(RUN, (run) => joined(run))
    .replace(/\bzee\b|(?<=\b(?:the|its|a)\s+)zed\b/g, "z");
}
