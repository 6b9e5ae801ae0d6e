import { SHEET } from "./reading/code/spreadsheet.ts";
import { symbolCorrections } from "./reading/symbol-corrections.ts";

/**
 * Capitalised words that are not tickers: indicator and rule abbreviations ("RSI", "TOM" for turn of the month),
 * trading words written in capitals ("BUY and HOLD"), and other acronyms a trader writes ("CEO", "GPT", "ETF").
 */
const NOT_TICKERS = new Set(
  (
    "RSI SMA EMA MACD ETF ETFS USD AND OR THE MA A I ON DAY BB ATR CAGR US UK EU BUY SELL HOLD LONG SHORT VS DMA " +
    "ROC ADX OBV CCI VWAP TTM GEM EPS PE CEO CFO IPO ATH ATL TOM TSMOM SAR DM TA AI ML LLM GPT NN FOMC CPI GDP NFP " +
    "FED IV HV SD STD Z NYSE NASDAQ OK LOL IMO IMHO YOLO WSB HODL FOMO DCA FYI BTW TLDR NOT IF THEN ELSE WHEN AT " +
    "MY IN OF TO BE IS IT NO DD PM AM EOD EOM TAA QE RSI2 BBANDS SMAS EMAS MAS TP SL PNL ROI YTD MTD QTD EST UTC CLI " +
    "API JSON CSV NAV AUM PEG ROE FCF DIY LMAO ALL ANY " +
    // Email and forum words, credentials, and other abbreviations a trader writes in capitals.
    "ASAP PS RE FW FWD NB TIA THX AKA ETA FAQ CFA CMT PHD MBA CPA OHLC HOD LOD YOY MOM MOMO GTAA PSAR BBW CTA HFT " +
    "NLP EOW " +
    // Spreadsheet functions written in capitals ("H = MAX(close over the previous 100 rows)").
    "MAX MIN SUM AVG STDEV ABS " +
    // Code constants written in capitals (MQL's NULL, Python's None spelt loud, SQL's TRUE, R's NA).
    "NULL NAN NONE TRUE FALSE NA " +
    // Exchanges, named before a listing ("NSE:SBIN") or as the market ("on the LSE").
    "NSE BSE LSE XETRA XETR TSE TSX ASX HKEX AMEX ARCA"
  ).split(" "),
);

/**
 * English written loud: a message's greetings, sign-offs and labels ("HELLO team", "NOTE:", "TODO:", "THANKS"),
 * words shouted for emphasis ("BELOW 30", "ALWAYS on the close", "buy on STRENGTH") and trading words in capitals.
 * Like STATISTICS they give way to a "$" ("$TEAM" is a listing).
 */
const LOUD = new Set(
  (
    "HI HEY HELLO DEAR SIR TEAM PLEASE PLS PLZ THANKS THANK TY REGARDS CHEERS BEST NOTE TODO FIXME EDIT UPDATE " +
    "UPDATED URGENT IMPORTANT WARNING REMINDER QUESTION HELP INFO ATTN ASK OP TBH IDK IIRC AFAIK NGL RN ABOVE " +
    "BELOW UNDER OVER ONLY ALWAYS NEVER MUST EXACTLY STRICTLY BEFORE AFTER AGAINST WITH WITHOUT FROM INTO THIS " +
    "THAT WHAT WHY HOW YES YOU WE OUR BUT JUST VERY REALLY NEW NEXT LAST FIRST STRENGTH WEAKNESS CROSS CROSSES " +
    "CROSSOVER BREAKOUT STRATEGY SIGNAL ENTRY EXIT STOP RULE RULES TREND MOMENTUM BULLISH BEARISH OVERSOLD " +
    "OVERBOUGHT BOLLINGER DONCHIAN KELTNER STOCHASTIC ICHIMOKU SUPERTREND AVERAGE MOVING INDEX STOCK STOCKS " +
    "PRICE CLOSE DAILY WEEKLY MONTHLY BACKTEST TEST OUT FLAT " +
    // A ticket's or note's headings ("SUMMARY: RSI 14 …", "SETUP: 20 day breakout").
    "SUMMARY CONTEXT GOAL IDEA SETUP DETAILS BACKGROUND OBJECTIVE REQUEST PROBLEM ISSUE RESULT RESULTS ASSET " +
    "TICKER SYMBOL MARKET TIMEFRAME PERIOD PARAMS PARAMETERS CONDITIONS FILTER SETTINGS TASK STEP " +
    // … and the words a rule's numbers follow when shouted ("LOOKBACK 252", "HOLDING 10 days", "AROUND 30").
    "AROUND ROUGHLY APPROX ABOUT BETWEEN WITHIN MINIMUM MAXIMUM LOOKBACK WINDOW LENGTH THRESHOLD LEVEL LEVELS " +
    "HOLDING CAPITAL BUDGET YEARS MONTHS WEEKS DAYS BARS " +
    // … and after a preposition ("in GENERAL", "of COURSE", "for EXAMPLE", "on MONDAYS").
    "GENERAL COURSE EXAMPLE INSTANCE ADDITION PARTICULAR PRINCIPLE THEORY PRACTICE REALITY FACT TOTAL MONDAY " +
    "TUESDAY WEDNESDAY THURSDAY FRIDAY MONDAYS FRIDAYS CASH PAPER REAL LIVE"
  ).split(" "),
);

