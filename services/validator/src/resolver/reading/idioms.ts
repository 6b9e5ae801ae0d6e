/**
 * Comparisons and sizes told in the words of other languages, rewritten to the reading's words before anything reads
 * them (lower-case text; appended to lexicon.ts `TRANSLATIONS`). Each row is a kind of wording, not a sentence.
 */
export const IDIOMS: Array<[RegExp, string]> = [
  // A comparative built with "more"/"most", as Romance languages build every one ("più alto", "plus haut", "más
  // alto"): "the price is more high than 6 months ago", "if is more low, I go out", "the most high of 30 days". Only
  // before "than", a clause's end or a conjunction, so "more high-volume days" and "more low risk trades" keep theirs.
  ...(
    [
      ["high", "higher", "highest"],
      ["low", "lower", "lowest"],
      ["big", "bigger", "biggest"],
      ["small", "smaller", "smallest"],
      ["strong", "stronger", "strongest"],
      ["weak", "weaker", "weakest"],
      ["great", "greater", "greatest"],
      ["large", "larger", "largest"],
      ["fast", "faster", "fastest"],
      ["slow", "slower", "slowest"],
    ] as const
  ).flatMap(
    ([word, more, most]): Array<[RegExp, string]> => [
      [
        new RegExp(
          String.raw`\bmore\s+${word}\b(?=\s+(?:than|that|compared|vs\b|versus|then|and|or|so)\b|\s*[,;:.!?)]|\s*$)`,
          "g",
        ),
        more,
      ],
      [
        new RegExp(
          String.raw`\bthe\s+most\s+${word}\b(?![\s-]+(?:volume|volatility|risk|beta|yield|quality)\b)`,
          "g",
        ),
        `the ${most}`,
      ],
    ],
  ),
  // "more elevated", "more expensive", "upper" than a past price is higher; "higher as 12 months ago" (German "höher
  // als",
  // Dutch "hoger dan" said word by word) is higher than.
  [/\bmore\s+(?:elevated|expensive|costly)\b/g, "higher"],
  [/\bupper\s+(?=than\b)/g, "higher "],
  [/\bless\s+(?:elevated|expensive|costly)\b/g, "lower"],
  [
    /\b(higher|lower|bigger|smaller|greater|stronger|weaker)\s+as\b(?!\s+(?:well|long|soon|much|far|if|though)\b)/g,
    "$1 than",
  ],
  // "superior to"/"inferior to" a level or a line, as French, Italian and Spanish say above and below ("the close is
  // superior to the 200-day average", "when the RSI is inferior at 30", "supérieur à 70"). The bands named so ("the
  // band superior") are calques.ts's.
  [
    /\b(?:is|are|be|stays?|remains?|closes?|goes|gets|becomes?|was|were|being)\s+superior\s+(?:to|than|at|of)\b/g,
    "is above",
  ],
  [
    /\b(?:is|are|be|stays?|remains?|closes?|goes|gets|becomes?|was|were|being)\s+inferior\s+(?:to|than|at|of)\b/g,
    "is below",
  ],
  [
    /\b(?:superior|superieur|supérieur)e?s?\s+(?:to|than|at|a|à)\s+(?=[-+]?\d|the\b|its\b|zero\b|minus\b)/g,
    "above ",
  ],
  [
    /\b(?:inferior|inferieur|inférieur)e?s?\s+(?:to|than|at|a|à)\s+(?=[-+]?\d|the\b|its\b|zero\b|minus\b)/g,
    "below ",
  ],
  // Chat's comparisons: "north of 70" is above, "south of -2" below, "sub 30" / "sub-30" below (a level, not a
  // subject: "sub 30 rsi"), "clears 70" / "pops over" risen above (a target's "clears 10%" profit is exits.ts's).
  [/\bnorth\s+of\b/g, "above"],
  [/\bsouth\s+of\b/g, "below"],
  [/\bsub[\s-]?(?=-?\d+(?:\.\d+)?(?![\d.]*\s*%))/g, "below "],
  [/\b(?:clears?|cleared|clearing)\s+(?=-?\d+(?:\.\d+)?\b(?!\s*%))/g, "rises above "],
  // One standard deviation told with an article: "a full standard deviation below its mean", "a single sigma under",
  // "half a standard deviation above", "a standard deviation and a half". A bare "a standard deviation" counts only
  // before where it lies ("a standard deviation below"); "a standard deviation of 20 days" is the statistic.
  [
    /\b(?:a|one)\s+(?:full|single|whole|entire|complete)\s+(standard[\s-]+deviations?|std(?:\s*devs?)?|stdevs?|sigmas?|sd)\b/g,
    "1 $1",
  ],
  [/\ba\s+(standard[\s-]+deviation|std(?:\s*dev)?|stdev|sigma)\s+and\s+a\s+half\b/g, "1.5 $1s"],
  [/\bhalf\s+(?:a|one)\s+(standard[\s-]+deviation|std(?:\s*dev)?|stdev|sigma)\b/g, "0.5 $1"],
  [
    /\ba\s+(standard[\s-]+deviation|std(?:\s*dev)?|stdev|sigma)\b(?=\s+(?:below|under|beneath|above|over|away|from|out|lower|higher|beyond|past)\b)/g,
    "1 $1",
  ],
];
