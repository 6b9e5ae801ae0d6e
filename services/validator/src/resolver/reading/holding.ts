import { type Candidate, INFERRED, NAMED, WEAK } from "./candidate.ts";
import type { Reading } from "./reading.ts";

// Buy and hold (issue 14): asked for by name, told as a story or as steps, or as the position left alone; and a
// question about how a symbol did over a span, which is the symbol held over it.

/**
 * Buy and hold told as a story, without its words: "a lump sum into VTI, left alone", "put 10k in and forget about
 * it", "stay fully invested", "100% in SPY the whole time", "long DIA for the whole backtest".
 */
const UNTOLD =
  /\blump[\s-]sum\b|\b(?:left|leave|leaving) (?:it |them )?alone\b|\bforget (?:about )?(?:it|them)\b|\b(?:stay\w*|remain\w*|be|being|always)\s+fully\s+invested\b|\b(?:in|long|invested)\b[^,;.]{0,25}\bthe (?:whole|entire|full) (?:time|period|sample|history|back-?test|test|run|data(?:set)?)\b/;

/**
 * A question about how a symbol did over a span, with no rule in it ("how did SPY do from 2000 to 2020?", "what was
 * QQQ's total return since 2010?", "max drawdown of BTC-USD since 2017"): the symbol held over the span.
 */
const PERFORMANCE =
  /\b(?:how (?:did|does|has|have|would|much|well|badly|bad)|what (?:was|is|were|would|did|are)|returns?|returned|performance|performed|cagr|drawdowns?|sharpe)\b/;
const SPAN =
  /\b(?:since|from|between|in)\s+(?:19|20)\d\d\b|\bover the (?:last|past) [\w-]+ years?\b|\b(?:19|20)\d\d\s*(?:-|to|through|thru|until)\s*(?:19|20)\d\d\b|\bsince (?:inception|(?:its |the )?(?:ipo|launch|listing))\b/;
/** Words of a rule: a condition, a trade, a named method. Any of them and the question is about that rule. */
const RULE_TALK =
  /\b(?:when|whenever|if|while|once|unless|until|above|below|under|beneath|cross\w*|positive|negative|beats?|beating|outperform\w*|rotat\w*|switch\w*|signals?|sell\w*|exit\w*|enter\w*|entry|entries|strateg\w*|rules?|system|trend\w*|momentum|reversion|breakouts?|season\w*|timing|pairs?|spread|(?:go|goes|going|move|moves|moved|sit|sits|stay|stays|in)\s+(?:in(?:to)?\s+)?cash)\b/;
const performanceQuestion = (r: Reading) =>
  r.has(PERFORMANCE) &&
  r.has(SPAN) &&
  !r.has(RULE_TALK) &&
  r.mentions.every((m) => m.ind === "return" || m.ind === "price");

/**
 * A word of a condition: a buy that has one ("buy when …, otherwise do nothing") is no buy and hold, nor is money put
 * in cash ("put the money in cash, then do nothing until it closes above …").
 */
const CONDITION = String.raw`(?!(?:when|whenever|if|once|while|unless|below|above|under|over|otherwise|else|after|cross\w*|dips?|drops?|falls?|rises?|(?:in|into|to)\s+(?:the\s+)?(?:cash|bills|t-bills|treasur\w*|sidelines))\b)`;
/**
 * Buy and hold told as steps: an unconditional purchase, then doing nothing in the next sentence, clause or numbered
 * step ("1. Buy X with all the cash on day one. 2. Do nothing else.", "Buy IWM at the first close. Then do nothing
 * else", "step 1: purchase VTI; step 2: nothing more", "a) put all the money into VTI on the first day b) do nothing",
 * "Step 1: buy VOO. Step 2: wait 20 years.", "1) purchase SPY on day one 2) hold until the last bar"). "All the
 * cash" there is the purchase, not a sizing rule.
 */
