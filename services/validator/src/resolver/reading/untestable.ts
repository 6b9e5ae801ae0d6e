import { findSymbols } from "../symbols.ts";
import type { Reading } from "./reading.ts";

/**
 * Requests the engine cannot test however well their indicator is named: a short-only rule (the engine is long
 * only: it buys, then sells to cash) and an indicator given a condition no series has ("the RSI turns blue").
 */

/**
 * Going short as an action: "short SPY", "go short", "sell short", "shorts only", "short when …", "shorting" ("go in
 * short" is translated to "go short" first: lexicon.ts TRANSLATIONS).
 */
const SHORT_ACTION =
  /\b(?:(?:go|goes|going|went|get|gets|getting|be|sell|sells|selling|sold|open|opens|opening|enter|enters|entering|initiate|take|put on)\s+(?:a\s+|on\s+)?short(?![\s-]*term)\b|shorting\b|short[\s-]+sell\w*|shorts?(?:[\s-]+side)?[\s-]+only\b|only\s+(?:the\s+)?shorts?\b|short[\s-]+(?:positions?|trades?|entr(?:y|ies)|signals?|sales?)\b|short\s+(?:it|them|the (?:index|stock|market|etf|fund)|when|whenever|if|once|below|under|at)\b)/g;
/** Words that bar the writer from a side: "we can't", "I'm not allowed to", "compliance won't let us". */
const BARRED = String.raw`\b(?:can'?t|cannot|can\s+not|could\s+not|couldn'?t|may\s+not|must\s+not|mustn'?t|not\s+(?:allowed|permitted)\s+to|unable\s+to|forbidden\s+to|won'?t\s+let\s+(?:us|me|them)|don'?t\s+let\s+(?:us|me|them)|(?:don'?t|do\s+not|doesn'?t|does\s+not|never)\s+(?:want|wish|intend|plan)\s+to|won'?t|will\s+not)`;
/** Being long after such a word: "be long", "go long", "hold long positions", "own it long". */
const LONG_HELD = String.raw`(?:(?:be|go|get|stay|run)\s+long\b(?![\s-]*term)|(?:hold|take|open|have|carry|put\s+on)\s+(?:any\s+)?longs?(?:\s+(?:positions?|trades?|exposure))?\b|(?:hold|own)\s+(?:it|them|anything|positions?|the\s+(?:stock|shares?|name))\s+long\b(?![\s-]*term))`;
/** A short-only statement: the writer rules the long side out ("no longs", "we can't be long", "longs are not allowed"). */
const SHORT_ONLY = new RegExp(
  String.raw`\bshorts?(?:[\s-]+side)?[\s-]+only\b|\bonly\s+(?:go\s+|the\s+)?shorts?\b|\bno\s+long(?:s\b|\s+(?:side|trades?|positions?|entr(?:y|ies))\b|\s*[,;.]|$)|\bnever\s+(?:go\s+|be\s+|going\s+)?long\b(?![\s-]*term)|\blong\s+(?:side|leg|version)\s+(?:(?:we|i|you|they)\s+(?:already\s+)?(?:have|had|did|ran|tested|covered|built)|is\s+(?:already\s+)?(?:done|covered|tested|built))\b|\balready\s+(?:have|had|did|ran|tested|covered|built)\s+(?:the\s+)?long\s+(?:side|leg|version)\b|${BARRED}\s+${LONG_HELD}|\blongs?(?:\s+(?:positions?|trades?|exposure|side))?\s+(?:(?:are|is)\s+)?(?:not\s+(?:allowed|permitted)|forbidden|prohibited|banned|off\s+the\s+table|out\s+of\s+the\s+question)\b`,
);
/**
 * Buying as the entry: "buy", "go long", "long entry", "long/short", "both ways" ("buy to cover", "buy it back"
 * close a short).
 */
