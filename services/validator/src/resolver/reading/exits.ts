/**
 * Exits and sizing that no library rule can express (issue 14): every rule exits on its own signal and is all-in,
 * unlevered, one position at a time. A stop, a profit target measured from the entry price, volatility targeting,
 * leverage or risk-based sizing changes the back-test itself, so a text asking for one is refused even when its
 * entry is a library rule ("RSI(2) under 5, take profit at +3% above the entry") rather than run without it. Things
 * the back-test supports or ignores (fees, slippage, start dates, initial cash, "no leverage", "1x") are not
 * matched here.
 */

/** A percentage: "3%", "+3 %", "10 percent", "-2 pct". */
const PCT = String.raw`[+-]?\d+(?:\.\d+)?\s?(?:%|percent\b|pct\b)`;
/**
 * A distance from the position's own entry price: "above the entry", "below my buy price", "off cost" ("the purchase
 * price" is "the buy price" by then: lexicon.ts TRANSLATIONS).
 */
const FROM_ENTRY = String.raw`(?:above|over|below|under|from|off|beyond|past)\s+(?:(?:the\s+|my\s+|our\s+|its\s+|your\s+|an?\s+)?(?:entry|buy|fill|cost|avg cost|average cost|open(?:ing)? price)|where\s+(?:i|we|you|it\s+was)\s+(?:bought|entered|got\s+in|filled)|(?:the\s+)?price\s+(?:i|we|you)\s+paid)`;
const ATR = String.raw`\d+(?:\.\d+)?\s*(?:x\s*)?atrs?\b`;

/** Exits the library has no rule for: stops and targets tied to the entry price or the trade's own high. */
const EXIT_FORMS: RegExp[] = [
  /\bstop[\s-]?loss(?:es)?\b/,
  /\btrailing[\s-]stops?\b/,
  /\b(?:hard|protective|fixed|tight|wide|initial|catastroph\w*|volatility|vol|atr|chandelier|percent(?:age)?|time|dollar)[\s-]stops?\b/,
  /\bchandelier exits?\b/,
  /\bstop(?:ped)?[\s-]out\b/,
  /\b(?:with|using|plus|and)\s+(?:a\s+|the\s+|its\s+|tight\s+|wide\s+)?stops?\b(?!\s+(?:trading|buying|selling|when|if))/,
  new RegExp(
    String.raw`\bstops?\s*(?:at|of|below|under|=|:)?\s*(?:the\s+)?(?:entry|${PCT}|${ATR}|swing|recent low|last low)`,
  ),
  new RegExp(
    String.raw`\b(?:price\s+)?targets?\s*(?:of|at|=|:)?\s*${PCT}(?!\s*(?:a|per|each|every|annual\w*|returns?|cagr)\b)`,
  ),
  /\breward[\s-]?(?:to|:|\/)[\s-]?risk\b|\brisk[\s-]?(?:to|:|\/)[\s-]?reward\b|\b\d+(?:\.\d+)?\s?r\s+(?:targets?|multiples?|profit)\b/,
  /\b(?:sell|exit|close|take\s+off|trim)\s+(?:half|a\s+third|a\s+quarter|part|some)\b/,
  /\b(?:sell\w*|exit\w*|close|out|take[sn]?|taking)\b[^,;.]{0,30}?\bat\s+\+\d+(?:\.\d+)?\s?(?:%|percent\b|pct\b)/,
  /\bprofit[\s-]?targets?\b/,
  // "sell when the profit reaches 10 percent", "exit once the gain hits 8%", "(take profit)" named beside its exit
  // ("arrives at", "attains", "comes to" are "reaches" by then: lexicon.ts TRANSLATIONS).
  new RegExp(
    String.raw`\b(?:profits?|gains?)\b(?:\s+(?:of|on)\s+(?:the|my|this)\s+(?:trade|position))?\s+(?:reach(?:es|ed)?|hits?|gets?\s+to|is|exceeds?|passes|touches)\s+(?:at\s+least\s+|about\s+)?${PCT}`,
  ),
  /\(\s*take[\s-]?profits?\s*\)/,
  new RegExp(String.raw`\btake[\s-]?profits?\s+(?:target\s+)?(?:at|of|=|:)?\s*${PCT}`),
  new RegExp(
    String.raw`${PCT}\s+(?:take[\s-]?profits?|profit[\s-]?targets?|gain targets?|targets?|stops?|trailing)\b`,
  ),
  new RegExp(String.raw`${PCT}\s+${FROM_ENTRY}`),
  new RegExp(String.raw`\b(?:tp|sl)\s*(?:at|of|=|:)?\s*${PCT}`),
  new RegExp(
    String.raw`\b(?:sell\w*|exit\w*|close|out|take[sn]?|taking|book\w*|bank\w*|lock\w*)\s+(?:[\w']+\s+){0,4}?(?:up|gains?|gained|gaining|profits?|rises?|rose|rallies|rallied)\s+(?:of\s+|by\s+)?(?:a\s+|an\s+)?${PCT}`,
  ),
  new RegExp(
    String.raw`\b(?:sell\w*|exit\w*|close|out|take[sn]?|taking|book\w*|bank\w*|lock\w*)\s+(?:[\w']+\s+){0,4}?(?:a\s+|an\s+)?${PCT}\s+(?:gain|profit|pop|rally|move|bounce|rebound|rise|jump|up[\s-]?move)`,
  ),
  new RegExp(
    String.raw`\b(?:sell|exit|close|out)\w*\b[^,;.]*?${PCT}\s+(?:drop|decline|fall|pullback|retracement|drawdown)\s+(?:from|off)\s+(?:the\s+|its\s+)?(?:high|peak|top|highest)`,
  ),
  new RegExp(
    String.raw`\b(?:sell\w*|exit\w*|close|out|cut|dump\w*)\b(?:\s+[\w']+){0,5}?\s+(?:drops?|dropped|falls?|fell|declines?|declined|loses?|lost|down)\s+(?:by\s+|more\s+than\s+|over\s+)?${PCT}`,
  ),
  new RegExp(String.raw`\b(?:targets?|stops?|take[\s-]?profits?)\s+(?:at|of|=)?\s*${ATR}`),
  new RegExp(String.raw`${ATR}\s+(?:targets?|stops?|take[\s-]?profits?|profit|trailing)`),
  /\bcut\s+(?:my\s+|the\s+|your\s+)?loss(?:es)?\s+(?:at|after|when|if|once)\b/,
  /\bbracket(?:ed)?\s+orders?\b|\boco\s+orders?\b/,
  /\bstops?\s+(?:\w+\s+){0,2}?(?:to\s+)?break[\s-]?even\b|\bbreak[\s-]?even\s+stops?\b/,
  /\bmax(?:imum)?\s+loss\s+(?:of|per\s+trade)\b/,
];

