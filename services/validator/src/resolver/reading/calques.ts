import { CALENDAR_CALQUES } from "./calendar-calques.ts";

/**
 * Literal translations from other languages (issue 14, held-out-62), rewritten to the words the reading knows
 * (lower-case text, before lexicon.ts TRANSLATIONS, which read some of the words written here: "upward"). Each row
 * is a kind of calque, not a sentence: the adjective after its noun as Romance languages place it ("the band
 * superior", "momentum dual"), a noun phrase told with "of" where
 * English compounds ("the width of the bands", "the compression of the bands"), a name translated word by word
 * ("double momentum", "the middle average" of the bands). Comparisons told so ("more high than", "superior to 90")
 * are idioms.ts's.
 */
const BANDS_NEAR = String.raw`(?:bands?|bollinger|bb|volatility|band\s+width)`;

const PERIOD = String.raw`(\d+|[a-z]+(?:[\s-][a-z]+)?)[\s-]+(days?|weeks?|months?|sessions?|bars?|periods?)`;
const NOT_CAP = String.raw`(?<!\b(?:a|up\s+to|at\s+most|at\s+least|no\s+more\s+than|no\s+less\s+than)\s+)`;
/**
 * A crossing verb, and what may stand between it and its direction: its object ("crosses the long towards the
 * top"), never another clause's verb ("crosses to the fall 30 and sell when it crosses to the rise 70").
 */
const VERBS = String.raw`cross\w*|cuts?|cutting|break\w*|breach\w*|pass\w*`;
const VERB = `(${VERBS})`;
export const CROSS_SPAN = String.raw`(?:(?!\b(?:${VERBS}|and|or|sell\w*|buy\w*|exit\w*|when|if|then)\b)[^.;,!?>]){0,40}?`;
const SPREAD_TALK = String.raw`(?:pairs?|spread|logarithms?|logs?|cointegrat\w*)`;

