/**
 * Chat and forum slang for keeping or giving up a position, rewritten to the reading's words (lower-case text; spread
 * into lexicon.ts TRANSLATIONS). Each row is a kind of wording, not a sentence: holding as "diamond hands" (the
 * 💎🙌 emoji too), "hodl" or riding a position, selling early as "paper hands" ruled out, buying with everything as
 * "yolo into".
 */
const KEPT = String.raw`(?=\s+(?:it|them|that|this|the|my|our|your|all|to|till|til|until|through|thru|forever|for\s+ever|no\s+matter)\b)`;

export const SLANG: Array<[RegExp, string]> = [
  // "diamond hands it to the end", "diamond-handing QQQ till the last bar", "💎🙌 it forever": held.
  [new RegExp(String.raw`\bdiamond[\s-]*hand(?:s|ed|ing)?${KEPT}`, "g"), "hold"],
  [new RegExp(String.raw`💎\s*(?:🙌|🤲|👐|✋|🖐\uFE0F?|hands?\b)${KEPT}`, "gu"), "hold"],
  // "… with diamond hands", "pure diamond hands 💎🙌": the holding said as a manner.
  [/\b(?:with|pure|just|total|full|real)\s+diamond[\s-]*hands\b/g, "holding forever"],
  // "ride it to the end of the data", "riding the position till the last bar": held to there.
  [
    /\b(?:ride|rides|riding|rode)\s+(it|them|the\s+position|the\s+shares?|the\s+stock)\s+(?:all\s+the\s+way\s+)?(?=(?:to|till|til|until|through|thru)\s+the\s+(?:very\s+)?(?:end|last|finish)\b)/g,
    "hold $1 ",
  ],
  // "hold on for dear life" (HODL's backronym), "hodl it": held.
  [
    /\bhold\s+on\s+for\s+dear\s+life\b|\bhodl(?:s|ed|ing)?\b(?=\s+(?:it|them|that|this|the|my|to|till|til|until|through|forever)\b)/g,
    "hold",
  ],
  // "yolo into SPY", "yolo'd my savings into QQQ": bought with everything, no meme-stock data ("yolo stocks" stay).
  [/\byolo(?:'?d|ed|ing)?\s+(?=(?:(?:all|everything|it\s+all|my\s+\w+)\s+)?(?:into|in|on)\b)/g, "buy "],
  // "no paper hands", "never paper-hand it", "don't paper hand": never sold.
  [/\b(?:no|never|don'?t|do\s+not|zero)\s+paper[\s-]*hand(?:s|ed|ing)?(?:\s+(?:it|them))?\b/g, "never sell"],
];
