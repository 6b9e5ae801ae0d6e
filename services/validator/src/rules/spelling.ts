/**
 * Misspelt trading words ("bolinger", "averge", "momentun", "crosover", "positve") corrected to the word the
 * phrase rules look for: a word one edit away (insert, delete, substitute or swap two neighbours) from exactly
 * one vocabulary word. Only long domain words are in the vocabulary, so common English words one edit away from
 * them ("gross" ~ "cross", "loving" ~ "moving", "hurtle" ~ "turtle") are not in reach: words under six
 * letters and words one edit from two vocabulary words are left alone.
 */
const VOCABULARY = [
  "average",
  "averages",
  "bollinger",
  "breakout",
  "channel",
  "connors",
  "crossover",
  "deviation",
  "deviations",
  "divergence",
  "donchian",
  "exponential",
  "fibonacci",
  "halloween",
  "ichimoku",
  "momentum",
  "negative",
  "november",
  "october",
  "overbought",
  "oversold",
  "positive",
  "relative",
  "return",
  "returns",
  "reversion",
  "seasonal",
  "squeeze",
  "bandwidth",
  "standard",
  "stochastic",
  "strength",
];
const KNOWN = new Set(VOCABULARY);

/** True when a and b are at most one insertion, deletion, substitution or adjacent swap apart. */
function oneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Short misspellings seen in trading posts that are no English word ("cros"); the rule above skips short words. */
const SHORT_TYPOS: Record<string, string> = {
  cros: "cross",
  corss: "cross",
  crosss: "cross",
  averge: "average",
  indx: "index",
};

/** The lower-case text with misspelt vocabulary words corrected. */
export function correctSpelling(text: string): string {
  return text.replace(/[a-z]{4,}/g, (word) => {
    if (word in SHORT_TYPOS) return SHORT_TYPOS[word]!;
    if (word.length < 6) return word;
    if (KNOWN.has(word) || KNOWN.has(word.replace(/e?s$/, ""))) return word;
    const near = VOCABULARY.filter((v) => oneEdit(word, v));
    return near.length === 1 ? near[0]! : word;
  });
}