export const CALQUES: Array<[RegExp, string]> = [
  ...CALENDAR_CALQUES,
  // A break told by the noun of another language: "rupture of the maximum", "the cassure of the channel".
  [/\b(?:rupture|ruptura|rottura|cassure|rompimiento|rompimento)s?\b/g, "breakout"],
  // A channel's edge told as the maximum or minimum of a period ("the maximum of 55 days", Spanish "el máximo de 55
  // días"): its high or low, as the reading names them (a cap is no edge: "hold for a maximum of 10 days").
  [
    new RegExp(String.raw`${NOT_CAP}\b(?:maximum|max|máximo|massimo)\s+of\s+(?:the\s+)?${PERIOD}\b`, "g"),
    "$1-$2 high",
  ],
  [
    new RegExp(String.raw`${NOT_CAP}\b(?:minimum|min|mínimo|minimo)\s+of\s+(?:the\s+)?${PERIOD}\b`, "g"),
    "$1-$2 low",
  ],
  // An average called a moving mean ("the mobile means of 20 and 50 days"); a single "moving mean" only where no
  // z-score is spoken of (there the mean is the score's).
  [/\b(?:moving|mobile|sliding|gliding)\s+means\b/g, "moving averages"],
  // … or the other language's noun kept behind an English adjective, in either number: "simple mobile medias",
  // "the sliding moyennes", "exponential moving medie" (Spanish/Italian "media(s)/medie", French "moyenne(s)").
  [
    /\b(?:moving|mobile|sliding|gliding|floating|movable|moveable|m[oó]vil(?:es)?|mobil[ei])\s+(?:medias|medie|moyennes)\b/g,
    "moving averages",
  ],
  [
    /\b(?:moving|mobile|sliding|gliding|floating|movable|moveable|m[oó]vil)\s+(?:media|moyenne)\b/g,
    "moving average",
  ],
  // … or behind its kind alone: "the exponential media of 12 days", "simple medias" (no social media has a kind).
  [/\b(simple|exponential|arithmetic|weighted)\s+(?:medias|medie|moyennes)\b/g, "$1 moving averages"],
  [/\b(simple|exponential|arithmetic|weighted)\s+(?:media|moyenne)\b/g, "$1 moving average"],
  [
    /(?<!\b(?:z[\s-]?score|standard\s+deviations?|sigmas?|std|deviation)\b[\s\S]*)\b(?:moving|mobile|sliding|gliding)\s+mean\b(?![\s\S]*\b(?:z[\s-]?score|standard\s+deviations?|sigmas?|std|deviation)\b)/g,
    "moving average",
  ],
  // A crossing's direction told as a place: "crosses the long towards the top", "cuts it to the bottom" (Romance
  // "verso l'alto", "hacia arriba", "vers le haut").
  [
    new RegExp(
      String.raw`\b${VERB}\b(${CROSS_SPAN})\s+(?:towards?|to|for|by)\s+(?:the\s+)?(?:top|high|above|up)\b`,
      "g",
    ),
    "$1$2 upward",
  ],
  [
    new RegExp(
      String.raw`\b${VERB}\b(${CROSS_SPAN})\s+(?:towards?|to|for|by)\s+(?:the\s+)?(?:bottom|low|below|down)\b`,
      "g",
    ),
    "$1$2 downward",
  ],
  // … or as a movement: "breaks to the rise the one of 26 days", "cuts in ascending", "crosses in descent" (Spanish
  // "al alza", "a la baja", French "à la hausse", Italian "al rialzo", "in discesa"); "in the fall" says when.
  [
    new RegExp(
      String.raw`\b${VERB}\b(${CROSS_SPAN})\s+(?:(?:(?:towards?|to|in)\s+(?:the\s+)?(?:ascent|ascending|rising|climb|hausse|alza|rialzo|salita))|(?:towards?|to)\s+the\s+rise)\b`,
      "g",
    ),
    "$1$2 upward",
  ],
  [
    new RegExp(
      String.raw`\b${VERB}\b(${CROSS_SPAN})\s+(?:(?:(?:towards?|to|in)\s+(?:the\s+)?(?:descent|descending|falling|decline|baisse|baja|ribasso|discesa))|(?:towards?|to)\s+the\s+fall)\b`,
      "g",
    ),
    "$1$2 downward",
  ],
  // The crossings named as East Asian traders name them: "dead cross" (Korean 데드크로스, Japanese デッドクロス), the
  // "golden fork" and "dead fork" (Chinese 金叉, 死叉).
  [/\b(?:dead|death)[\s-]+(?:cross(?:ing)?|fork)\b/g, "death cross"],
  [/\bgold(?:en)?[\s-]+fork\b/g, "golden cross"],
  // (A lookbehind over the whole text is guarded by a lookahead for its word, so it runs only where the word is.)
  // … or told with "of", as Romance languages name them: "the cross of death" (French "croix de la mort", Spanish
  // "cruce de la muerte"), and "the cross of gold" beside it ("cruce dorado"; alone it may be gold's own cross).
  [/\b(?:cross|crossing|crossover)\s+of\s+(?:the\s+)?death\b/g, "death cross"],
  [
    /\b(?:cross|crossing|crossover)\s+of\s+gold\b(?=[\s\S]*\bdeath\s+cross\b)|(?=cross)(?<=\bdeath\s+cross\b[\s\S]*)\b(?:cross|crossing|crossover)\s+of\s+gold\b/g,
    "golden cross",
  ],
  // The return by its Romance name: "the rentability of the last 12 months", "the profitability of the past 6 months"
  // (Spanish "rentabilidad", French "rentabilité", Italian "redditività", Portuguese "rentabilidade").
  [
    /\b(?:profitability|rentabilit(?:y|ies|é|e)|rentabilidad(?:es)?|rentabilidade|redditivit[àa])\b/g,
    "return",
  ],
  // A bare "media" with its period after it is the average (Spanish/Italian "la media de 200 días"): "above the
  // media of two hundred days" (no other media has a period).
  [
    /\bmedia(s)?\b(?=\s+(?:of|de|di)\s+(?:the\s+)?(?:last\s+|past\s+)?(?:\d+|[a-z]+(?:[\s-][a-z]+){0,3})[\s-]+(?:days?|sessions?|periods?|bars?|weeks?|months?)\b)/g,
    "average$1",
  ],
  // "Double momentum" (French "double momentum", Italian "doppio momentum"), "momentum dual" (Spanish): Antonacci's.
  [/\b(?:double|doble|doppio)\s+momentum\b|\bmomentum\s+(?:dual|double|doble|doppio)\b/g, "dual momentum"],
  // A pair's hedge ratio by another name: "hedge coefficient 1.2", "hedging factor", "the coefficient of coverage"
  // (Spanish "coeficiente de cobertura", French "ratio de couverture", Italian "rapporto di copertura").
  [
    /\b(?:hedg(?:e|ing)|coverage|couverture|cobertura|copertura)\s+(?:coefficient|factor|ratio|rate|quotient|multiplier|proportion)\b|\b(?:coefficient|coeficient|factor|ratio|rate|quotient|proportion|relation|rapport|rapporto)\s+of\s+(?:the\s+)?(?:hedg(?:e|ing)|coverage|couverture|cobertura|copertura)\b/g,
    "hedge ratio",
  ],
  // … or a bare coefficient where the text trades a spread: "the difference of the logarithms with coefficient 0.9".
  [
    new RegExp(
      String.raw`(?=coefficient)(?<=\b${SPREAD_TALK}\b[\s\S]*?)\bcoefficient\s+(?:of\s+)?(?=\d|0?\.\d)|\bcoefficient\s+(?:of\s+)?(?=(?:\d|0?\.\d)[\s\S]*?\b${SPREAD_TALK}\b)`,
      "g",
    ),
    "hedge ratio ",
  ],
  // … or a spread's coefficient held fixed: "with a constant coefficient of 0.8" (a fitted one is a regression's).
  [/\b(fixed|constant|static)\s+(?:coefficient|coeficient|factor|multiplier)\b/g, "$1 hedge ratio"],
  // The width of the bands, told with "of": "the width of the bands", "the distance between the bands", "the
  // amplitude of the Bollinger bands" (Spanish "el ancho de las bandas", French "la largeur des bandes").
  [
    /\b(?:width|amplitude|largeness|distance|opening|aperture)\s+(?:of|between)\s+(?:the\s+)?(?:two\s+)?(?:bollinger\s+)?bands\b/g,
    "band width",
  ],
  // The squeeze as the bands' compression or narrowing ("compression of the Bollinger bands", "the bands compress",
  // "volatility compression"): only beside the bands or volatility ("price compression" names no bands).
  [
    new RegExp(
      String.raw`\bcompress(?:ion|ions|es|ed|ing)?\b(?=[^.;!?]{0,40}\b${BANDS_NEAR}\b)|(?<=\b${BANDS_NEAR}\b[^.;!?]{0,40})\bcompress(?:ion|ions|es|ed|ing)?\b`,
      "g",
    ),
    "squeeze",
  ],
  // The bands' lines with the adjective after the noun: "the band superior", "the band inferior", "la banda
  // superiore"; or translated as high and low ("the high band", "the low band").
  [/\b(bands?)\s+(?:superior|superiore|superiori|supérieure|superieure|alta|haute)\b/g, "upper $1"],
  [/\b(bands?)\s+(?:inferior|inferiore|inferiori|inférieure|inferieure|baja|bassa|basse)\b/g, "lower $1"],
  // ("a low band width" is narrow bands, no line of them.)
  [/\b(?:superior|superiore|high|higher)\s+(bands?)\b(?![\s-]*width)/g, "upper $1"],
  [/\b(?:inferior|inferiore|low)\s+(bands?)\b(?![\s-]*width)/g, "lower $1"],
  // The middle band told as the bands' average or centre: "the middle average", "the central line", "the band
  // median" (only where the text speaks of bands).
  [
    /(?=middle|central|centre|center|median|band)(?<=\bbands?\b[\s\S]*?)\b(?:(?:middle|central|centre|center|median)\s+(?:average|line|mean|band)|band\s+(?:middle|central|median|centre|center))\b|\b(?:middle|central|centre|center|median)\s+(?:average|line|mean)\b(?=[\s\S]*?\bbands?\b)/g,
    "middle band",
  ],
];
