/**
 * Signals that are not in the market data (daily prices and volume): news, sentiment, people's trades,
 * fundamentals and valuation, options, macro releases, forecasts by a model, the sky. A text built on one of them
 * is refused rather than run as whatever price rule a stray word of it suggests.
 */
export const OUTSIDE_DATA =
  /\b(news|headlines?|sentiment|reddit|twitter|tweets?|social media|stocktwits|wallstreetbets|wsb|yolo|meme stocks?|insiders?|congress\w*|senators?|politicians?|earnings|(?<!\b(?:for|to|dear|hi|hey|ask|tell|attention|attn:?)\s+(?:the\s+|our\s+|my\s+|an\s+|a\s+)?)analysts?(?!\s*:|\s+(?:days?|hours?|time|budget|team|headcount|resources?|capacity)\b)|upgrades?|downgrades?|dividends?|fundamentals?|astrolog\w*|horoscopes?|moons?|mercury|planets?|retrograde|weather|p\/e|pe ratio|price[\s-]to[\s-](?:earnings|book|sales)|valuations?|book value|market cap\w*|short interest|short squeeze|gamma squeeze|open interest|options flow|options (?:trad\w*|strateg\w*|chains?)|(?:buy|sell|selling|buying|writ\w*) (?:\S+ ){0,2}(?:calls|puts|options)|\d+[\s-]delta|iron condors?|straddles?|strangles?|implied volatility|(?<!\b(?:positive|negative|left|right|return|returns|fat|tail|some|of) )skew|put[\s/-]call|advance[\s-]decline|breadth|mcclellan|13f|ipos?|unemployment|jobless claims|\bnfp\b|\bgdp\b|yield curve|(?:\d+-year|bond|treasury) yields?|term structure|futures curve|contango|backwardation|gpt|chatgpt|llms?|language models?|machine learning|lstm|random forests?|xgboost|forecast\w* (?:the )?(?:returns?|prices?)|predict\w* (?:the )?(?:returns?|prices?)|neural (?:net|network)s?|deep learning|ai model|filings?|10-k|10-q|balance sheets?|revenue|\broe\b|return on equity|profit margins?|\beps\b|debt|fomc|fed (?:meetings?|days?|decisions?)|cpi|jobs report|payrolls|elections?|rate (?:hikes?|cuts?)|risk parity|60\/40|all[\s-]weather portfolio|aaii|surveys?|bull[\s-]bear|credit spreads?|(?:yield|term|ted|oas|high[\s-]yield|junk|swap) spreads?|head and shoulders|cup and handle|double (?:top|bottom)s?|(?:bull|bear) flags?|wedges?|pennants?)\b/;

/**
 * Where the idea was read, not what it trades on: "someone posted … on Reddit", "a Reddit r/investing comment",
 * "saw this on Twitter", "saw in a tweet", "Reddit says", "r/algotrading" (the wider shapes; sourceOnly below reads
 * each outside word in its place). "Trending on Reddit", "Reddit mentions", "Twitter sentiment" stay data.
 */
const SOURCE =
  /\b(?:posted|saw|seen|read|found|shared|spotted|heard|got|picked up|learned)\b[^.;:!?]{0,60}?\b(?:on|from|in|at|via)\s+(?:the\s+|a\s+|an\s+|this\s+)?(?:reddit|twitter|stocktwits|wallstreetbets|wsb|social media|tweet)\b|\b(?:reddit|twitter|stocktwits|wallstreetbets|wsb)\s+(?:r\/[\w-]+\s+)?(?:comments?|posts?|threads?|users?|posters?|replies|reply|answers?|discussions?)\b|\b(?:reddit|twitter|stocktwits|wallstreetbets|wsb|a tweet)\s+(?:says|said|suggests|suggested|recommends|recommended|claims|claimed|swears)\b|\b(?:reddit\s+)?r\/[\w-]+/g;

/**
 * Outside data the rule depends on: in a text of several sentences, only the sentences that state a rule (buy,
 * sell, enter, exit, when, if, signal, trade …) count, so chatter around a buried rule ("blew up an account on meme
 * stocks … which broker for a retirement account?") does not refuse a plain price rule told between it. A
 * research note's outcome ("Expected: short holding periods, positive skew") states no rule, and a word naming
 * where the idea came from or whom the text is for ("posted on Reddit:", "a Reddit comment", "For the analyst:")
 * is not a signal (sourceOnly).
 */