/** Sizing the library has no rule for: volatility targeting, risk per trade, scaling, Kelly. */
const SIZING_FORMS: RegExp[] = [
  /\bvol(?:atility)?[\s-]?target\w*/,
  // Run at a stated volatility: "scaled to 10% annualized volatility", "levered to a 12% vol".
  new RegExp(
    String.raw`\b(?:to|at|for)\s+(?:an?\s+)?(?:constant\s+|steady\s+)?${PCT}\s+(?:annual(?:i[sz]ed)?\s+|portfolio\s+|target\s+|yearly\s+)?(?:vol|volatility)\b`,
  ),
  new RegExp(
    String.raw`\btarget(?:s|ing|ed)?\s+(?:an?\s+|the\s+)?(?:${PCT}\s+)?(?:annual(?:i[sz]ed)?\s+|portfolio\s+|constant\s+|realized\s+|realised\s+)?(?:vol|volatility|risk)\b`,
  ),
  /\b(?:inverse|inverted)[\s-](?:vol\w*|variance|risk|atr|sigma|std|standard[\s-]deviation)\b/,
  /\b(?:risk|variance)[\s-]weight\w*|\bvol(?:atility)?[\s-]parity\b/,
  // Weights set by each asset's risk: "weights inverse to their volatility", "inversely proportional to the 60-day
  // variance", "weighted by volatility", "equal risk contribution" ("risk parity" alone may be the writer's own book,
  // where the money sits: outside.ts tells the two apart).
  /\b(?:inverse(?:ly)?|in\s+inverse\s+proportion|inversely\s+proportional)\s+(?:to|with)\s+(?:the\s+|their\s+|its\s+|each(?:\s+one)?'?s?\s+)?(?:[\w-]+\s+){0,2}?(?:vol(?:s|atility|atilities)?|variances?|risk|atr|standard\s+deviations?|sigma|σ)\b/,
  /\bweight(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?(?:by|on|according\s+to|from)\s+(?:the\s+|their\s+|its\s+|each\s+)?(?:inverse\s+(?:of\s+(?:the\s+|their\s+|its\s+)?)?)?(?:[\w-]+\s+)?(?:vol(?:s|atility|atilities)?|variances?|risk|atr|standard\s+deviations?)\b/,
  /\bequal[\s-]risk[\s-]contributions?\b|\b(?:risk|vol(?:atility)?)[\s-]budget\w*/,
  // A volatility the portfolio is run at, in any wording: "a volatility objective of 10%", "a 12% vol goal".
  /\bvol(?:atility)?\s+(?:objective|goal|aim|budget|cap|ceiling)\b|\b(?:objective|goal|aim)\s+(?:of\s+)?(?:an?\s+)?(?:annual(?:i[sz]ed)?\s+)?vol(?:atility)?\s+(?:of\s+)?\d/,
  /\b(?:risk|vol(?:atility)?)[\s-]managed\b/,
  /\bconstant[\s-]vol(?:atility)?\b/,
  /\b1\s*\/\s*(?:vol(?:atility)?|sigma|σ|atr|variance)\b/,
  /\bde[\s-]?lever\w*/,
  /\bvol(?:atility)?[\s-](?:scal|weight|adjust|normali[sz]|sizing|sized)\w*/,
  /\b(?:risk|atr|volatility|vol)[\s-](?:based\s+|adjusted\s+|parity\s+)?(?:position\s+)?siz\w*/,
  // Not all of it, which is the library's own sizing: "position size 100%", "position sizing: all-in", "= 1.0".
  /\bposition[\s-]siz(?:e|es|ed|ing|ers?)\b(?!\s*(?:[:=]|is|of)?\s*(?:100\s*(?:%|percent|pct)|1(?:\.0+)?(?![\d.])|all[\s-]in\b|full\b|everything\b|all\s+(?:of\s+)?(?:the\s+|my\s+)?(?:equity|capital|cash|money)\b))/,
  // The Turtles' units: a position sized by the ATR ("N"), one unit per 1 % of equity at risk.
  /\bunits?[\s-]siz\w*/,
  /\bsiz(?:e|es|ed|ing)\s+(?:[\w']+\s+){0,3}?(?:(?:by|with|on|using|to|from)\s+(?:the\s+|its\s+|an?\s+)?(?:\d+\s*-?\s*\w*\s+)?(?:atr|volatility|vol|risk|equal risk|kelly)|so\s+that)\b/,
  /\bscal(?:e|es|ed|ing)\s+(?:the\s+|my\s+|our\s+|its\s+|your\s+)?(?:exposure|positions?|position size|size|sizes|allocation|weights?|bets?)\b/,
  /\bscal(?:e|es|ed|ing)[\s-](?:in|out|into|up)\b/,
  new RegExp(
    String.raw`\brisk(?:ing|s)?\s+${PCT}\s+(?:of\s+(?:the\s+|my\s+|our\s+)?(?:equity|capital|account|portfolio)\s+)?(?:per|a|each|on each|on every)\s+(?:trade|position|bet)`,
  ),
  new RegExp(
    String.raw`${PCT}\s+(?:of\s+(?:equity|capital)\s+)?risk(?:ed)?\s+(?:per|a|each|on each|on every)\s+(?:trade|position|bet)`,
  ),
  /\b(?:equal|constant|fixed)[\s-]risk\b/,
  /\bfixed[\s-]fractional\b/,
  /\bkelly\b/,
  /\bmartingale\b/,
  /\bpyramid\w*/,
  /\badd(?:s|ing|ed)?\s+(?:more\s+)?to\s+(?:it|them|(?:the\s+|my\s+|our\s+)?(?:position|trade|longs?|winners?|winning))\b/,
  /\bhalf\s+(?:a\s+)?(?:position|size)\b/,
  // A share of the capital short of all of it: "buy SPY with half my cash", "put 30% of the account in", "using a
  // third of the portfolio" (all of it, "100%" or "all my cash", is the all-in rule).
  /\b(?:with|using|use|put|putting|puts|invest\w*|allocat\w*|commit\w*|deploy\w*)\s+(?:only\s+|just\s+)?(?:half|a\s+third|one\s+third|a\s+quarter|one\s+quarter|0?\.\d+|(?!100\b)\d{1,2}(?:\.\d+)?\s*(?:%|percent))\s+(?:of\s+)?(?:my|the|our|your|its)?\s*(?:cash|capital|money|account|equity|portfolio|funds|balance|buying\s+power)\b/,
  /\b(?:double\s+(?:down|the\s+position)|averag(?:e|es|ing)\s+down)\b/,
  /\b(?:cut|halve|reduce|trim)\s+(?:the\s+|my\s+|our\s+)?(?:position|exposure|size)\b/,
];

/**
 * Leverage above one: "2x leverage", "levered 3x", "up to 2x", "on margin", "leveraged". Not "no leverage",
 * "without leverage", "unlevered", "1x", nor a leveraged ETF (that is a symbol's own prices: "a 3x leveraged ETF").
 */
const LEVERAGE =
  /(\d+(?:\.\d+)?)\s*x\s+(?:leverage|leveraged|levered|exposure|notional|gross)\b|\b(?:leverage|leveraged|levered)\s+(?:of\s+|at\s+|up\s+to\s+|to\s+|=\s*|:\s*)?(\d+(?:\.\d+)?)\s*x?\b|\bup\s+to\s+(\d+(?:\.\d+)?)\s*x\b|\bon\s+margin\b|\bmargin\s+(?:account|loan|borrowing)\b|\blever(?:age|aged|ed)\b/g;
/** Said not to be wanted: "no stop loss", "without any stops", "ignore vol targeting", "non-leveraged" (not "no more than"). */
const NEGATED =
  /(?:\b(?:no|not|without|never|nor|skip\w*|avoid\w*|ignor\w*)\s+(?!more\b|less\b|greater\b|over\b|above\b|than\b)(?:\w+\s+){0,2}|\bnon[\s-]?)$/;
/**
 * Verbs and prepositions that leave out everything they govern to the end of their clause, a list included: "leave
 * out the unit sizing and the ATR stop", "without the position sizing or the stop", "skip the money management"
 * ("no" is a determiner of one noun: in "no stop loss and a 5% target" the target is asked for, see NEGATED).
 */
const OMITS =
  /\b(?:without|w\/o|leav(?:e|es|ing)\s+out|left\s+out|leav(?:e|es|ing)\s+(?:\w+\s+){1,4}?(?:out|aside)|(?:set(?:ting)?|leav(?:e|es|ing)|put(?:ting)?)\s+aside|not\s+counting|skip\w*|ignor\w*|omit\w*|exclud\w*|forget(?:ting)?|disregard\w*|drop(?:s|ped|ping)?\s+(?=the\b|any\b|all\b|its\b|their\b|his\b)|strip(?:s|ped|ping)?\s+(?:of|out|away)|(?:minus|less)\s+(?=(?:only\s+|just\s+)?(?:the|its|their|his|any|all)\b)|sans|remov(?:e|es|ed|ing)|t(?:ake|akes|aking|ook|aken)\s+(?:away|out)|t(?:ake|akes|aking|ook|aken)\s+(?:the|its|their|any|all)\s+(?:\w+\s+){0,2}?(?:away|out)|(?:leav(?:e|es|ing)|left)\s+off|do(?:ne|ing)?\s+away\s+with|cut(?:ting)?\s+out|no\s+need\s+for|(?:do\s+not|don'?t|doesn'?t|won'?t|not)\s+(?:use|want|need|add|apply|include|model|bother\s+with|care\s+(?:about|for)|mind)|never\s+mind|turn(?:ing)?\s+off|switch(?:ing)?\s+off)\b/g;
/** What ends an omission's clause: punctuation, or a word that starts another demand ("skip X and use a stop"). */
const CLAUSE_END =
  /[.,;:!?()]|\b(?:but|then|when|whenever|if|while|instead|except|plus|with|using|use|add|adding|apply|keep|buy|sell|exit|enter|however|though|yet)\b/;
const omitted = (text: string, at: number) =>
  [...text.slice(Math.max(0, at - 120), at).matchAll(OMITS)].some(
    (m) => !CLAUSE_END.test(text.slice(Math.max(0, at - 120), at).slice(m.index + m[0].length)),
  );
const negated = (text: string, at: number) =>
  NEGATED.test(text.slice(Math.max(0, at - 30), at)) || omitted(text, at);
/**
 * Left out after it is named: "with its stop loss removed", "the unit sizing dropped", "stops stripped out", "the
 * stop turned off" (a participle right after the thing, before the clause ends).
 */
const OMITTED_AFTER =
  /^(?:\s*,?\s*which\s+(?:we|i|you)\s+(?:ignore|skip|drop|leave\s+(?:out|aside)|don'?t\s+(?:use|need|want)|do\s+not\s+(?:use|need|want)|won'?t\s+(?:use|need))\b)|^(?:\s+(?:and\s+(?:the\s+|its\s+|their\s+)?)?[\w-]+){0,3}?\s+(?:(?:is|are|was|were|being|been|get|gets|got)\s+)?(?:removed|dropped|stripped(?:\s+(?:out|away|off))?|taken\s+(?:out|away|off)|omitted|left\s+out|turned\s+off|switched\s+off|excluded|ignored|disabled|deleted|left\s+(?:out|off|aside)|(?:not\s+(?:needed|required|wanted|included|used|modell?ed|part\s+of\s+(?:it|this|that|the\s+\w+))))\b/;
export const omittedAfter = (text: string, end: number) => OMITTED_AFTER.test(text.slice(end, end + 60));
const LEVERED_PRODUCT = /^\s*(?:etfs?|etns?|funds?|products?|versions?|shares|tickers?|bull|bear)\b/;

/** Exposure above the account: "200% exposure", "150% long", "130% of equity". */
const OVER_ALL_IN =
  /\b(\d+(?:\.\d+)?)\s?(?:%|percent)\s+(?:exposure|long|invested|allocat\w*|notional|gross|of\s+(?:the\s+|my\s+)?(?:equity|capital|account|portfolio))/g;

function leverage(text: string): string | null {
  for (const m of text.matchAll(OVER_ALL_IN)) if (Number(m[1]) > 100) return m[0].trim();
  for (const m of text.matchAll(LEVERAGE)) {
    if (LEVERED_PRODUCT.test(text.slice(m.index + m[0].length))) continue;
    const stated = m[1] ?? m[2] ?? m[3];
    // A stated multiple says itself ("no more than 1.5x leverage" is 1.5x); a bare "leverage" may be negated.
    if (stated !== undefined) {
      if (Number(stated) > 1) return m[0].trim();
      continue;
    }
    if (negated(text, m.index)) continue;
    // "We leverage the golden cross as a filter": the verb, meaning use, takes an object.
    if (
      /^leverag(?:e|es|ing)\s+(?:the|this|that|these|those|a|an|our|my|its|it|their)\b/.test(
        text.slice(m.index),
      )
    )
      continue;
    return m[0].trim();
  }
  return null;
}

/** What follows a stop that sits at an N-bar low: "… under the 10-day low", "… at the 20 day channel". */
const CHANNEL_LEVEL =
  /^\s*(?:\w+\s+){0,2}?(?:the\s+|its\s+|a\s+)?(?:prior\s+|previous\s+|trailing\s+|lowest\s+)?\d+[\s-]?(?:day|d|week|bar|period|session)s?\s+(?:low|lows|channel|donchian|minimum|min)\b/;

export interface UnsupportedExit {
  kind: "exit" | "sizing";
  /** The words that ask for it, as the text has them. */
  what: string;
}

/** The first exit or sizing the library cannot express, or null. The text is the normalised (lower-case) concept. */
export function unsupportedExit(text: string): UnsupportedExit | null {
  for (const re of SIZING_FORMS)
    for (const m of text.matchAll(new RegExp(re.source, "g")))
      if (!negated(text, m.index) && !omittedAfter(text, m.index + m[0].length))
        return { kind: "sizing", what: m[0].trim() };
  const lev = leverage(text);
  if (lev) return { kind: "sizing", what: lev };
  for (const re of EXIT_FORMS)
    for (const m of text.matchAll(new RegExp(re.source, "g"))) {
      if (negated(text, m.index) || omittedAfter(text, m.index + m[0].length)) continue;
      // "Trail a stop under the 10-day low" is the channel's own exit (donchian_breakout's exit_window).
      if (CHANNEL_LEVEL.test(text.slice(m.index + m[0].length, m.index + m[0].length + 40))) continue;
      return { kind: "exit", what: m[0].trim() };
    }
  return null;
}