const LONG_ENTRY =
  /\b(?:(?:buy|buys|buying|bought)(?!\s+(?:it\s+|them\s+)?(?:back|to\s+cover)\b)|go(?:es|ing)?\s+long|get\s+long|enter\s+long|(?:be|stay|remain|being|is|are)\s+long(?![\s-]*(?:term|enough|ago|time|while|way)\b)|long\s+(?:entr(?:y|ies)|side|positions?|when|whenever|if|once|only|on|at|below|above)|long[\s-]+only|long(?:\s*\/\s*|[\s-]+(?:or|and)[\s-]+)(?:flat|cash|out)|long[\s-]+flat|long\s*(?:\/|and|&|or|-)\s*short|both (?:ways|sides|directions))\b/g;
/** A ticker as written after "short" or "long", in any case (findSymbols decides whether it is one). */
const TICKER = String.raw`\$?([A-Za-z][A-Za-z0-9&]{0,11}(?:[.-][A-Za-z]{1,4})?)`;
/** "Short TSLA", "SHORT the QQQ", "sell NVDA short": any case, since a sentence starts with a capital. */
const SHORT_TICKER = new RegExp(
  String.raw`\bshort\s+(?:the\s+)?${TICKER}\b|\bsell\s+${TICKER}\s+short\b`,
  "gi",
);
/**
 * "short spy below 200dma", "i'd short qqq under the 50 day": the verb opening a clause, a symbol in any case, then
 * its condition; "short ma above long ma" is a crossover's average (findSymbols and COMMON_AFTER_SHORT say which).
 */
const IMPERATIVE_SHORT =
  /(?<=^|[.!?;:\n]\s*|\b(?:to|and|then|i|we|i'd|i'll|we'd|we'll|just|please|also|simply)\s+)short\s+(?:the\s+)?\$?([A-Za-z]{1,5})\b(?=\s*(?:$|[,;.]|(?:below|under|beneath|above|over|when|whenever|if|once|on|at|after|as|into|while|until|every|each)\b))/gi;
const COMMON_AFTER_SHORT = new Set(
  (
    "one ones end run side leg legs line lines term span lag it them this that avg mean cross " +
    // "long" as a span of time: "we can't hold it long for compliance", "as long as", "long enough", "long ago".
    "for as enough ago time while way haul before after since and or so because"
  ).split(" "),
);
/**
 * A word after "short"/"long" that reads as a symbol once in capitals ("spy", "qqq"; not "ma", "term", "one", nor
 * "for" in "hold it long for a week").
 */
const symbolLike = (w: string) =>
  !COMMON_AFTER_SHORT.has(w.toLowerCase()) && findSymbols(w.toUpperCase()).length === 1;