export function ruleOutsideData(text: string): RegExpExecArray | null {
  // (Where the idea was read, in the shapes SOURCE names, is taken out first.)
  const told = text.replace(SOURCE, " ");
  const sentences = told.split(/(?<=[.?!])\s+/);
  for (const s of sentences) {
    if ((sentences.length > 1 && !RULE_WORDS.test(s)) || OUTCOME.test(s)) continue;
    // Within a sentence of several, only a clause that states a condition or an order counts: "I finally paid off my
    // debt in 2020", "I reinvest dividends by hand in my IRA" are the writer's life. A text of one sentence names its
    // signal in a clause of its own ("train an LSTM …; long if the forecast > 0", "earnings momentum with a 3-month
    // lookback"): there only the writer's own clause beside a stated rule is left out ("My dividends go to my
    // IRA, so test RSI(2) under 10 …").
    const clauses = s.split(CLAUSES);
    const ruled = clauses.some((c) => CONDITION_WORDS.test(c) && !signalOutside(c));
    for (const clause of clauses) {
      const life =
        !CONDITION_WORDS.test(clause.replace(WRITER_TRADING, " ")) &&
        (sentences.length > 1 ||
          (ruled && /\b(?:i|i'm|i've|i'd|me|my|we|we're|we've|our|us)\b/.test(clause)));
      const m = signalOutside(clause);
      // An instruction that turns the outside data into the series the rule reads ("score every headline with a
      // sentiment model, buy when the score …", "run the tweets through a classifier") is the signal, not the
      // writer's life, whatever else the text says around it.
      if (life && !(m && MEASURED.test(clause))) continue;
      if (m) return m;
    }
  }
  return null;
}
/**
 * The writer's own history of trading, no condition: "I started trading in 2021 … and lost half on meme stocks",
 * "we've been swing trading since college", "I got into options trading last year".
 */
const WRITER_TRADING =
  /\b(?:i|we|i've|we've|i'm|we're|i\s+have|we\s+have|i\s+had|we\s+had)\s+(?:(?:just|only|first|been|started|start|began|begun|stopped|quit|got\s+into|took\s+up|was|were|also)\s+){1,2}(?:(?:day|swing|paper|options|live|forex|crypto|stock)\s+)?trading\b/g;
/**
 * A clause that computes a series from outside data: an imperative of measuring at its start ("score every news
 * headline …", "classify the tweets …", "count Reddit mentions …"), or the data fed to a model, score or feed
 * ("with a sentiment model", "the news sentiment score", "a headline feed").
 */
const MEASURED =
  /^\W*(?:(?:first|then|and|please|just|now)\s+)*(?:score|rate|classify|label|measure|compute|calculate|count|scrape|parse|collect|aggregate|average|rank|tag|run|feed|pipe|pass)\b|\b(?:news|headlines?|sentiment|tweets?|reddit|twitter|social media|stocktwits)\s+(?:model|classifier|scores?|feeds?|index|indices|api|analy[sz]er)\b/;
/** Clauses of a sentence: at commas and semicolons, and before "so", "but", "because", "since", "although". */
const CLAUSES = /[,;]|\s(?=(?:so|but|because|since|although|though)\s)/;
/** Words of a condition or an order (not a bare "in" or "out", which a story has too). */
const CONDITION_WORDS =
  /\b(?:buy\w*|bought|sell\w*|sold|enter\w*|entry|exit\w*|long|short\w*|when|whenever|if|once|after|before|unless|while|during|around|signals?|trad(?:e|es|ing)|hold\w*|held|own|avoid\w*|filter\w*|based|using|use|driven|weight\w*|rotate\w*|above|below|over|under|cross\w*|positive|negative|rises?|falls?|beats?|misses?|surprises?|strateg\w*|rule|go(?:es)? (?:to )?cash)\b/;
const RULE_WORDS =
  /\b(?:buy\w*|sell\w*|enter\w*|entry|exit\w*|long(?!-)|short(?![\s-]+(?:term|holding|version|periods?|lived|list))\w*|when|whenever|if|once|signals?|trad(?:e|es|ing)|rotate\w*|hold\w*|go(?:es)? (?:to )?cash|out|in)\b/;
/** A sentence stating what the writer expects or found, not the rule: "Expected: …", "Result: …". */
const OUTCOME =
  /^\W*(?:expected|expectation|expect|results?|outcome|prediction|conclusion|finding|findings)\b\s*[:—-]/;

/** The first outside-data word of a sentence that is a signal, not only the idea's source or audience. */
function signalOutside(sentence: string): RegExpExecArray | null {
  const all = new RegExp(OUTSIDE_DATA.source, "g");
  for (const m of sentence.matchAll(all)) if (!sourceOnly(sentence, m.index, m[0].length)) return m;
  return null;
}

/** A portfolio's allocation, outside the market data as a strategy, but possibly the writer's own account. */
const ALLOCATIONS = /^(?:60\/40|risk parity|all[\s-]weather portfolio)$/;
/** People and sites that may be where an idea was read, or whom a note is for, rather than a signal. */
const SOURCES =
  /^(?:reddit|twitter|tweets?|social media|stocktwits|wallstreetbets|wsb|analysts?|news|insiders?)$/;
/**
 * The outside word is where the idea came from or whom the text is for: "posted on Reddit:", "saw this on Twitter,",
 * "a Reddit comment", "Reddit r/investing post", "For the analyst:". "Trending on Reddit", "analyst upgrades",
 * "Reddit mentions spike" are signals and do not match.
 */
function sourceOnly(sentence: string, at: number, length: number): boolean {
  const word = sentence.slice(at, at + length);
  // "the bond part of my 60/40 portfolio", "our risk parity book", "beat a 60/40": the writer's own allocation, where
  // the rule's money sits, or a benchmark, not the signal ("test a 60/40 portfolio" asks for the allocation itself).
  if (ALLOCATIONS.test(word)) return allocationContext(sentence.slice(Math.max(0, at - 60), at));
  if (!SOURCES.test(word)) return false;
  const before = sentence.slice(Math.max(0, at - 40), at);
  const after = sentence.slice(at + length, at + length + 40);
  // "she's the one reading the news at 2 a.m.", "watching the news all day": a person's habit, not a signal.
  if (/\b(?:reading|watching|following|checking|read|watch|follow|check)\s+(?:the\s+)?$/.test(before))
    return true;
  // "For the analyst:", "on Reddit:", "from Twitter," — a heading, an addressee or a source set off by punctuation.
  if (
    /\b(?:for|to|from|on|via|at|in)\s+(?:the\s+|our\s+|my\s+|an?\s+|some\s+)?$/.test(before) &&
    /^\s*[:,—–]/.test(after) &&
    !/\b(?:trending|mentioned|mentions|popular|hyped|hot|talked about|discussed)\s+(?:on|in)\s+$/.test(before)
  )
    return true;
  // "posted on Reddit", "saw it on Twitter", "read in the news that someone uses …".
  if (
    /\b(?:posted|saw|seen|read|found|shared|spotted|heard|got)\b[^.;:]{0,25}\b(?:on|in|from)\s+(?:the\s+)?$/.test(
      before,
    )
  )
    return true;
  // "a Reddit comment", "Reddit r/investing post", "a WSB user's idea".
  return /^\s*(?:r\/\w+\s+)?(?:comments?|posts?|threads?|users?|posters?|commenters?|forums?|subs?|tips?|ideas?)\b/.test(
    after,
  );
}

/**
 * An allocation the writer holds or measures against, not the one asked for: "the bond part of my 60/40
 * portfolio", "in the equity sleeve of our 60/40", "my risk parity book", "I run a 60/40 mix", "beat a 60/40
 * portfolio". The rule stated
 * beside it trades one of its assets; "backtest a 60/40 portfolio" or "risk parity across SPY and TLT" stay refused.
 */
function allocationContext(before: string): boolean {
  return /(?:\b(?:my|our|your|his|her|their|the\s+(?:client|fund|firm|family)'?s?)\s+(?:[\w-]+\s+){0,2}|\b(?:hold|holds|holding|run|runs|running|have|has|own|owns|manage|manages|managing|keep|keeps)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,1}|\b(?:part|parts|sleeve|side|half|portion|share|leg|slice|bucket|allocation|piece)\s+of\s+(?:the\s+|a\s+|an\s+|my\s+|our\s+|your\s+|their\s+)?(?:[\w-]+\s+){0,1}|\b(?:beat|beats|beating|beaten|outperform\w*|versus|vs\.?|against|than|benchmark(?:ed)?(?:\s+(?:against|to))?|compared\s+(?:to|with))\s+(?:the\s+|a\s+|an\s+|plain\s+|simple\s+|classic\s+|standard\s+|boring\s+)*)$/.test(
    before,
  );
}

/**
 * A spread of data we do not have ("the AAII bull-bear spread", "the put/call spread", "credit spreads widen",
 * "the 10y-2y yield spread"): an outside series, not the price spread of two symbols, however strongly "spread"
 * names the pairs rule.
 */
export const OUTSIDE_SPREAD =
  /\b(?:aaii|surveys?|sentiment|bull[\s-]bear|bulls?[\s-](?:minus|less)[\s-]bears?|put[\s/-]call|credit|yield|term|ted|oas|high[\s-]yield|junk|swap|treasury|bond|breadth|advance[\s-]decline)(?:\s+(?!spread)[\w/-]+){0,3}\s+spreads?\b|\bspreads?\s+(?:of|between|in)\s+(?:the\s+)?(?:aaii|surveys?|sentiment|bulls?|put|credit|yields?|treasur\w+|bonds?|rates?)\b/;

/**
 * An indicator applied to something of the writer's own ("a moving average of my coffee intake", "RSI of our
 * team's mood") or to any thing that is no market's ("the RSI of a cat's purring"): a possessive or indefinite
 * object that names no price, series, asset or span is not in the market data. Only the
 * object right after the indicator counts, so "golden cross in my IRA" or "RSI(2) with my 10k account" still
 * read as rules on the symbol traded.
 */
const PERSONAL =
  /\b(golden cross|death cross|crossover|cross|moving averages?|averages?|sma|ema|ma|rsi|macd|bollinger(?: bands?)?|bands?|z[\s-]?score|momentum|breakout|donchian(?: channels?)?)(?:\s*\(\s*\d+\s*\))?\s+(?:of|on|for)\s+((?:my|our|your|his|her|their|a|an)\s+[^,.;:!?]+)/;
/** Words that make the possessive object a market series: "of my portfolio", "on our SPY position". */
const MARKET_OBJECT =
  /\b(?:prices?|close[sd]?|closing|opens?|highs?|lows?|volumes?|stocks?|shares?|equit(?:y|ies)|portfolios?|positions?|holdings?|accounts?|funds?|etfs?|index(?:es)?|indices|spreads?|pairs?|charts?|watchlists?|tickers?|symbols?|baskets?|trades?|p&l|pnl|returns?|nav|coins?|crypto\w*|bitcoin|btc|eth|investments?|401k|ira|book|futures|bonds?|currenc(?:y|ies)|fx|forex|securit(?:y|ies)|assets?|series|data|periods?|windows?|lengths?|days?|weeks?|months?|years?|bars?|sessions?|trends?|moves?|rall(?:y|ies)|sectors?|markets?|compan(?:y|ies)|commodit(?:y|ies)|gold|silver|oil|metals?|rates?|yields?|fast|slow|faster|slower|shorter|longer|averages?|ranges?|channels?|bands?|levels?)\b/;
/** The object ends at the next clause: "my coffee intake over my hours of sleep" → "my coffee intake". */
const OBJECT_END =
  /\s+(?:over|against|vs\.?|versus|and|then|when|if|to|crosses|crossing|goes|is|was|above|below|under)\s+/;

export function personalObject(text: string): { indicator: string; object: string } | null {
  const m = PERSONAL.exec(text);
  if (!m) return null;
  const object = m[2]!.split(OBJECT_END)[0]!.trim();
  if (MARKET_OBJECT.test(object) || /\$|[a-z]*\d/.test(object)) return null;
  // "The golden cross of a fast and a slow average", "the breakout of a range": a cross or a breakout "of a …" names
  // its parts, not the series it runs on; only an indicator computed on a series is read against its object.
  if (/^an?\s/.test(object) && /cross|breakout|donchian|momentum/.test(m[1]!)) return null;
  return { indicator: m[1]!, object };
}
