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
  es: "s",
  ess: "s",
  tee: "t",
  tea: "t",
  zee: "z",
  zed: "z",
};
/** The abbreviations a run may spell (tokens.ts joins the same names typed as single letters, "r s i"). */
const NAMES = new Set(["rsi", "sma", "ema", "macd", "dma", "atr", "roc", "ma", "bb"]);

const LETTER = `(?:${Object.keys(LETTER_NAMES).join("|")}|[a-z])`;
/** Two to six letters, one at least said by its name, joined by spaces, hyphens or dots. */
const RUN = new RegExp(String.raw`\b${LETTER}(?:[\s.-]+${LETTER}){1,5}\b`, "g");

const letterOf = (w: string) => LETTER_NAMES[w] ?? (w.length === 1 ? w : "");

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
  return text
    .replace(/\b(?:zee|zed)(?=[\s-]*scores?\b)/g, "z")
    .replace(RUN, (run) => joined(run))
    .replace(/\bzee\b|(?<=\b(?:the|its|a)\s+)zed\b/g, "z");
}