const LONG_TICKER = new RegExp(String.raw`\blong\s+(?:the\s+)?${TICKER}\b`, "gi");
const NEGATION = /\b(?:no|not|never|without|nor|don't|dont|avoid|instead of)\s+(?:\w+\s+)?$/i;

/**
 * A source told what it does, not the writer asked for it: "the paper also goes short", "the book's version shorts
 * too", "the original system went short as well" (the writer's own version is what the rest of the text says).
 */
const SOURCE_DOES =
  /(?:\b(?:paper|papers|book|books|authors?|original(?:\s+(?:version|system|rule|strategy|paper|study))?|study|studies|article|research|researchers|academics|publication|textbook|course|video)(?:'s\s+(?:version|rule|system|strategy))?|\b(?!(?:my|our|your)\b)[a-z]+'s\s+(?:own\s+|original\s+|published\s+)?(?:version|system|model|rules?|strategy|backtest))\s+(?:also\s+|originally\s+|additionally\s+|even\s+|actually\s+)?$/;

/**
 * Whether the clause holding `at` tells what a source does rather than what the writer asks: it opens with the
 * source as its subject ("the paper's version also trades intraday", "Faber's paper also looks at volume", "the
 * book shorts …") and the writer is not in it ("we", "I", "my").
 */
export function bySource(text: string, at: number): boolean {
  const clause = text
    .slice(0, at)
    .split(/[.;:,!?(]\s/)
    .at(-1)!;
  return (
    /^\s*(?:and\s+|but\s+)?(?:the\s+|a\s+)?(?:[a-z]+'s\s+)?(?:own\s+|original\s+|published\s+|academic\s+)?(?:paper|papers|book|books|authors?|original|study|studies|article|research|researchers|version|system|model|course|video)\b/.test(
      clause,
    ) &&
    !/^\s*(?:the\s+)?(?:my|our|your)\b/.test(clause) &&
    !/\b(?:we|i|i'd|i'll|we'd|we'll|us|me|my|our)\b/.test(clause)
  );
}

const unnegated = (text: string, pattern: RegExp) =>
  [...text.matchAll(pattern)].filter((m) => {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    return !NEGATION.test(before.slice(-20)) && !SOURCE_DOES.test(before);
  });

/**
 * A rule whose only side is short ("short SPY when it crosses below the 200-day, cover above", "go short below the
 * 200 day", "sell short when RSI > 70 and cover at 50"): the short action, unnegated, with no long entry beside it
 * (or the long side ruled out). A long rule that sells to exit ("buy below 30, sell above 70") is not short.
 */
export function shortOnly(r: Reading, concept: string): string | null {
  const tickers = findSymbols(concept);
  const shortTicker =
    unnegated(concept, SHORT_TICKER).find((m) => tickers.includes((m[1] ?? m[2])!.toUpperCase())) ??
    unnegated(concept, IMPERATIVE_SHORT).find((m) => symbolLike(m[1]!));
  const shorts = unnegated(r.text, SHORT_ACTION);
  if (shorts.length === 0 && !shortTicker) return null;
  const ruledOut = SHORT_ONLY.test(r.text);
  // "long HD short LOW", "long $XOM / short $CVX", "long spy and short qqq": a pair's legs, long the first symbol.
  const longTicker = unnegated(concept, LONG_TICKER).some(
    (m) => tickers.includes(m[1]!.toUpperCase()) || symbolLike(m[1]!),
  );
  const longs = unnegated(r.text, LONG_ENTRY);
  if ((longs.length > 0 || longTicker) && !ruledOut) return null;
  return shortTicker ? shortTicker[0] : shorts[0]![0];
}

/**
 * What no price series does: colours, senses, moods and a person's acts ("turns blue", "smells bullish", "feels
 * lucky", "are singing"). Trading slang that still states a level ("RSI screams oversold below 25") is not here.
 */
const NONSENSE = new Set(
  (
    "blue purple pink yellow violet turquoise magenta smell smells smelling smelly taste tastes tasting tasty " +
    "feel feels feeling sing sings singing sang dance dances dancing danced laugh laughs laughing cry cries crying " +
    "sleep sleeps sleeping sleepy dream dreams dreaming lucky unlucky happy sad angry grumpy hungry tired bored " +
    "moody jealous vibe vibes vibing whistle whistles whistling giggles giggling sneezes sneezing"
  ).split(" "),
);
/** Words that make a clause testable: a comparison, a cross, a direction or a named zone. */
const TESTABLE =
  /^(?:above|below|over|under|beneath|crosses|cross|crossed|crossing|rises|rising|falls|falling|drops|dips|tops|exceeds|oversold|overbought|positive|negative|higher|lower|breaks|widens|narrows|<|>|<=|>=)$/;
const STOPS = new Set([",", ";", ".", "?", "!", "|", "and", "or", "then", "when", "if", "but"]);

/**
 * An indicator given only a condition no series has: the indicator's words, then (within its clause) a word of
 * NONSENSE, and nothing in that clause a rule could test (no number, no comparison). Returns the phrase, or null.
 */
export function untestableCondition(r: Reading): string | null {
  const word = (i: number) => {
    const t = r.tokens[i];
    return t === undefined ? undefined : t.kind === "num" ? "" : t.text;
  };
  for (const m of r.mentions) {
    let hit = -1;
    for (let k = m.end + 1; k <= m.end + 4 && k < r.tokens.length; k++) {
      const w = word(k)!;
      if (STOPS.has(w)) break;
      if (NONSENSE.has(w)) {
        hit = k;
        break;
      }
    }
    if (hit < 0) continue;
    // The clause around the mention: from its start back to a stop, forward to a stop.
    let a = m.start;
    while (a > 0 && !STOPS.has(word(a - 1)!)) a--;
    let b = hit;
    while (b + 1 < r.tokens.length && !STOPS.has(word(b + 1)!)) b++;
    const clause = r.tokens.slice(a, b + 1);
    if (clause.some((t) => t.kind === "num" || TESTABLE.test(t.text))) continue;
    return r.tokens
      .slice(m.start, Math.min(b, hit + 1) + 1)
      .map((t) => (t.kind === "num" ? String(t.value) : t.text))
      .join(" ");
  }
  return null;
}

/**
 * Things no market series has and no rule names: colours, fruit and toys, dimensions (strong), and the writer's
 * moods or favourites (weak: "my favourite setup is the golden cross" is a rule told warmly).
 */
const ABSURD = new Set(
  (
    "purple pink violet magenta turquoise lavender colour color colours colors banana bananas fruit mango " +
    "pineapple pizza taco tacos unicorn unicorns rainbow rainbows dragon dragons dimension dimensions wizard " +
    "rhyme rhymes rhyming birthday birthdays horoscope horoscopes zodiac astrology tarot"
  ).split(" "),
);
const WEAK_ABSURD = new Set(
  "favourite favorite feels feelings vibes mood moods moon soul heart magic".split(" "),
);
/** Indicators whose value is a rule's own signal: one of them "of" another is a composition no library rule has. */
const SIGNALS = new Set(["rsi", "macd", "bb"]);
const POSSESSIVE = /^(?:my|your|our|his|her|their)$/;

/** The signal an indicator is taken "of": "the RSI of the MACD" → the MACD's mention; "the RSI of the close" → null. */
function signalOf(r: Reading, m: Reading["mentions"][number]): Reading["mentions"][number] | null {
  if (!SIGNALS.has(m.ind)) return null;
  const word = (i: number) => {
    const t = r.tokens[i];
    return t === undefined || t.kind === "num" ? undefined : t.text;
  };
  // "RSI(14) of the MACD": past the indicator's own numbers in brackets.
  let k = m.end + 1;
  while (r.tokens[k] && (r.tokens[k]!.kind === "num" || /^[(),]$/.test(word(k) ?? ""))) k++;
  if (word(k) !== "of") return null;
  let j = k + 1;
  if (/^(?:the|a|an|its|their)$/.test(word(j) ?? "")) j++;
  const inner = r.mentions.find((n) => n.start === j);
  return inner && SIGNALS.has(inner.ind) && inner.ind !== m.ind ? inner : null;
}

/**
 * An indicator computed on another's signal ("buy when the RSI of the MACD drops below 30", "Bollinger bands of the
 * RSI"): no library rule has one, and running the outer indicator on the price would test another rule. Returns
 * the phrase, or null. (An average or a z-score of anything, "the 9-day EMA of the MACD", is not matched.)
 */
export function composedSignal(r: Reading): string | null {
  for (const m of r.mentions) {
    const inner = signalOf(r, m);
    if (inner)
      return r.tokens
        .slice(m.start, inner.end + 1)
        .map((t) => (t.kind === "num" ? String(t.value) : t.text))
        .join(" ");
  }
  return null;
}

/**
 * Indicator names piled into no rule ("Take the RSI of the MACD of the Bollinger band's favourite colour", "purple
 * momentum banana squeeze", "rsi my macd into the bollinger moon"): each sign of nonsense counts, and two or more
 * make the text word salad, refused rather than run as whichever name scores highest. The signs: an indicator of
 * another indicator's signal ("the RSI of the MACD", "Bollinger of the MACD"; an average or z-score of anything,
 * "the 9-day EMA of the MACD", is composable and not counted), an indicator used as a verb ("rsi my macd", "RSI the
 * Bollinger", "golden cross my feelings"), three or more signal families named at once (RSI, MACD, Bollinger,
 * z-score), words for what no series has (colours, fruit, dimensions, rhymes, birthdays, horoscopes: one each;
 * moods and favourites: half), and a colour asked of an indicator (one more).
 * Returns the signs found, or null. A real rule naming two indicators ("MACD with an RSI filter", "Bollinger
 * squeeze") shows at most one sign.
 */
export function wordSalad(r: Reading): string | null {
  const word = (i: number) => {
    const t = r.tokens[i];
    return t === undefined || t.kind === "num" ? undefined : t.text;
  };
  const mentionAt = (i: number) => r.mentions.find((m) => m.start === i);
  const phrase = (a: number, b: number) =>
    r.tokens
      .slice(a, b + 1)
      .map((t) => (t.kind === "num" ? String(t.value) : t.text))
      .join(" ");
  const signs: string[] = [];
  let score = 0;
  for (const m of r.mentions) {
    // "ema my donchian", "z-score my rsi": any indicator made a verb whose object is another indicator (a bare
    // "average" or a price word is left out: "close my MACD position" is English).
    const obj = mentionAt(m.end + 2);
    if (
      VERBS.has(m.ind) &&
      !SIGNALS.has(m.ind) &&
      !(m.start === m.end && /^(?:average|averages|avg|line|lines)$/.test(word(m.end) ?? "")) &&
      POSSESSIVE.test(word(m.end + 1) ?? "") &&
      obj &&
      obj.ind !== m.ind &&
      VERBS.has(obj.ind)
    ) {
      signs.push(`"${phrase(m.start, obj.end)}"`);
      score++;
      continue;
    }
    if (!SIGNALS.has(m.ind)) continue;
    let k = m.end + 1;
    // "the RSI of the MACD": an indicator of another's signal.
    const inner = signalOf(r, m);
    if (inner) {
      signs.push(`"${phrase(m.start, inner.end)}"`);
      score++;
      continue;
    }
    // "rsi my macd", "RSI the Bollinger": the indicator as a verb with an object.
    if (POSSESSIVE.test(word(k) ?? "")) {
      signs.push(`"${phrase(m.start, k + 1)}"`);
      score++;
      continue;
    }
    if (/^(?:the|a)$/.test(word(k) ?? "")) k++;
    const object = mentionAt(k);
    if (k > m.end + 1 && object && (SIGNALS.has(object.ind) || object.ind === "z") && object.ind !== m.ind) {
      signs.push(`"${phrase(m.start, object.end)}"`);
      score++;
    }
  }
  // "golden cross my feelings": the named cross as a verb.
  r.tokens.forEach((t, i) => {
    if (t.kind === "word" && /^cross(?:over)?$/.test(t.text) && /^(?:golden|death)$/.test(word(i - 1) ?? ""))
      if (POSSESSIVE.test(word(i + 1) ?? "")) {
        signs.push(`"${phrase(i - 1, i + 2)}"`);
        score++;
      }
  });
  const families = new Set(r.mentions.filter((m) => SIGNALS.has(m.ind) || m.ind === "z").map((m) => m.ind));
  if (families.size >= 3) {
    signs.push(`${families.size} indicators at once`);
    score++;
  }
  // "rsi overbought bollinger macd golden sideways momentum average": four families or more named with no number and
  // no order to buy or sell, a pile of names rather than a rule (a rule of several families states a level or an act).
  const named = new Set(r.mentions.filter((m) => VERBS.has(m.ind) || m.ind === "return").map((m) => m.ind));
  if (named.size >= 4 && !r.tokens.some((t) => t.kind === "num") && !r.has(ACTS)) {
    signs.push(`${named.size} indicator families and no level or order`);
    score++;
  }
  const seen = new Set<string>();
  for (const t of r.tokens) {
    if (t.kind !== "word" || seen.has(t.text)) continue;
    if (ABSURD.has(t.text)) score += 1;
    else if (WEAK_ABSURD.has(t.text)) score += 0.5;
    else continue;
    seen.add(t.text);
    signs.push(`"${t.text}"`);
  }
  // "What colour should my MACD be", "the colour of the MACD histogram": a colour asked of an indicator is a chart's
  // paint, no value a rule can test; a second sign. (Red and green named are the histogram's sign: "the MACD histogram
  // colour turns green" is chart talk for a crossing.)
  if (
    (seen.has("colour") || seen.has("color") || seen.has("colours") || seen.has("colors")) &&
    r.mentions.some((m) => SIGNALS.has(m.ind)) &&
    !r.has(/\b(?:red|green)\b/)
  ) {
    signs.push("a colour asked of an indicator");
    score++;
  }
  // "the moving average of Tuesdays", "the RSI of the weekend": an indicator of a day of the week, which is no series
  // (a weekday's closes or returns are: "the 10-week average of Friday closes").
  const ofDay = OF_DAY.exec(r.text);
  if (ofDay) {
    signs.push(`"${ofDay[0]}"`);
    score++;
  }
  // "The RSI of the full moon": an indicator of a thing no market has (a sky, the weather, a nonsense word) is a sign
  // even after "the", where the possessive reading (outside.ts `personalObject`) does not look.
  const ofThing = OF_THING.exec(r.text);
  if (ofThing?.[2]?.split(/\s+/).some((w) => NO_MARKET.test(w) || ABSURD.has(w) || WEAK_ABSURD.has(w))) {
    signs.push(`"${ofThing[0]}"`);
    score++;
  }
  // "times golden cross squared", "the death cross plus the squeeze": arithmetic on a rule's name (a cross is an
  // event, not a value to multiply); a number in the rule language is computed on series, not on rule names.
  // "the RSI of my portfolio's Sharpe ratio": an indicator of a backtest's score, which is no price series.
  // "its golden cross crossed the Bollinger band": a cross is an event, and an event crosses nothing.
  for (const pattern of [RULE_ARITHMETIC, OF_SCORE, CROSS_CROSSING]) {
    const found = pattern.exec(r.text);
    if (found) {
      signs.push(`"${found[0].trim()}"`);
      score++;
    }
  }
  return score >= 2 ? signs.join(", ") : null;
}

const OF_SCORE =
  /\b(?:rsi|macd|bollinger(?: bands?)?|z[\s-]?score|sma|ema|moving average)\s+of\s+(?:the\s+|my\s+|our\s+|your\s+|a\s+)?(?:portfolio\s+|strategy\s+|fund\s+)?(?:sharpe|sortino|calmar|win\s+rate|profit\s+factor)\b/;
const CROSS_CROSSING = /\b(?:golden|death)\s+cross(?:over)?\s+(?:crosses|crossed|crossing|cuts|cut)\b/;

const OF_THING =
  /\b(rsi|macd|bollinger(?: bands?)?|bands?|averages?|sma|ema|ma|z[\s-]?score|momentum)\s+of\s+(?:the\s+|a\s+|an\s+)?((?:[a-z]+\s+){0,2}[a-z]+)\b/;
const OF_DAY =
  /\b(?:rsi|macd|bollinger(?: bands?)?|bands?|averages?|sma|ema|ma|z[\s-]?score|momentum|donchian|channel)\s+of\s+(?:the\s+|every\s+|each\s+|all\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?)\b(?!'?\s*(?:close|closes|closing|prices?|returns?|bars?|candles?|opens?|highs?|lows?|data|sessions?)\b)/;
/** An order a rule gives: buying, selling, holding, getting in or out. */
const ACTS =
  /\b(?:buy|buys|buying|bought|sell|sells|selling|sold|long|short|enter|enters|entry|entries|exit|exits|hold|holds|holding|own|get\s+(?:in|out)|go\s+(?:in|out|flat)|cash|flat|cover)\b/;
/** Indicators that may be made a verb in word salad ("ema my donchian"): price, highs and returns are not. */
const VERBS = new Set(["rsi", "macd", "bb", "ma", "z", "breakout"]);
/** Things in no market's data: the sky, the weather, the tides. */
const NO_MARKET =
  /^(?:moon|moons|sun|suns|stars?|planets?|mercury|venus|mars|eclipses?|weather|tides?|clouds?|rain|snow)$/;
const RULE_NAME =
  "(?:golden|death)\\s+cross(?:es|over)?|crossovers?|squeeze|turn\\s+of\\s+the\\s+month|sell\\s+in\\s+may|buy\\s+and\\s+hold|dual\\s+momentum";
const RULE_ARITHMETIC = new RegExp(
  `\\b(?:times|multiplied\\s+by|divided\\s+by|plus|to\\s+the\\s+power\\s+of)\\s+(?:the\\s+|a\\s+)?(?:${RULE_NAME})\\b|\\b(?:${RULE_NAME})\\s+(?:squared|cubed|times|multiplied\\s+by|divided\\s+by|to\\s+the\\s+power)\\b`,
);
