import { chatHeaders, NOTES } from "./notes.ts";

/**
 * A long message states its rule among context: the writer's story, money, age, how long they have traded and how
 * much data they have (issue 14, held-out-36). Only numbers attached to the rule's indicator or condition may
 * bind, so the context's numbers are taken out of the normalised text before it is tokenised, each replaced by a
 * word no reader takes ("ctx"); a background sentence about an earlier approach ("Background: …", "Tried Keltner
 * channels for a year …") is dropped whole when another sentence goes on to state the rule. Years are kept in the
 * text (a buy-and-hold question reads "since 2005") and left out by the tokeniser instead (tokens.ts).
 */
const N = String.raw`\d+(?:\.\d+)?`;
/** A day of the year as month/day: "11/28", "3/5". */
const DAY = String.raw`(?:1[0-2]|0?[1-9])\/(?:3[01]|[12]\d|0?[1-9])`;

const CONTEXT: RegExp[] = [
  // Money: "$18k", "$10,000", "about $90k", "500 dollars".
  /\$\s?\d[\d,]*(?:\.\d+)?\s*(?:k|m|mm|bn|million|thousand)?\b/g,
  new RegExp(String.raw`\b${N}\s*(?:k\s+)?(?:dollars|bucks|usd|euros?|eur)\b`, "g"),
  // The writer's time: "maybe 10 hours a week for this", "2 hrs per day", "30 minutes each morning".
  new RegExp(
    String.raw`\b${N}\s*(?:hours?|hrs?|minutes?|mins?)\s+(?:a|per|each|every)\s+(?:week|day|month|morning|evening|night|weekend)\b`,
    "g",
  ),
  // A reference number: "Ticket #48213", "case 10472", "ref: 5531", "#90210" (three digits or more, so a code
  // comment's "# 20-day SMA" keeps its period).
  /(?<![\w#])#\d{3,}\b(?![\s-]*(?:days?|weeks?|months?|bars?|periods?|sessions?|d\b))/g,
  /\b(?:ticket|case|ref|reference|invoice|issue|bug|incident|claim|request|jira|pr)\s*(?:#|no\.?|nr\.?|number|num|id)?\s*[:.]?\s*#?\d{3,}\b/g,
  // Age: "I'm 58", "I am 58", "58 years old".
  new RegExp(String.raw`\b(?:i'?m|i am|aged?)\s+${N}(?=\s*(?:[,.;!?]|and\b|years?\s+old\b|$))`, "g"),
  new RegExp(String.raw`\b${N}\s+years?\s+old\b`, "g"),
  // The writer's experience and data, told by the writer ("I used RSI for two years", "and have for about 8 years";
  // not "up for 12 months" or "held for 6 months", a rule's span), "4 years now", "15 years of data",
  // "only six months of data", "since 1987" stays a year (tokens.ts).
  new RegExp(
    String.raw`(?<=\b(?:i|i've|ive|i'd|we|we've)\b[^.;!?]{0,60})(?<!\b(?:up|down|positive|negative|higher|lower|rising|falling|above|below|gained|risen|fallen|held|hold|holding|it|them)\s+)\bfor\s+(?:about\s+|around\s+|nearly\s+|almost\s+|roughly\s+|some\s+|over\s+)?${N}\s+(?:years?|months?)\b(?!\s+(?:return|lookback|window|average|high|low|momentum|sma|ema))`,
    "g",
  ),
  new RegExp(String.raw`\b${N}\s+(?:years?|months?)\s+now\b`, "g"),
  new RegExp(
    String.raw`\b${N}\s+(?:years?|months?|weeks?)\s+of\s+(?:data|history|price\s+data|paper\s+trading|experience|trading|live\s+trading)\b`,
    "g",
  ),
  // Counts of people and things that are no setting: "about 400 subscribers", "indicators with 10 settings".
  new RegExp(
    String.raw`(?<![\d/.,:-]\s*)\b${N}\s+(?:subscribers|readers|followers|members|people|clients|customers|students|users|friends|kids|children|settings|knobs|accounts|posts|books|chapters|exchanges|brokers|brokerages|platforms|venues|wallets|bots|servers|monitors|screens|desks|teams|offices|countries)\b`,
    "g",
  ),
  // A count of averages, not a period: "a crossover of 2 exponential averages", "two moving averages crossing" (a
  // plural noun after a one-digit number; "2 EMA" or "a 3-day average" stay periods).
  /\b[234](?=\s+(?:(?:exponential(?:ly)?|simple|moving|weighted|smoothed|plain|different|separate|distinct|rolling)\s+){0,3}(?:averages|emas|smas|mas|dmas|lines)\b)/g,
  // Counts of ideas and things asked for or talked about: "37 other ideas", "a test of 3 different setups", "5 more
  // strategies" (a plural noun no period sizes).
  new RegExp(
    String.raw`(?<![\d/.,:-]\s*)\b${N}\s+(?:(?:other|different|separate|distinct|more|new|possible|candidate)\s+){0,2}(?:ideas|setups|strategies|systems|rules|tests|variants|variations|approaches|indicators|tickers|stocks|names|etfs|funds|questions|trades|backtests|experiments|things|options|candidates|alternatives|versions|pages|messages|emails)\b`,
    "g",
  ),
  // Software and its versions, no setting: "v0.8.2", "1.12.0", "Ubuntu 22.04", "Node 20", "Python 3.11".
  /\bv\d+(?:\.\d+)+\b|\b\d+\.\d+\.\d+\b/g,
  new RegExp(
    String.raw`\b(?:ubuntu|debian|fedora|centos|rhel|windows|macos|osx|os\s+x|ios|android|python|py|node(?:\.?js)?|npm|pnpm|yarn|deno|bun|java|jdk|ruby|rustc|pandas|numpy|chrome|firefox|excel|postgres(?:ql)?|mysql|redis|docker|version|ver|release)\s+v?${N}(?:\.\d+)*\b(?![\s-]*(?:days?|weeks?|months?|bars?|periods?|sessions?|-day)\b)`,
    "g",
  ),
  // The writer's career, no setting: "12 years in the sector", "9 years as an analyst", "after 20 years of work",
  // "spent 6 years trading".
  new RegExp(
    String.raw`\b${N}\s+years?\s+(?=(?:as\s+(?:a|an)|in\s+(?:the\s+|this\s+|my\s+)?(?:sector|industry|business|field|banking|finance|markets?|trading|game|city|job|army|navy)|working|at\s+(?:a|an|the)\s+(?:bank|fund|firm|desk|broker\w*)|of\s+(?:work|service|career))\b)`,
    "g",
  ),
  new RegExp(
    String.raw`(?<=\b(?:spent|worked|working|been\s+(?:trading|investing|working))\s+(?:about\s+|almost\s+|nearly\s+|over\s+|some\s+)?)${N}\s+years?\b`,
    "g",
  ),
  // A streak a condition holds, no period: "under 10 for 4 days in a row", "3 straight sessions", "5 consecutive
  // closes" (no rule of the library counts a streak).
  new RegExp(
    String.raw`\b${N}\s+(?:(?:(?:straight|consecutive|successive)\s+(?:days|sessions|bars|closes|weeks))|(?:days|sessions|bars|closes)\s+(?:in\s+a\s+row|straight|running))\b`,
    "g",
  ),
  // Money in thousands without its sign: "budget approved at 40k", "a 25k account" (no setting is written so).
  new RegExp(String.raw`\b${N}k\b`, "g"),
  // A line's numbering: "3. Next meeting" (a list's "2)" is read by `numbering`).
  /(?<=(?:^|\n)\s*)\d{1,2}(?=\.\s+[a-z])/g,
  // A backtest's hoped-for result: "if the Sharpe comes out above 1", "a Sortino over 2" is no rule level.
  new RegExp(
    String.raw`\b(?:sharpe|sortino|calmar|cagr|win\s+rate|profit\s+factor)(?:\s+ratio)?\b[^.;!?\d]{0,30}?\b(?:above|over|below|under|at\s+least|exceeds?|beats?|of\s+at\s+least|>=?|<=?)\s*-?${N}`,
    "g",
  ),
  // Meeting notes' and tickets' own numbers: head counts, budgets, due dates, the next meeting (notes.ts).
  ...NOTES,
];

const MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*";
/**
 * When the writer tried the rule, not a season: "I paper traded it from March to September", "ran it live from May
 * through August". The months are taken out, so the seasonal reader never sees them.
 */
const TRIED_SPAN = new RegExp(
  String.raw`\b((?:paper[\s-]?)?(?:traded|tested|ran|run|tracked|followed|forward[\s-]tested|backtested)\s+(?:it|this|that|them|the\s+rule|the\s+system)?\s*(?:live\s+|on\s+paper\s+)?(?:from|between)\s+)${MONTH}(\s+(?:to|through|thru|until|till|and)\s+)${MONTH}\b`,
  "g",
);

/**
 * A sentence telling an earlier approach, not the rule: "Background: …", "Tried Keltner channels for a year …"; one
 * that buys or sells itself ("Used the 200-day for timing: buy above it") is kept.
 */
const BACKGROUND = /^(?:background\b|(?:i\s+)?(?:tried|used|tested)\s+(?:[\w-]+\s+){1,4}for\b)/;
const STATES_RULE = /\b(?:buy|buying|sell|selling|enter|entering|exit|exiting|long|rule)\b/;
/**
 * An earlier rule the writer tried and judged, before the one to test: "ok so i tried the 50/200 sma cross and it
 * was way too slow for me. switching to exponential: 20 ema crossing over the 50 ema to get in …". Dropped only when
 * another sentence states a rule (a crossing, getting in or out, buying or selling).
 */
const TRIED_JUDGED =
  /^(?:(?:ok|okay|so|well|first|previously|before|earlier|recently|yesterday|last\s+(?:year|month|week|time|quarter)|a\s+(?:while|few\s+\w+|couple\s+of\s+\w+)\s+ago|in\s+the\s+past|earlier\s+this\s+\w+)[\s,]+)*(?:i|i've|ive|we|we've)\s+(?:already\s+)?(?:tried|used|tested|ran|was\s+using|were\s+using|have\s+tried|had\s+tried|gave|have\s+given|experimented\s+with|played\s+with|looked\s+at|checked)\b[^.!?]*\b(?:too\s+\w+|didn't|did\s+not|wasn't|was\s+not|isn't|is\s+not|failed|lost|gave\s+up|whipsaw\w*|underperformed|sucked|terrible|awful|useless|different|not\s+(?:quite\s+|really\s+|exactly\s+|at\s+all\s+)?(?:the\s+same|what\s+(?:i|we)|right|it))\b/;
/**
 * A value the writer judges and turns down, not the one to test: "The 14 periods is too slow for me", "the default
 * 20 days feels way too long". Dropped like a judged rule when another sentence states the rule.
 */
const VALUE_JUDGED =
  /^(?:(?:but|and|also|i\s+think|honestly|imo)[\s,]+)*(?:the\s+|that\s+|a\s+)?(?:(?:default|standard|usual|normal|classic|common)\s+)?\d+[\s-]*(?:periods?|days?|bars?|sessions?|weeks?|settings?|one|length)?\s+(?:(?:rsi|ema|sma|ma|average|window|setting|version)\s+)?(?:is|are|was|were|feels?|seems?|looks?|'s)\s+(?:just\s+|really\s+|way\s+|much\s+|a\s+(?:bit|little)\s+|kind\s+of\s+)?too\s+(?:slow|fast|laggy|long|short|sluggish|noisy|late|jumpy|twitchy)\b/;
/**
 * A sentence that sets the request apart from an earlier rule: "This is different from the Donchian rule I ran last
 * month.", "It's not the same as the MACD template.", "The RSI template you suggested wasn't what I had in mind.",
 * "Stochastics never worked for me."
 * Dropped like a judged one when another sentence states the rule.
 */
const SET_APART =
  /^(?:the\s+)?(?:[\w-]+\s+){0,3}(?:never|didn't|did\s+not|doesn't|does\s+not|don't|do\s+not|won't)\s+(?:really\s+|ever\s+|quite\s+)?work(?:s|ed)?\b|^(?:(?:this|it|that|mine|what\s+i\s+(?:want|need|mean))\s+(?:is|'s)?\s*(?:quite\s+|very\s+|a\s+bit\s+|something\s+)?(?:different\s+(?:from|than|to)|not\s+(?:quite\s+|really\s+|exactly\s+)?(?:the\s+same\s+(?:thing\s+)?as|like))|unlike)\b|^(?:the|your|that|this)\s+(?:[\w-]+\s+){0,3}(?:template|rule|setup|strategy|system|version|preset|one)\b[^.!?]*\b(?:wasn't|was\s+not|isn't|is\s+not|didn't|did\s+not|not\s+(?:quite\s+|really\s+|exactly\s+)?(?:the\s+same|what\s+(?:i|we)))\b/;
/**
 * A rule someone else gave, which the writer turns down for another: "my advisor said to sell in May. I'd now rather
 * hold VTI above its 10-month SMA", "a friend swears by the MACD, but I want the 50/200 cross". The reported rule is
 * dropped (its sentence, or its clause before "but") when the writer states a preference for another.
 */
const REPORTED =
  /\b(?:said|says|told|tells|telling|suggested|suggests|recommended|recommends|swears\s+by|swore\s+by|advised|advises|pushes|pushed|keeps\s+(?:saying|pushing|recommending))\b/;
const PREFERS =
  /\b(?:i'd|i\s+would|we'd|we\s+would|i|we)\s+(?:now\s+|much\s+|really\s+|still\s+)?(?:rather|prefer|instead|want|need|would\s+like|'d\s+like)\b|\binstead\b|\brather\b/;
const REPORTED_BUT = new RegExp(
  String.raw`(^|[.!?;]\s+)[^.!?;]*?${REPORTED.source}[^.!?;]*?,?\s+but\s+(?=${PREFERS.source})`,
  "g",
);

/**
 * A sentence that withdraws an earlier request: "P.S. ignore my earlier email about the Donchian thing.", "Please
 * disregard the MACD ticket from Monday." Dropped when another sentence states the rule. ("Scratch that, make it 30"
 * is a correction, read by corrections.ts, and so is a value scratched: "scratch the 14, go with 9".)
 */
const WITHDRAWN =
  /^(?:p\.?\s?s\.?\s*|ps:?\s*|also,?\s*|oh,?\s*|and\s+)?(?:please\s+|pls\s+|kindly\s+)?(?:ignore|disregard|forget(?:\s+about)?|scratch|drop|cancel|never\s*mind)\b(?![\s,]+(?:that|it|this|the\s+last|what\s+i)\b|\s+(?:the\s+)?-?\d)/;

/** An order in the judged sentence itself ("I tried buying below 30 and it failed") keeps it. */
const ORDERS = /\b(?:buy|buying|sell|selling|enter|entering|exit|exiting)\b/;
const OTHER_RULE =
  /\b(?:buy|buying|sell|selling|enter|entering|exit|exiting|long|rule|hold|holding|crossover|(?:golden|death)\s+cross|rsi|macd|z-?score|bollinger|donchian|(?:back)?test|what\s+(?:i|we)\s+(?:want|need)|switching\s+to|get\s+(?:in|out)|cross(?:es|ing)?\s+(?:over|above|under|below))\b/;

/**
 * A rule named only to set the request apart from it: "the 12 and the 26, same numbers as MACD, but the plain lines
 * crossing, not the MACD signal line", "a z-score rule rather than Bollinger bands", "unlike the RSI version". The
 * phrase is taken out when the rest of the text still names a rule to read; one with its own kind after it ("not the
 * Bollinger squeeze, the plain one", "not RSI(14)") is left to the readers of that kind.
 */
const NAMED_APART =
  /\b(?:not|rather\s+than|instead\s+of|unlike|other\s+than|as\s+opposed\s+to|(?:the\s+)?same\s+(?:numbers|settings|periods|values|parameters|inputs|lengths)\s+as(?:\s+(?:in|for|on))?|different\s+(?:from|than))\s+(?:(?:the|a|an|with|any|my|your)\s+)?(?:macd|rsi|bollinger|donchian|stochastics?)\b(?:\s+(?:signal\s+line|signal|line|lines|histogram|bands?|channel|indicator|one|version|rule|template|crossover|cross))?(?![\s-]*(?:squeeze|breakouts?|width|bandwidth|%b|percent|zero|centerline|divergence|pullbacks?|filter|\(|\d))/g;
const STILL_A_RULE =
  /\b(?:emas?|smas?|(?:moving\s+)?averages?|crossover|macd|rsi|bollinger|bands?|donchian|breakout|z-?score|momentum|seasonal\w*|pairs?)\b/;

/**
 * A date by the day and month, after what happens on it or with its year: "meeting notes 11/28", "next call
 * 12/5", "due by 3/15", "on fri 10/20", "11/28/2026", "the 4/2 call" (a setting's "12/26/9" or "50/200" is none of
 * these).
 */
const DATE = new RegExp(
  String.raw`(?<=\b(?:meeting|notes|minutes|call|calls|standup|stand-up|sync|recap|review|agenda|dated|due|deadline|by|since|until|till|today|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b[\s:,]*(?:(?:on|of)\s+)?)${DAY}(?!\d|[./]\d)|\b${DAY}\/(?:19|20)\d\d\b|(?<![\d/.])${DAY}(?=\s+(?:meeting|call|standup|stand-up|sync|review|email|e-mail|notes|minutes|deadline)\b)`,
  "g",
);

/**
 * A count of a list in parentheses after it, the number of its items: "Present: Jo, Raj, Kim (3)", "SPY, QQQ and
 * IWM (3)".
 */
const LIST_COUNT = /((?:[a-z][\w'.&-]*(?:\s*,\s*(?:and\s+)?|\s+and\s+))+[a-z][\w'.&-]*)\s*\((\d)\)/g;
const counted = (text: string) =>
  text.replace(LIST_COUNT, (whole, list: string, n: string) =>
    list.split(/\s*,\s*(?:and\s+)?|\s+and\s+/).length === Number(n)
      ? whole.replace(/\(\d\)$/, "(ctx)")
      : whole,
  );

/**
 * A list's numbering, "1) Budget approved. 2) Raj wants …": a number closing a bracket that none opened (not
 * "rsi(2)", "(3)" or "bb (20, 2)").
 */
function numbering(text: string): string {
  let depth = 0;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    const item = depth === 0 && /^\d{1,2}\)(?!\))/.exec(text.slice(i));
    if (item && !/[\w.,-]$/.test(text.slice(0, i))) {
      out += "ctx)";
      i += item[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * A change told as a story: "we said 6 months at first, then agreed on 12 months", "Sam originally asked for the
 * 150-day, then changed it to the 200-day". The values before the change are dropped when as many are stated after it
 * ("first wrote 8 and 21, then corrected the fast one to 9" is a correction of one, read by corrections.ts).
 */
const CHANGED =
  /([^.;:!?,]*?)(\b(?:at\s+first|originally|initially|first)\b)([^.;!?]*?)(\bthen\s+(?:(?:we|he|she|they|i|it|was|were)\s+)?(?:agreed|settled|changed|switched|moved|went|bumped|decided|updated|landed|raised|lowered|cut)\b)([^.;!?]*)/g;
const STORY_VALUE = /(?<![\w.])\d+(?:\.\d+)?(?![\d.])/g;
const changed = (text: string) =>
  text.replace(CHANGED, (whole, pre: string, mark: string, mid: string, verb: string, now: string) => {
    // The old values stand in the marker's clause, before it ("we said 6 months at first") or after it.
    const old = `${pre} ${mid}`.match(STORY_VALUE) ?? [];
    if (old.length === 0 || old.length !== (now.match(STORY_VALUE) ?? []).length) return whole;
    const drop = (part: string) => part.replace(STORY_VALUE, "ctx");
    return `${drop(pre)}${mark}${drop(mid)}${verb}${now}`;
  });

export function contextNumbers(text: string): string {
  // (A date goes whole: "ctx/ctx" would read as two symbols' pair.)
  // A chat log's headers first: their times are no settings, and each starts a message of its own.
  let out = changed(numbering(counted(chatHeaders(text).replace(DATE, "ctx"))));
  for (const re of CONTEXT)
    out = out.replace(re, (whole) => whole.replace(/-?\$?\d[\d,.]*(?:k|mm|m|bn)?\b/g, "ctx"));
  const apart = out.replace(NAMED_APART, " ");
  if (apart !== out && STILL_A_RULE.test(apart)) out = apart;
  out = out.replace(TRIED_SPAN, "$1ctx$2ctx");
  out = out.replace(REPORTED_BUT, "$1");
  const sentences = out.split(/(?<=[.!?])\s+(?=[a-z"'(])/);
  if (sentences.length < 2) return out;
  const kept = sentences.filter(
    (s, k) =>
      !(
        (BACKGROUND.test(s) &&
          !STATES_RULE.test(s) &&
          sentences.some((o, j) => j !== k && STATES_RULE.test(o))) ||
        ((TRIED_JUDGED.test(s) || SET_APART.test(s) || WITHDRAWN.test(s) || VALUE_JUDGED.test(s)) &&
          !ORDERS.test(s) &&
          sentences.some((o, j) => j !== k && OTHER_RULE.test(o))) ||
        (REPORTED.test(s) &&
          !PREFERS.test(s) &&
          sentences.some((o, j) => j !== k && PREFERS.test(o) && OTHER_RULE.test(o)))
      ),
  );
  return kept.join(" ");
}