const BOUGHT_THEN_NOTHING = new RegExp(
  String.raw`\b(?:buy|buys|bought|buying|purchase|purchases|purchased|invest|invests|invested|investing|put|puts|putting|allocate|allocates|allocated)\s+(?:${CONDITION}[\w$'.-]+\s+){0,10}?${CONDITION}[\w$'.-]+[.;,:)]*\s+(?:(?:and|then|step|after\s+that|afterwards|\d+[.):-]?|[a-z][.)]|two|second|-)[\s,:.)]*){0,4}(?:do(?:es)?\s+nothing(?:\s+(?:else|more))?|nothing\s+(?:else|more)|wait\s+(?:\d+\s+years?|forever|for\s+(?:ever|years|decades))|hold\w*\s+(?:it\s+|them\s+)?(?:until|till|to)\s+the\s+(?:last|final)\s+(?:bar|day|close|date|row)(?!\s+of\b))\b(?!\s+(?:until|till|unless|while|when|if)\s+(?!the\s+(?:data|end|sample|test|period|back-?test)\b))`,
);

/**
 * Holding told as the position left alone, in a negated imperative: "don't touch it", "do not sell it ever", "we
 * won't trade it at all", "don't time it" (the market timing given up), "never look back"; or told plainly: "let it
 * ride", "hands-off", "no trades after the initial purchase", "buy AGG, then nothing". Not when a condition follows
 * ("don't sell it until the RSI tops 70") or the verb has its own object ("don't touch the 200-day").
 */
