/**
 * A symbol the writer corrected (issue 14), read apart from the numbers' corrections (corrections.ts) because case
 * tells a ticker: findSymbols calls it on the original text.
 */
const TICKER = String.raw`\$?[A-Z][A-Z0-9]{0,5}(?:[.=-][A-Z0-9]{1,4})?(?:=[FX])?`;
// The markers in any case, beside capitals read as they are: each letter as [xX].
const anyCase = (words: string) =>
  words.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`).replace(/ /g, "\\s+");
const SYMBOL_MARK = String.raw`(?:(?:${"uh+|um+|er+|erm|sorry|oops|no wait|wait no|wait|i mean|i meant|actually|make that|make it|scratch that|my bad|correction"
  .split("|")
  .map(anyCase)
  .join("|")})\b[\s,;:.—–-]*)+`;
/**
 * A symbol corrected in the original text ("buy and hold on gold uh I mean on GLD", "golden cross on TSLA, sorry,
 * NVDA", "on QQQ instead of SPY"): the one replaced, a ticker or an asset's name where a symbol stands, is dropped.
 * Case is kept (a symbol is read by its capitals); the markers are matched in lower case beside it.
 */
export function symbolCorrections(text: string, isTicker: (word: string) => boolean): string {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return text;
  let out = text;
  // The old one before the marker: "TSLA, sorry, NVDA"; "on gold uh I mean on GLD".
  const before = new RegExp(
    String.raw`(?<old>${TICKER}|(?<=\b(?:on|for|in|into|of)\s+)[a-z][a-z&'-]*)(?<gap>[\s,;:.—–-]+${SYMBOL_MARK}(?:(?:on|for|in|into|to|with)\s+)?)(?=(?<now>${TICKER})(?![\w$]))`,
    "g",
  );
  out = out.replace(before, (whole, ...rest) => {
    const at = rest.at(-3) as number;
    const { old = "", gap = "", now = "" } = rest.at(-1) as Record<string, string>;
    const mark = lower
      .slice(at + old.length, at + whole.length)
      .replace(/(?:on|for|in|into|to|with)\s+$/, "");
    const ticker = (w: string) => isTicker(w.replace(/^\$/, ""));
    if (!ticker(now) || (/^[$A-Z]/.test(old) && !ticker(old))) return whole;
    // A name in lower case is replaced only by a marker (not "actually", "wait" alone) and only when capitals follow.
    if (
      !new RegExp(`^[\\s,;:.—–-]+${SYMBOL_MARK}$`).test(mark) ||
      (/^[a-z]/.test(old) && /^\W*(?:actually|wait)\W*$/.test(mark))
    )
      return whole;
    return gap === "" ? whole : "";
  });
  // The old one after the new: "on QQQ, not SPY", "QQQ instead of SPY", "QQQ rather than SPY".
  return out.replace(
    new RegExp(
      String.raw`(?<now>${TICKER})(?:,\s*|\s+)(?:not|instead\s+of|rather\s+than|in\s+place\s+of)\s+(?<old>${TICKER})(?![\w$])`,
      "g",
    ),
    (whole, now: string, old: string) =>
      isTicker(now.replace(/^\$/, "")) && isTicker(old.replace(/^\$/, "")) ? now : whole,
  );
}