/**
 * Statistics and econometrics abbreviations a quant writes in capitals ("a rolling OLS hedge", "ADF test on the
 * spread", "GARCH vol"): methods, not tickers. Unlike NOT_TICKERS they give way to a "$" ("$VAR" is a ticker).
 */
const STATISTICS = new Set(
  (
    "OLS WLS GLS TLS ADF KPSS VAR VECM ECM ARIMA ARMA GARCH EGARCH ARCH EWMA PCA ICA SVD MLE GMM HMM KNN SVM " +
    "LDA RMSE MSE MAE MAPE AIC BIC IID CDF PDF CAPM"
  ).split(" "),
);

/**
 * Symbols named in the concept, in order of first appearance and each once: "$aapl" in any case, a ticker written
 * in capitals ("SPY", "BRK.B", "BTC-USD", "RELIANCE.NS", "7203.T", "NSE:SBIN"), a long one where a symbol stands
 * ("on HDFCBANK"), a capital letter or two after "on"/"for" ("on F"), and either side of a pair ("KO vs PEP",
 * "XOM/CVX"). Company, index and asset names ("Apple", "the S&P 500") and English in capitals are not symbols.
 */
export function findSymbols(said: string, known: ReadonlySet<string> = new Set()): string[] {
  // A symbol the writer corrected ("on TSLA, sorry, NVDA") is not read (reading/corrections.ts).
  const concept = symbolCorrections(
    said,
    (w) => w.length > 1 && !NOT_TICKERS.has(w) && !STATISTICS.has(w) && !LOUD.has(w),
  );
  const hits: Array<[number, string]> = [];
  // A capitalised name the text assigns as a statement ("HI = MAX(…); LO = MIN(…)") is the code's variable.
  const assigned = new Set(
    [...concept.matchAll(/(?:^|[;\n])\s*([A-Z][A-Z0-9]{0,4})\s*:?=(?!=)/g)].map((m) => m[1]!),
  );
  // A package the code loads (R `library(TTR)`, `require(PerformanceAnalytics)`, Python `import QuantLib`, Julia
  // `using MarketData`, `from TA import …`) names software, not an instrument.
  const packages = new Set(
    [...concept.matchAll(PACKAGE)].flatMap((m) =>
      (m[1] ?? m[2] ?? m[3])!.split(/\s*,\s*/).map((p) => p.split(".")[0]!),
    ),
  );
  const push = (s: string, at: number, dollar = false) => {
    const symbol = s.toUpperCase();
    if (!dollar && (assigned.has(s) || packages.has(s))) return;
    // A ticket's or issue's id ("TICKET BT-2291 |", "JIRA-88:"): capitals joined by a hyphen to a number name a
    // document, not an instrument.
    if (!dollar && /^-\d/.test(concept.slice(at + s.length))) return;
    // A spreadsheet's cell, a column's letters and a row's number ("in D300", "from C11"), not a listing: tickers
    // with digits carry an exchange's suffix ("EXW1.DE") or are all digits ("7203.T").
    if (!dollar && /^[A-Z]{1,3}\d+$/.test(s)) return;
    // A word in capitals right before a bracket is a function's name (Excel's COUNT(, STDEV.S(, ROUND(), not a
    // listing: a ticker is what a call is given ("close(SPY)", "ROC(QQQ, 126)").
    if (!dollar && concept[at + s.length] === "(") return;
    if (!NOT_TICKERS.has(symbol) && (dollar || (!STATISTICS.has(symbol) && !LOUD.has(symbol))))
      hits.push([at, symbol]);
  };
  // Yahoo Finance's own syntax, which the market-data downloads use, read whole: an index "^GSPC", "^N225"; a
  // future "CL=F"; a currency "EURUSD=X", "JPY=X" (its parts, "CL", "JPY", are not read beside it).
  for (const m of concept.matchAll(
    /(?<![\w$&/.^=-])(\^[A-Z0-9]{2,8}|(?=[A-Z0-9]*[A-Z])[A-Z0-9]{1,8}=[XF])(?![\w&=^])/g,
  ))
    push(m[1]!, m.index, true);
  // A currency pair in capitals, "EUR/USD", "USDJPY", "GBP-USD": Yahoo's "EURUSD=X". A crypto coin against a
  // currency, "BTC/USD", is Yahoo's "BTC-USD". (Numbers, "50/200", are never a pair.)
  for (const m of concept.matchAll(
    /(?<![\w$&/.^=-])([A-Z]{3})(\s*\/\s*|-|)([A-Z]{3,4})(?![\w&=^]|[./-][A-Za-z])/g,
  )) {
    const [a, b] = [m[1]!, m[3]!];
    if (FIAT.has(a) && FIAT.has(b) && a !== b) push(`${a}${b}=X`, m.index, true);
    else if (COINS.has(a) && QUOTES.has(b) && m[2]!.trim() === "/") push(`${a}-${b}`, m.index, true);
  }
  // … in lower case only with a slash between two currencies: "gbp/usd".
  for (const m of concept.matchAll(/(?<![\w$&/.^=-])([a-z]{3})\s*\/\s*([a-z]{3})(?![\w&=^/])/g)) {
    const [a, b] = [m[1]!.toUpperCase(), m[2]!.toUpperCase()];
    if (FIAT.has(a) && FIAT.has(b) && a !== b) push(`${a}${b}=X`, m.index, true);
  }
  // A name joined by "&", NSE's "M&M", "J&KBANK" (not "S&P", "P&L", "R&D" and other words written so).
  for (const m of concept.matchAll(/(?<![\w$&/.^=-])([A-Z]{1,4}&[A-Z][A-Z0-9]{0,8})(?![\w&]|[.-][A-Za-z])/g))
    if (!AMPERSAND_WORDS.has(m[1]!) && !/^S&P/.test(m[1]!)) push(m[1]!, m.index, true);
  // (Not R's accessor "bb$dn": a "$" right after a name or bracket is code.)
  for (const m of concept.matchAll(/(?<![\w)\]])\$([A-Za-z][A-Za-z]{0,11}(?:[.-][A-Za-z]{1,4})?)\b/g))
    push(m[1]!, m.index + 1, true);
  // A word in capitals with a class or currency suffix ("BRK.B", "BTC-USD"); "S&P" and "P/E" are not tickers.
  for (const m of concept.matchAll(/(?<![\w$&/.-])([A-Z]{2,5}(?:[.-][A-Z]{1,4})?)(?![\w&/]|[.-][A-Za-z])/g))
    push(m[1]!, m.index);
  // Listings outside the US with an exchange's suffix, digits too ("RELIANCE.NS", "BMW.DE", "VOD.L", "7203.T",
  // "0700.HK"), or a chart's exchange prefix ("NSE:SBIN", "LSE:VOD").
  for (const m of concept.matchAll(
    /(?<![\w$&/.-])((?:[A-Z][A-Z0-9&]{0,11}(?:-[A-Z]{2,8})?|\d{3,6})\.(?:NS|BO|L|DE|F|T|HK|PA|AS|MI|SW|TO|V|AX|SS|SZ|KS|KQ|ST|OL|CO|HE|MC|BR|LS|SA|SI|TW|NZ|VI|IL|IR|WA))(?![\w&/]|[.-][A-Za-z])/g,
  ))
    push(m[1]!, m.index);
  for (const m of concept.matchAll(
    /\b(?:NSE|BSE|LSE|XETRA|XETR|TSE|TSX|ASX|HKEX|EURONEXT|NYSE|NASDAQ|AMEX|ARCA)\s*:\s*([A-Z][A-Z0-9&]{0,11})\b/g,
  ))
    push(m[1]!, m.index + m[0].length - m[1]!.length);
  // A long symbol in capitals ("HDFCBANK", "TATAMOTORS", "RELIANCE": NSE's run to ten letters) where a symbol
  // stands: after "on"/"for"/"in"/… or before "stock"/"shares". Anywhere else a long capitalised word is English
  // written loud ("PLEASE", "IMPORTANT").
  const long = [...concept.matchAll(/(?<![\w$&/.:-])([A-Z][A-Z0-9&]{5,11})(?![\w&]|[.:-][A-Za-z0-9])/g)];
  const standing = (m: RegExpExecArray) => {
    const near = concept.slice(Math.max(0, m.index - 30), m.index);
    const before = /([A-Za-z]+)\s+(?:the\s+)?$/.exec(near)?.[1];
    return (
      (before !== undefined && SYMBOL_BEFORE.test(before)) ||
      LABEL_BEFORE.test(near) ||
      // After the company's name, in parentheses: "HDFC Bank (HDFCBANK)", "Tata Motors (TATAMOTORS, NSE)".
      (/\(\s*$/.test(near) && /^\s*[),]/.test(concept.slice(m.index + m[0].length))) ||
      SYMBOL_AFTER.test(concept.slice(m.index + m[0].length))
    );
  };
  for (const m of long) if (standing(m)) push(m[1]!, m.index);
  // … and the rest of a list or a pair beside a symbol: "on RELIANCE, INFY and HDFCBANK", "HDFCBANK vs ICICIBANK".
  for (const m of long) {
    const partner =
      /(?:^|[^\w$&/.-])\$?([A-Z][A-Z0-9&]{0,11}(?:\.[A-Z]{1,2})?)\s*(?:,|\band|\bor|\bvs\.?|\bversus|\bagainst|&|\/)\s*$/.exec(
        concept.slice(0, m.index),
      );
    if (partner && hits.some(([, h]) => h === partner[1])) push(m[1]!, m.index);
    const pair = /^\s*(?:vs\.?|versus|against|\/)\s*\$?([A-Z][A-Z0-9&]{1,11})\b/.exec(
      concept.slice(m.index + m[0].length),
    );
    if (pair && ![pair[1]!, m[1]!].some((w) => NOT_TICKERS.has(w) || LOUD.has(w))) {
      push(m[1]!, m.index);
      push(pair[1]!, m.index + m[0].length + pair[0].length - pair[1]!.length);
    }
  }
  // ("in T-bills": a capital joined by a hyphen to a lower-case word is a word, not the ticker T.)
  // ("sell on C > MA10": a one-letter price field, C O H L V, beside a comparison is the price, not a ticker.)
  // (In a spreadsheet, "closes in B", "Z-score in C": a letter or two after "in"/"of" is a column.)
  // (Asked only when such a letter is found: the spreadsheet test reads the whole text.)
  let sheet: boolean | undefined;
  const isSheet = () => (sheet ??= SHEET.test(concept));
  for (const m of concept.matchAll(
    /\b(?:on|for|in|of|trading|using)\s+(\^?[A-Z][A-Z0-9.]{0,5})\b(?!-[a-z]|[&=])/g,
  ))
    if (
      !PRICE_FIELD.test(concept.slice(m.index + m[0].length - m[1]!.length)) &&
      !(/^[A-Z]{1,2}$/.test(m[1]!) && /^(?:in|of)\b/i.test(m[0]) && isSheet())
    )
      push(m[1]!, m.index + m[0].length - m[1]!.length);
  // Two tickers side by side: "KO vs PEP", "XOM/CVX", "SPY and GOOG", "GOOG or AAPL" (not "P/E"). The second is
  // read ahead, so it can start the next pair ("KO and XOM/CVX"); the suffix of "SOL-USDT" starts none.
  for (const m of concept.matchAll(
    /(?<![\w.-])([A-Z]{2,5})\s*(?:\bvs\.?|\bversus\b|\/|\band\b|\bor\b|\bagainst\b)\s*(?=(\$?)([A-Z]{1,5})\b)/g,
  )) {
    push(m[1]!, m.index);
    push(m[3]!, m.index + m[0].length + m[2]!.length);
  }
  // Tickers in parentheses after the companies' names, "Visa vs Mastercard (V / MA)": once one of the two is no
  // abbreviation of ours, both are symbols (MA is a moving average elsewhere, a ticker beside V).
  for (const m of concept.matchAll(
    /\(\s*\$?([A-Z]{1,5}(?:\.[A-Z])?)\s*(?:\/|\bvs\.?|\bversus\b|\band\b|&|,|-)\s*\$?([A-Z]{1,5}(?:\.[A-Z])?)\s*\)/g,
  )) {
    const [a, b] = [m[1]!, m[2]!];
    if (NOT_TICKERS.has(a) && NOT_TICKERS.has(b)) continue;
    // "bitcoin (BTC-USD)", "Berkshire (BRK-B)": one instrument in parentheses, read whole above.
    if (/^\(\s*\$?[A-Z.]+-[A-Z]+\s*\)$/.test(m[0]) && (QUOTES.has(b) || b.length === 1)) continue;
    hits.push([m.index + m[0].indexOf(a), a], [m.index + m[0].lastIndexOf(b), b]);
  }
  // Code: a frame's column named by its ticker, `df.KO`, `px.SPY.pct_change(252)` (not a module's member,
  // `ta.RSI`, `vbt.MA.run`: those are abbreviations of ours or start with a capital-and-lower name).
  for (const m of concept.matchAll(/(?<![\w.])([a-z_][a-z0-9_]*)\.([A-Z][A-Z0-9]{0,4})\b(?![\w(]|\.run\b)/g))
    if (!CODE_MODULES.has(m[1]!)) push(m[2]!, m.index + m[1]!.length + 1);
  const columns = new Set<number>();
  const fieldColumns: Array<{ at: number; name: string; owner: string }> = [];
  const tickerFrames = new Set<string>();
  // Code: a column named in a string subscript, `close["V"]`, `px['MA']`, `data["BRK-B"]`, or a quoted list handed
  // to a download or named as the tickers (`yf.download(["V", "MA"])`, `tickers = ['KO', 'PEP']`). A column the code
  // assigns (`df["SMA"] = …`) is its own; an abbreviation of ours is a ticker only in a price frame (`px["MA"]`).
  for (const m of concept.matchAll(
    /([\w)\]])(?:\.loc)?\[\s*(?::\s*,\s*)?(['"])(\^?[A-Z][A-Z0-9]{0,9}(?:[.-][A-Z0-9]{1,4}|=[XF]|&[A-Z]{1,6})?)\2\s*\]/g,
  )) {
    const name = m[3]!;
    const owner = /(\w+)\W*$/.exec(concept.slice(Math.max(0, m.index - 20), m.index + 1))?.[1] ?? "";
    const assignedColumn = new RegExp(`\\[\\s*['"]${name.replace(/[.^=&-]/g, "\\$&")}['"]\\s*\\]\\s*=(?!=)`);
    if (assignedColumn.test(concept)) {
      columns.add(m.index + m[0].indexOf(name));
      continue;
    }
    if (COLUMN_WORDS.has(name)) {
      fieldColumns.push({ at: m.index + m[0].indexOf(name), name, owner });
      continue;
    }
    const ours = NOT_TICKERS.has(name) || STATISTICS.has(name) || LOUD.has(name);
    if (!ours || PRICE_FRAMES.test(owner)) {
      hits.push([m.index + m[0].indexOf(name), name]);
      tickerFrames.add(owner);
    }
  }
  // `np.log(df['HD'])` beside `np.log(df['LOW'])`: a price field's name in capitals, subscripted on a frame whose
  // other columns are tickers, is one more ticker of that frame (Lowe's, "LOW"); else it is the field.
  for (const f of fieldColumns) {
    if (tickerFrames.has(f.owner)) hits.push([f.at, f.name]);
    else columns.add(f.at);
  }
  // A list hands over every ticker; a call's bare first argument is its one symbol (the next is a timeframe:
  // `request.security("V", "D", close)`).
  for (const m of concept.matchAll(
    /\b(?:(?:download|security|ticker|getsymbols|get_data_yahoo|datareader|symbol|history|fetch_ohlcv|quandl)\s*\(\s*(?:c\s*\(\s*|\[\s*)?|(?:tickers|symbols|universe|assets|pair)\s*(?:=|<-)\s*(?:c\s*)?[[(]\s*)((?:['"][^'"\n]{1,16}['"]\s*,?\s*){1,12})/gi,
  ))
    for (const q of [
      ...m[1]!.matchAll(/(['"])(?:[A-Z]+:)?(\^?[A-Z][A-Z0-9]{0,9}(?:[.-][A-Z0-9]{1,4}|=[XF])?)\1/g),
    ].slice(
      0,
      /(?:(?:=|<-)\s*(?:c\s*)?\(|\[|\bc\s*\()\s*$/.test(m[0].slice(0, m[0].length - m[1]!.length)) ? 12 : 1,
    ))
      hits.push([m.index + m[0].indexOf(q[0]) + q[0].indexOf(q[2]!), q[2]!]);
  for (const m of concept.matchAll(/\b([A-Za-z]{1,5})\b/g))
    if (known.has(m[1]!.toUpperCase()) && m[1] === m[1]!.toUpperCase()) push(m[1]!, m.index);
  // A symbol with a suffix ("BTC-USD") is one symbol, not also its parts: a hit inside a longer one's span goes.
  const whole = hits.filter(
    ([at, s]) =>
      !columns.has(at) &&
      !hits.some(([a, t]) => t.length > s.length && a <= at && at + s.length <= a + t.length),
  );
  const found: string[] = [];
  for (const [, symbol] of splitSpreads(whole, concept).sort((x, y) => x[0] - y[0]))
    if (
      !found.includes(symbol) &&
      !found.some((f) => f.startsWith(`${symbol}-`) || f.startsWith(`${symbol}.`))
    )
      found.push(symbol);
  const kept = found.filter(
    (s) => !found.some((f) => f !== s && (f.startsWith(`${s}-`) || f.startsWith(`${s}.`))),
  );
  // "RSI(2) on SPY minus the VIX filter": a symbol named only as a filter the text leaves out is not traded.
  const setAside = kept.filter((s) => {
    const at = [
      ...concept.matchAll(new RegExp(`(?<![\\w$^])\\$?${s.replace(/[.^=&-]/g, "\\$&")}(?![\\w])`, "g")),
    ];
    return (
      at.length > 0 &&
      at.every(
        (m) =>
          LEFT_OUT.test(concept.slice(Math.max(0, m.index - 30), m.index)) &&
          FILTER_AFTER.test(concept.slice(m.index + m[0].length)),
      )
    );
  });
  return setAside.length && setAside.length < kept.length ? kept.filter((s) => !setAside.includes(s)) : kept;
}

/** Words that leave out what follows them ("minus the", "without its", "ignoring the"). */
const LEFT_OUT =
  /\b(?:without|w\/o|minus|sans|no|excluding|ignor(?:e|es|ing)|skip(?:ping)?|drop(?:ping)?|stripped\s+of|leaving\s+aside|not\s+using)\s+(?:the\s+|its\s+|his\s+|their\s+|any\s+|a\s+)?$/i;
/** A symbol used as a filter or a regime signal, not traded: "the VIX filter", "SPY regime filter". */
const FILTER_AFTER =
  /^\s+(?:(?:trend|regime|volatility|vol)\s+)?(?:filters?|overlays?|confirmation|conditions?|switch)\b/i;

/** A package loaded by code: a call of R's loaders, or a line that is only an import (a REPL's prompt before it). */
const PACKAGE =
  /\b(?:library|require|requireNamespace)\s*\(\s*["']?([\w.]+)["']?\s*\)|^[ \t]*(?:julia>|>>>)?[ \t]*(?:(?:import|using)[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)(?:[ \t]+as[ \t]+\w+)?[ \t]*;?[ \t]*$|from[ \t]+([\w.]+)[ \t]+import\b)/gm;

/** Words after which a symbol stands, in lower case or opening a sentence ("on HDFCBANK", "Trading RELIANCE"). */
const SYMBOL_BEFORE =
  /^(?:[Oo]n|[Ff]or|[Ii]n|[Oo]f|[Tt]rading|[Uu]sing|[Tt]rade|[Tt]est|[Bb]acktest|[Bb]uy|[Ss]ell|[Hh]old|[Oo]wn|[Ss]hort|[Ll]ong|[Tt]icker|[Ss]ymbol|[Ss]tock|[Ss]hares|[Ss]crip)$/;

/**
 * After a symbol: its possessive ("RELIANCE's 200-day"), a noun of a listing ("TATAMOTORS stock"), or the rule's
 * numbers or indicator, a label's colon between ("HDFCBANK: RSI 14 below 30", "TATASTEEL 50 day breakout").
 */
const SYMBOL_AFTER =
  /^(?:'s\b|\s+(?:stock|shares?|share price|equity|futures|chart|scrip)\b|:?\s+(?:\d|(?:rsi|macd|sma|ema|dma|bb|bollinger|donchian|golden|death|z-?score|crossover|breakout|channel|momentum)\b))/i;

/** A label naming the symbol: "Ticker: HDFCBANK", "instrument = TATAPOWER", "Underlying: RELIANCE". */
const LABEL_BEFORE = /\b(?:ticker|symbol|instrument|asset|underlying|security|scrip|stock)s?\s*[:=]\s*$/i;

/** A one-letter price field (close, open, high, low, volume) compared: "C > MA200", "H>=H[1]", "V crosses …". */
const PRICE_FIELD = /^[COHLV]\s*(?:[<>=!]|\[|crosses\b)/;

/** Columns a frame names in capitals that are prices or dates, not tickers (`df["CLOSE"]`, `bars["DATE"]`). */
const COLUMN_WORDS = new Set("CLOSE OPEN HIGH LOW VOLUME ADJ PRICE PX DATE TIME OHLC OHLCV".split(" "));
/** Frames of prices, whose columns are tickers whatever their letters (`px["MA"]`, `close["V"]`). */
const PRICE_FRAMES = /^(?:close|closes|px|prices?|adj_?close|data|quotes|bars)$/i;

/** Modules whose capitalised members are functions or constants, not a frame's ticker columns. */
const CODE_MODULES = new Set([
  "ta",
  "np",
  "pd",
  "bt",
  "ind",
  "vbt",
  "talib",
  "math",
  "strategy",
  "timeframe",
  "color",
  "sm",
  "plt",
]);

/** Quote currencies: after a hyphen they make one instrument ("BTC-USD", "ETH-USDT"), not a pair of two. */
const QUOTES = new Set("USD EUR GBP JPY CHF CAD AUD USDT USDC BUSD DAI BTC ETH".split(" "));

/** ISO codes of the currencies Yahoo quotes as pairs ("EURUSD=X"). */
const FIAT = new Set(
  "USD EUR GBP JPY CHF CAD AUD NZD SEK NOK DKK CNY CNH HKD SGD INR MXN ZAR TRY BRL KRW PLN".split(" "),
);
/** Crypto coins Yahoo quotes against a currency with a hyphen ("BTC-USD"). */
const COINS = new Set("BTC ETH SOL XRP ADA DOGE LTC BNB DOT AVAX LINK MATIC".split(" "));
/**
 * Words written with "&" that are no listing: profit and loss, buy and hold, point and figure, and companies'
 * names (AT&T, P&G, J&J: their tickers are T, PG, JNJ).
 */
const AMPERSAND_WORDS = new Set(
  "P&L R&D Q&A M&A B&H P&F T&C H&S B&B AT&T S&L P&G J&J H&M M&S A&P B&Q".split(" "),
);

/**
 * Text that speaks of two legs: a spread, a pair, a ratio or hedge between them, one against the other, or a long
 * and a short side.
 */
const LEGS =
  /\b(?:spreads?|pairs?|ratio|cointegrat\w*|hedg\w*|versus|vs\.?|against|relative value|long\b[^.;]{0,60}\bshort)\b/i;

/**
 * Two tickers joined by a hyphen ("XLE-XOP spread", "GLD-SLV") are a pair, A and B, when the text speaks of two
 * legs or both are US-sized (four letters at most); otherwise the hyphen is part of one listing's name, as NSE and
 * Yahoo write "BAJAJ-AUTO". A hyphen before a
 * quote currency ("ETH-USD") or a one-letter class ("BRK-B") always keeps one symbol.
 */
function splitSpreads(hits: Array<[number, string]>, concept: string): Array<[number, string]> {
  const legs = LEGS.test(concept);
  return hits.flatMap(([at, symbol]): Array<[number, string]> => {
    const m = /^([A-Z]{2,5})-([A-Z]{2,5})$/.exec(symbol);
    // English joined by a hyphen, "BUY-HOLD", "LONG-ONLY", "EOD-DATA": no listing.
    if (m && !QUOTES.has(m[2]!) && [m[1]!, m[2]!].some((w) => NOT_TICKERS.has(w) || LOUD.has(w))) return [];
    const short = m !== null && m[1]!.length <= 4 && m[2]!.length <= 4;
    if (!m || !(legs || short) || QUOTES.has(m[2]!)) return [[at, symbol]];
    return [
      [at, m[1]!],
      [at + m[1]!.length + 1, m[2]!],
    ];
  });
}