const LEFT_ALONE =
  /\b(?:don'?t|do\s+not|never|won'?t|will\s+not|wouldn'?t|shouldn'?t|no\s+need\s+to)\s+(?:ever\s+|again\s+)?(?:touch|sell|trade|time|tinker\s+with|mess\s+with|rebalance|look\s+at|check(?:\s+on)?)\s+(?:it|them|anything|the\s+(?:position|market|shares?|holding))(?:\s+(?:again|ever|at\s+all|afterwards?|after\s+that))?\b(?!\s+(?:until|till|unless|when|whenever|if|before|while|once|except|but)\b)|\b(?:never|don'?t|do\s+not)\s+look\s+back\b(?!\s+(?:more|further|over|beyond|than|at|on|\d))|\blet\s+(?:it|them|the\s+(?:position|shares?|money))\s+(?:ride|sit|be)\b(?!\s+(?:until|till|unless|when|whenever|if|while|as\s+long\s+as)\b)|\bhands[\s-]+off\s+(?:baseline|benchmark|portfolio|approach|investing|investment|holding|version)\b|\bno\s+(?:more\s+|further\s+|other\s+)?(?:trades|trading|selling|sales|orders)\s+(?:after|beyond|besides)\s+(?:the\s+|that\s+)?(?:initial|first|original|opening)\s+(?:purchase|buy|entry|trade|order)\b|\bthen\s+nothing\b(?!\s+(?:until|till|unless|when|whenever|if|before|while)\b)/;

/**
 * Held to the end of the data told by the data's own end: "hold it until the data runs out", "keep it till the data
 * ends", "hold until the last available day", "own it until the history stops".
 */
const TO_DATA_END =
  /\b(?:hold|holds|holding|held|keep|keeps|keeping|kept|own|owns|owning)\s+(?:(?:it|them|the\s+(?:position|shares?|stock|fund))\s+)?(?:until|till|til|to)\s+(?:the\s+)?(?:(?:data|history|series|sample|prices?)\s+(?:ends?|runs?\s+out|stops?|is\s+over|finish(?:es)?)|(?:last|final)\s+(?:available|possible|recorded)\s+(?:day|bar|date|close|row))\b/;

/**
 * A spec's position taken at the start and never closed: "fully long from the first bar, no exits", "invested in
 * TLT from day one with no exit rule", "long EEM from the opening bar; exits: none", "in from the start of the
 * sample, never flat", or held from the first bar to the last outright. The start alone ("long from the first
 * bar the cross fires") or the missing exit alone ("no exits yet") is no buy and hold.
 */
const FROM_START = String.raw`\bfrom\s+(?:the\s+)?(?:very\s+)?(?:first|1th|1st|opening|initial|earliest)\s+(?:bar|day|close|session|trading\s+day|date|row|candle|print|observation)\b|\bfrom\s+(?:day|bar|row)\s+(?:one|1|zero|0)\b|\bfrom\s+(?:the\s+)?(?:start|outset|beginning|inception|get[\s-]go)\b(?:\s+of\s+the\s+(?:data|sample|test|back-?test|history|series|period))?`;
const TAKEN_AT_START = new RegExp(
  String.raw`\bentry(?:\s+rule)?\s*[:=]\s*(?:at\s+)?(?:the\s+)?(?:(?:open|close)\s+of\s+the\s+)?(?:first|1th|1st|opening|initial)(?:\s+available)?\s+(?:bar|day|close|session|trading\s+day)\b|(?:\b(?:long|invested|in|held|hold|holding|bought|buy|own|owned|owning|allocated|exposed|position(?:ed)?)\b|\b100\s*%)(?:\s+[\w$%.-]+){0,4}?\s+(?:${FROM_START})(?!\s+(?:that|where|when|after|once|the\s+\w+\s+(?:fires|crosses|triggers))\b)`,
);
const NO_EXIT =
  /\bno\s+(?:exits?|exit\s+(?:rule|signal|condition)s?|sell(?:s|ing)?|sales?|flat\s+periods?)\b(?!\s+(?:yet|other\s+than|except|besides|but)\b)|\bwithout\s+(?:an?\s+|any\s+)?(?:exits?|selling)\b|\bnever\s+(?:exits?|sells?|goes\s+flat|flat|out)\b|\bexits?(?:\s+rule)?\s*(?:[:=]|are|is)\s*(?:none|never|n\/a|(?:at\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?:data|sample|test|back-?test|period|history)|(?:at\s+)?the\s+(?:last|final)\s+(?:bar|day|close|session))\b/;
const FIRST_TO_LAST =
  /\bfrom\s+the\s+(?:first|1th|1st)\s+(?:bar|day|close|session)\s+(?:to|until|till|through)\s+the\s+(?:last|final)(?:\s+(?:bar|day|close|session))?\b(?!\s+of\b)/;

/** Holding from the first bar to the last; "beat buy and hold" names the benchmark, not the strategy. */
export function buyAndHold(r: Reading): Candidate | null {
  if (performanceQuestion(r))
    return {
      name: "buy_and_hold",
      // Above a momentum guess from "performance over the last 20 years"; any rule's own words are ruled out above.
      score: NAMED,
      params: {},
      reason: "the text asks how the symbol did over a span, with no rule: buy and hold over it",
    };
  const benchmark = r.has(
    /(?:beat\w*|beaten|outperform\w*|versus|vs\.?|against|compared (?:to|with)|than|relative to)\s+(?:a\s+|the\s+|plain\s+|simple\s+)*buy[\s-]and[\s-]hold/,
  );
  // Holding for ever, never out, said in so many words, beats a weak or inferred indicator guess from a stray word
  // ("hold it forever, never trade" is no 200-day rule); a named rule ("golden cross, never sell") still wins.
  // A ticket says it with an empty exit: "Exit: never", "Exit: none, held until the end of the data". Told
  // indirectly: "without selling", "leave it there untouched", "the do-nothing benchmark", "keeping it all the period",
  // "buy X on day one and do nothing else", "buying X on the first day of 2005 and sitting on it".
  const forever =
    r.has(
      /\b(?:hold|holding|keep|keeping|kept|held|own|owning)\b(?:\s+[\w$']+){0,3}?\s+(?:forever|indefinitely|for good)\b|\bnever[\s-](?:(?:i|we|you)\s+)?(?:exit|sell|sold|trade|touch)\w*|\b(?:hold|holding|keep|keeping|own|owning)\s+(?:it|them)\s+(?:always|for\s+ever|all\s+the\s+time)\b|\balways\s+(?:hold|keep|own)\s+(?:it|them)\b|\bnot selling\b|\bwithout (?:ever |to |any |a )?(?:selling|sell|sale|to sell)\b|\b(?:leave|leaves|leaving|left|keep|keeping|kept)\s+(?:it|them|the (?:money|position|shares?|stake))\s+(?:there\s+|in\s+)?untouched\b|\bdo[\s-]nothing (?:benchmark|baseline|strategy|portfolio|approach)\b|\b(?:keep|keeping|kept|hold|holding|held)\s+(?:it|them)\s+(?:for\s+)?(?:all|the whole|the entire|the full)\s+(?:the\s+)?(?:period|time|sample|test|history)\b|\bbuying[\s-]+and[\s-]+holding\b|\bexit\s*:\s*(?:never|none|no exit|n\/a(?![\w/])|nothing)\b|\b(?:buy|buys|bought|buying|purchase|purchased|purchasing)\s+(?:[\w$'.-]+\s+){0,10}?and\s+(?:then\s+)?(?:(?:do|does|doing|did)\s+nothing(?:\s+else|\s+more)?|(?:just\s+|simply\s+)?(?:sit|sits|sitting|sat)\s+on\s+(?:it|them))\b|\bhold\w*\s+(?:it\s+|them\s+)?(?:to|until|till)\s+the\s+end\s+of\s+the\s+(?:sample|data|test|period|back-?test|history)\b|\b(?:hold|holds|holding|held|keep|keeps|keeping|kept)\s+(?:it|them|the\s+(?:position|shares?|stock|fund))?\s*(?:(?:simply|just|only|always|then|quietly|all\s+the\s+way)\s+)?(?:to|until|till|up\s+to|through)\s+the\s+(?:very\s+)?(?:end|finish|last\s+(?:day|bar|date))\b(?!\s+of\b)/,
    ) ||
    r.has(LEFT_ALONE) ||
    r.has(TO_DATA_END) ||
    (r.has(TAKEN_AT_START) && r.has(NO_EXIT)) ||
    r.has(FIRST_TO_LAST);
  // Against buy and hold with no selling said ("compare everything against plain buy and hold on GLD, no selling
  // at all") is the benchmark asked for itself.
  const unsold = forever || r.has(/\bno (?:selling|sells|trading|exit)\b|\bnever (?:sell|sold|exit)\w*/);
  if (
    (benchmark && !unsold) ||
    (!forever &&
      !r.has(BOUGHT_THEN_NOTHING) &&
      !r.has(UNTOLD) &&
      !r.has(
        /buy[\s-]+(?:and|n|&|'n'?|an)[\s-]+hold|never (?:sell|touch|trade)|no (?:trading|selling)|(?:long|hold|held|invested) (?:for )?the (?:whole|entire|full) (?:period|sample|time)|held to the end|set[\s-]and[\s-]forget|(?:buy|bought|buying|purchased?) (?:[\w$-]+ ){0,4}once\b(?! (?:a|every|each|per|more|again|it|the)\b)|(?:held|hold|invested|long|in the market) at all times|always (?:invested|long|in the market)|\baccumulate\b|\bb ?& ?h\b|\bhodl\w*|\bpassive\b|never sell|(?:never|didn'?t|did not|wouldn'?t have) (?:sold|sell)\b|(?:held|kept|hold|keep|sat on) (?:(?:it|them|on|on to it|on to them|the (?:shares?|stock|position))\s+)?(?:ever |all the way )?since\b|\b(?:just|simply|merely) (?:hold|held|holding|own|owned|owning|kept|keep|keeping|sat on|sitting on)\b|\b(?:held|hold|holding|owned|own|owning|kept|keep) (?!(?:a |an |the |my |our )?(?:diary|journal|logs?|notes|records?|spreadsheet|blog|list|tally|track|count)\b)(?:[\w$'.-]+ ){1,5}(?:since|from) (?:(?:19|20)\d\d|inception|(?:its |the )?(?:ipo|listing|launch|start|beginning))\b|(?:bought|buying|purchased) (?:[\w$'.-]+ ){0,5}and (?:just |simply |then )?(?:held|kept|sat on|forgot)\b|hold (?:[\w']+ ){0,3}(?:forever|indefinitely|for good|for the long run)|sit on (?:it|them)|(?:buy|own) (?:[\w']+ ){0,3}and (?:hold|forget|wait|sit tight|do nothing)/,
      ))
  )
    return null;
  return {
    name: "buy_and_hold",
    score: forever || r.has(BOUGHT_THEN_NOTHING) ? INFERRED + 1 : WEAK,
    params: {},
    reason: "the text asks for buy and hold: in at the first bar, never out",
  };
}
