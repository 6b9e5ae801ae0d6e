import { describe, expect, it } from "vitest";
import { readProgram } from "../src/resolver/reading/code/program.ts";
import { matchRule, normalise } from "../src/resolver/reading/code/unify.ts";
import { readCode } from "../src/resolver/reading/code.ts";
import { resolveStrategy } from "../src/resolver/resolve.ts";
import { parseRule, show } from "../src/rules/parse.ts";

// Strategies pasted as code, in snippets written for this test (none is in a phrase set): each dialect's idioms
// must reach the library rule with the code's own numbers, and code the library cannot run must be refused.
const known = new Set(["SPY", "GOOG", "AAPL", "MSFT", "INTC"]);
const resolve = async (text: string) => {
  const r = await resolveStrategy(text, { knownSymbols: known });
  const s = r.strategies[0];
  return {
    r,
    name: r.refused ? "refuse" : (s?.rule?.label ?? s?.name),
    params: s?.params,
    symbols: r.symbols,
  };
};

describe("resolver: code idioms across dialects", () => {
  const cases: Array<[string, string, string, Record<string, number>]> = [
    [
      "talib EMAs with the shifted-comparison crossing",
      "df['f'] = talib.EMA(df['close'], timeperiod=13)\ndf['s'] = talib.EMA(df['close'], timeperiod=48)\nbuy = (df.f > df.s) & (df.f.shift(1) <= df.s.shift(1))\nsell = (df.f < df.s) & (df.f.shift(1) >= df.s.shift(1))",
      "ema_crossover",
      { fast: 13, slow: 48 },
    ],
    [
      "Pine v4 with when= on entry and close",
      'f = sma(close, 30)\ns = sma(close, 90)\nstrategy.entry("L", strategy.long, when=crossover(f, s))\nstrategy.close("L", when=crossunder(f, s))',
      "sma_crossover",
      { fast: 30, slow: 90 },
    ],
    [
      "AmiBroker RSI with Cross(level, rsi)",
      "r = RSI(9);\nBuy = Cross(25, r);\nSell = Cross(r, 72);",
      "rsi_mean_reversion",
      { window: 9, lower: 25, upper: 72 },
    ],
    [
      "AmiBroker channel with Ref(HHV(…), -1)",
      "Buy = C > Ref(HHV(C, 40), -1);\nSell = C < Ref(LLV(C, 15), -1);",
      "donchian_breakout",
      { window: 40, exit_window: 15 },
    ],
    [
      "vectorbt BBANDS through the .vbt accessor",
      "bb = vbt.BBANDS.run(price, window=25, alpha=1.5)\nentries = price.vbt.crossed_below(bb.lower)\nexits = price.vbt.crossed_above(bb.upper)",
      "bollinger_bands",
      { window: 25, k: 1.5 },
    ],
    [
      "backtrader Highest/Lowest with [-1]",
      "self.hi = bt.ind.Highest(self.data.close, period=30)\nself.lo = bt.ind.Lowest(self.data.close, period=12)\nif self.data.close[0] > self.hi[-1]: self.buy()\nelif self.data.close[0] < self.lo[-1]: self.close()",
      "donchian_breakout",
      { window: 30, exit_window: 12 },
    ],
    [
      "talib MACD unpacked into three names",
      "m, sig, hist = talib.MACD(close, fastperiod=10, slowperiod=30, signalperiod=7)\nentries = (m > sig) & (m.shift() <= sig.shift())\nexits = (m < sig) & (m.shift() >= sig.shift())",
      "macd",
      { fast: 10, slow: 30, signal: 7 },
    ],
    [
      "EasyLanguage Connors with RSI(Close, n)",
      "If RSI(Close, 3) < 8 and Close > Average(Close, 150) then Buy next bar at market;\nIf Close > Average(Close, 7) then Sell next bar at market;",
      "connors_rsi_pullback",
      { window: 3, lower: 8, trend: 150, exit_ma: 7 },
    ],
    [
      "pandas z-score of an undefined price series",
      "z = (px - px.rolling(30).mean()) / px.rolling(30).std(ddof=0)\nlong = z < -1\nflat = z > 0.5",
      "zscore_reversion",
      { window: 30, entry_z: 1, exit_z: 0.5 },
    ],
    [
      "AmiBroker rate of change",
      "Buy = ROC(C, 100) > 0; Sell = ROC(C, 100) < 0;",
      "ts_momentum",
      { lookback: 100 },
    ],
    [
      "momentum written as a price ratio with a bar offset",
      'mom = close / close[63] - 1\nif mom > 0\n    strategy.entry("m", strategy.long)\nif mom < 0\n    strategy.close("m")',
      "ts_momentum",
      { lookback: 63 },
    ],
    [
      "Excel IF with words for the positions",
      'column B holds closes: =IF(B30>AVERAGE(B11:B30),"LONG","CASH")',
      "price_above_sma",
      { window: 20 },
    ],
    [
      "SQL with BETWEEN and the cash months first",
      "SELECT dt, CASE WHEN EXTRACT(MONTH FROM dt) BETWEEN 6 AND 9 THEN 0 ELSE 1 END AS pos FROM closes",
      "sell_in_may",
      { start_month: 10, end_month: 5 },
    ],
    [
      "a strict month comparison (month > 9 is month >= 10)",
      "in_mkt = (df.index.month > 9) | (df.index.month < 5)",
      "sell_in_may",
      { start_month: 10, end_month: 4 },
    ],
    [
      "C-style if with MetaTrader moving averages",
      "double f = iMA(NULL, 0, 7, 0, MODE_SMA, PRICE_CLOSE, 0);\ndouble s = iMA(NULL, 0, 40, 0, MODE_SMA, PRICE_CLOSE, 0);\nif (f > s && f[1] <= s[1]) OrderSend(Symbol(), OP_BUY, 1, Ask, 3, 0, 0);",
      "sma_crossover",
      { fast: 7, slow: 40 },
    ],
    [
      "the rule language in capitals, labelled",
      "ENTRY: crosses_above(sma(20), sma(60))\nEXIT: crosses_below(sma(20), sma(60))",
      "sma_crossover",
      { fast: 20, slow: 60 },
    ],
    [
      "the rule language inside a sentence",
      "my rule is close > ema(35) to get in and close < ema(35) to get out",
      "price_above_ema",
      { window: 35 },
    ],
    [
      "the default Pine template: long on the cross up, the short entry as the long's exit",
      'longCondition = ta.crossover(ta.sma(close, 14), ta.sma(close, 28))\nif (longCondition)\n    strategy.entry("L", strategy.long)\nshortCondition = ta.crossunder(ta.sma(close, 14), ta.sma(close, 28))\nif (shortCondition)\n    strategy.entry("S", strategy.short)',
      "sma_crossover",
      { fast: 14, slow: 28 },
    ],
    [
      "a held state of two averages is their crossover",
      "df['a'] = df['Close'].rolling(window=40).mean()\ndf['b'] = df['Close'].rolling(window=120).mean()\ndf['signal'] = np.where(df['a'] > df['b'], 1, 0)",
      "sma_crossover",
      { fast: 40, slow: 120 },
    ],
    [
      "backtrader params dict, self.p, nested ifs",
      "class X(bt.Strategy):\n    params = dict(f=6, s=24)\n    def __init__(self):\n        a = bt.ind.EMA(period=self.p.f)\n        b = bt.ind.EMA(period=self.p.s)\n        self.x = bt.ind.CrossOver(a, b)\n    def next(self):\n        if not self.position:\n            if self.x > 0:\n                self.buy()\n        elif self.x < 0:\n            self.close()",
      "ema_crossover",
      { fast: 6, slow: 24 },
    ],
    [
      "backtrader params tuple, self.datas[0].close and else: if",
      "params = (('per', 35),)\nself.dc = self.datas[0].close\nself.ma = bt.indicators.SimpleMovingAverage(self.datas[0], period=self.params.per)\nif not self.position:\n    if self.dc[0] > self.ma[0]:\n        self.buy()\nelse:\n    if self.dc[0] < self.ma[0]:\n        self.sell()",
      "price_above_sma",
      { window: 35 },
    ],
    [
      "EasyLanguage Inputs with defaults",
      "Inputs: Len(33);\nIf Close > Highest(Close, Len)[1] then Buy next bar at market;\nIf Close < Lowest(Close, 11)[1] then Sell next bar at market;",
      "donchian_breakout",
      { window: 33, exit_window: 11 },
    ],
    [
      "Pine inputs",
      'n = input.int(5, "RSI length")\nlo = input(18, "Oversold")\nhi = input.int(82)\nr = ta.rsi(close, n)\nif ta.crossunder(r, lo)\n    strategy.entry("L", strategy.long)\nif ta.crossover(r, hi)\n    strategy.close("L")',
      "rsi_mean_reversion",
      { window: 5, lower: 18, upper: 82 },
    ],
    [
      "AmiBroker Param and Optimize",
      'p = Param("Len", 70, 10, 300);\nBuy = Cross(C, MA(C, p));\nSell = Cross(MA(C, p), C);',
      "price_above_sma",
      { window: 70 },
    ],
    [
      "Python defaults of a function, astype(int)",
      "def signals(df, lb=84):\n    m = df['close'].pct_change(lb)\n    df['pos'] = (m > 0).astype(int)",
      "ts_momentum",
      { lookback: 84 },
    ],
    [
      "the close crossing its average, in the rule language, is the timing rule",
      "entry: crosses_above(close, sma(120))\nexit: crosses_below(close, sma(120))",
      "price_above_sma",
      { window: 120 },
    ],
    [
      "NinjaScript CrossAbove(a, b, 1) with EnterLong/ExitLong",
      "Fast = 8;\nSlow = 55;\nif (CrossAbove(EMA(Fast), EMA(Slow), 1))\n    EnterLong();\nelse if (CrossBelow(EMA(Fast), EMA(Slow), 1))\n    ExitLong();",
      "ema_crossover",
      { fast: 8, slow: 55 },
    ],
    [
      "thinkScript def and AddOrder",
      "def a = Average(close, 7);\ndef b = Average(close, 70);\nAddOrder(OrderType.BUY_TO_OPEN, a crosses above b);\nAddOrder(OrderType.SELL_TO_CLOSE, a crosses below b);",
      "sma_crossover",
      { fast: 7, slow: 70 },
    ],
    [
      "backtesting.py self.I(SMA, …) with class attributes",
      "class S(Strategy):\n    n1 = 16\n    n2 = 64\n    def init(self):\n        price = self.data.Close\n        self.a = self.I(SMA, price, self.n1)\n        self.b = self.I(SMA, price, self.n2)\n    def next(self):\n        if crossover(self.a, self.b):\n            self.buy()\n        elif crossover(self.b, self.a):\n            self.position.close()",
      "sma_crossover",
      { fast: 16, slow: 64 },
    ],
    [
      "R quantmod: <-, ifelse, Cl(SYM), an output variable of no known name",
      "x <- ifelse(Cl(SPY) > SMA(Cl(SPY), n = 165), 1, 0)",
      "price_above_sma",
      { window: 165 },
    ],
    [
      "R BBands read through $",
      "b <- BBands(Cl(SPY), n = 35, sd = 1.5)\nentries <- Cl(SPY) < b$dn & Lag(Cl(SPY)) >= Lag(b$dn)\nexits <- Cl(SPY) > b$up & Lag(Cl(SPY)) <= Lag(b$up)",
      "bollinger_bands",
      { window: 35, k: 1.5 },
    ],
    [
      "one symbol's column as the traded close",
      "qqq = px['QQQ']\nlong_while = qqq > qqq.ewm(span=90).mean()",
      "price_above_ema",
      { window: 90 },
    ],
    [
      "Quantopian-style all-in and flat orders",
      "fast = close.rolling(25).mean()\nslow = close.rolling(100).mean()\nif fast > slow:\n    order_target_percent(context.asset, 1.0)\nelif fast < slow:\n    order_target_percent(context.asset, 0)",
      "sma_crossover",
      { fast: 25, slow: 100 },
    ],
  ];
  for (const [what, text, rule, params] of cases)
    it(what, async () => {
      const got = await resolve(text);
      expect(got.name, JSON.stringify(got.r.refused ?? got.r.strategies[0]?.reason)).toBe(rule);
      expect(got.params).toMatchObject(params);
    });

  it("pairs from code: the chart's own close is slot A, a fixed hedge its factor, tickers from the code", async () => {
    const got = await resolve(
      '// chart EWA\nb = request.security("EWC", "D", close)\ns = math.log(close) - 0.7 * math.log(b)\nz = (s - ta.sma(s, 40)) / ta.stdev(s, 40)\nif z < -1.8\n    strategy.entry("p", strategy.long)\nif z > 0\n    strategy.close("p")',
    );
    expect(got.name).toBe("pairs_zscore");
    expect(got.params).toMatchObject({ window: 40, entry_z: 1.8, exit_z: 0, hedge: 0.7 });
    expect(got.symbols).toEqual(["EWA", "EWC"]);
  });

  it("reads frame columns named by ticker as symbols, and code constants as none", async () => {
    const pair = await resolve(
      "a, b = np.log(closes.GS), np.log(closes.MS)\nsp = a - b\nzz = (sp - sp.rolling(45).mean()) / sp.rolling(45).std()\nentries, exits = zz < -2.2, zz > 0",
    );
    expect(pair.name).toBe("pairs_zscore");
    expect(pair.symbols).toEqual(["GS", "MS"]);
    expect(pair.params).toMatchObject({ window: 45, entry_z: 2.2, hedge: 1 });
    const mql = await resolve(
      "double f = iMA(NULL, 0, 7, 0, MODE_SMA, PRICE_CLOSE, 0);\ndouble s = iMA(NULL, 0, 40, 0, MODE_SMA, PRICE_CLOSE, 0);\nif (f > s && f[1] <= s[1]) OrderSend(Symbol(), OP_BUY, 1, Ask, 3, 0, 0);",
    );
    expect(mql.symbols).toEqual([]);
  });

  it("EasyLanguage BollingerBand: the signed deviations pick the band", async () => {
    const text =
      "Lo = BollingerBand(Close, 30, -1.5);\nHi = BollingerBand(Close, 30, +1.5);\nIf Close crosses under Lo then Buy next bar at market;\nIf Close crosses over Hi then Sell next bar at market;";
    // Read from the code itself, not from the words around it.
    expect(readCode(text)).toMatchObject({
      kind: "rule",
      name: "bollinger_bands",
      params: { window: 30, k: 1.5 },
    });
    expect(await resolve(text)).toMatchObject({ name: "bollinger_bands", params: { window: 30, k: 1.5 } });
    const { program } = readProgram("Mid = BollingerBand(Close, 30, 0);\nentries = Close > Mid");
    expect(program.entries.map((n) => show(n))).toEqual(["(close > sma(30))"]);
  });

  it("buy and hold from code that never sells", async () => {
    expect((await resolve("pf = vbt.Portfolio.from_holding(price, fees=0.001)")).name).toBe("buy_and_hold");
    expect((await resolve('if bar_index == 0\n    strategy.entry("hold", strategy.long)')).name).toBe(
      "buy_and_hold",
    );
    // A position column set to a constant long once and never changed.
    expect(readCode('data["signal"] = 1.0  # always in')).toMatchObject({
      kind: "rule",
      name: "buy_and_hold",
    });
    // A constant that a later statement or a condition changes is an initial value, not the strategy.
    expect(
      readCode("df['position'] = 1\ndf.loc[df.close < df.close.rolling(150).mean(), 'position'] = 0"),
    ).not.toMatchObject({ name: "buy_and_hold" });
    expect(
      readCode("sma = close.rolling(150).mean()\nif close > sma:\n    position = 1\nelse:\n    position = 0"),
    ).not.toMatchObject({ name: "buy_and_hold" });
  });

  it("refuses code the library cannot run, naming what the code calls", async () => {
    const refusals: Array<[string, RegExp]> = [
      ['strategy.entry("S", strategy.short, when = crossunder(sma(close, 10), sma(close, 30)))', /short/],
      ['st = ta.supertrend(3, 10)\nif close > st\n    strategy.entry("L", strategy.long)', /supertrend/],
      ["if self.data.close[0] > self.sma[0]:\n    self.order_target_percent(target=0.5)", /sizes/],
      [
        'strategy.entry("L", strategy.long, when = ta.crossover(close, ta.ema(close, 20)))\nstrategy.exit("x", "L", stop = low[1])',
        /stop/,
      ],
      ["Buy = Cross(C, MA(C, 20));\nSetPositionSize(2, spsPercentOfEquity);", /sizes/],
      ["if (!Portfolio.Invested && fast > slow) SetHoldings(_spy, 0.5);", /sizes/],
      ['if hour == 10 and close > open\n    strategy.entry("L", strategy.long)', /inside the day/],
      ["SELECT mood FROM diary WHERE happy = 1 ORDER BY coffee;", /no price/],
      ["Buy = Cross(MFI(14), 20);\nSell = Cross(80, MFI(14));", /mfi/i],
    ];
    for (const [text, why] of refusals) {
      const got = await resolve(text);
      expect(got.name, text).toBe("refuse");
      expect(got.r.refused?.reason, text).toMatch(why);
    }
  });

  it("does not run code whose series is not a market's (a variable it never defines)", async () => {
    expect(
      (await resolve("Buy = Cross(RSI(my_mood, 5), 30); Sell = Cross(70, RSI(my_mood, 5));")).name,
    ).not.toBe("rsi_mean_reversion");
  });
});

describe("resolver: the code reading's parts", () => {
  it("never throws on broken or cut code, and reads nothing from half an expression", () => {
    const snippets = [
      "fast = df.close.rolling(9).mean(); slow = df.close.rolling(21).mean()\nentries = (fast > slow) & (fast.shift() <= slow.shift())",
      '[m, u, l] = ta.bb(close, 20, 2)\nif ta.crossunder(close, l)\n    strategy.entry("b", strategy.long)',
      "If Average(Close, 5) crosses over Average(Close, 20) then Buy next bar at market;",
      "entry: zscore(log(close(A1)) - beta(log(close(A1)), log(close(B2)), 30) * log(close(B2)), 30) < -2",
      "SELECT CASE WHEN EXTRACT(MONTH FROM d) BETWEEN 5 AND 10 THEN 0 ELSE 1 END FROM t",
    ];
    for (const s of snippets)
      for (let a = 0; a < s.length; a += 7)
        for (let b = a + 1; b <= s.length; b += 11) expect(() => readCode(s.slice(a, b))).not.toThrow();
    expect(readCode("entries = (fast > slow) & (fast.shift(")).toBeNull();
  });

  it("reads statements into entries, exits and held states", () => {
    const { program } = readProgram(
      "fast = close.rolling(5).mean()\nslow = close.rolling(25).mean()\nsignal = fast > slow\nif x > 1:\n    self.close()",
    );
    expect(program.states.map((n) => show(normalise(n)))).toEqual(["(sma(5) > sma(25))"]);
    expect(program.entries).toEqual([]);
    // `x` is never defined: the exit is counted as unread, so an entry alone cannot stand for the rule.
    expect(program.unreadExits).toBe(1);
  });

  it("normalises idioms: bands, z-score, beta, log ratio, not", () => {
    const n = (s: string) => show(normalise(parseRule(s)));
    expect(n("sma(close, 12) - 1.5 * std(close, 12)")).toBe("bb_lower(12, 1.5)");
    expect(n("(close - sma(close, 9)) / std(close, 9)")).toBe("zscore(9)");
    expect(n("cov(y, x, 30) / var(x, 30)")).toBe("beta(y, x, 30)");
    expect(n("log(close(KO) / close(PEP))")).toBe("(log(close(KO)) - log(close(PEP)))");
    expect(n("not (close > sma(40))")).toBe("(close <= sma(40))");
    expect(n("ema(macd(6, 19), 4)")).toBe("macd_signal(6, 19, 4)");
    // A counter with another origin compared with a number is the field compared with the number moved.
    expect(n("days_to_month_end + 1 == 3")).toBe("(days_to_month_end == 2)");
    expect(n("trading_day_of_month - 1 >= 2")).toBe("(trading_day_of_month >= 3)");
  });

  it("unifies placeholders with numbers, either way round, and keeps bindings consistent", () => {
    const m = matchRule(
      parseRule("crosses_below(sma(40), sma(9))"),
      parseRule("crosses_above(sma(40), sma(9))"),
    );
    // The cross of 40 below 9 is 9 crossing above 40: fast 9, slow 40.
    expect(m?.rule.name).toBe("sma_crossover");
    expect(m?.params).toMatchObject({ fast: 9, slow: 40 });
    // The same placeholder bound to two different numbers matches nothing.
    expect(
      matchRule(parseRule("crosses_above(sma(10), sma(30))"), parseRule("crosses_below(sma(10), sma(50))")),
    ).toBe(null);
  });
});

describe("resolver: pseudo-code, spreadsheet notes and key: value specs", () => {
  const cases: Array<[string, string, string, Record<string, number>, string[]]> = [
    [
      "a band built by hand from sma and stdev, crossed in words",
      "m = sma(close, 25)\nsigma = stdev(close, 25)\nif close crosses below m - 1.8 * sigma: buy\nif close crosses above m + 1.8 * sigma: sell",
      "bollinger_bands",
      { window: 25, k: 1.8 },
      [],
    ],
    [
      "spreadsheet extremes over the prior rows, sentences as statements, its variables no tickers",
      "HI = MAX(close over the prior 40 rows); LO = MIN(close over the prior 15 rows). Sell if today's close < LO, buy if today's close > HI. Tab: QQQ",
      "donchian_breakout",
      { window: 40, exit_window: 15 },
      ["QQQ"],
    ],
    [
      "return functions named with their period, held while true and flat otherwise",
      "Compare ret126(QQQ) with ret126(TLT). Own QQQ if ret126(QQQ) > 0 AND ret126(QQQ) > ret126(TLT); otherwise flat.",
      "dual_momentum",
      { lookback: 126 },
      ["QQQ", "TLT"],
    ],
    [
      "return functions in one line of prose with no other code, the action after the condition",
      "when ret252(SPY) > ret252(EFA) and ret252(SPY) > 0 hold SPY, otherwise cash",
      "dual_momentum",
      { lookback: 252 },
      ["SPY", "EFA"],
    ],
    [
      "averages named with their period, crossed in a key: value spec",
      "entry: sma20 crosses above sma100\nexit: sma20 crosses below sma100",
      "sma_crossover",
      { fast: 20, slow: 100 },
      [],
    ],
    [
      "a declared period in months used by name, signs in words",
      "n: 3 months\nlong: roc(n) is positive\nflat: roc(n) is negative\nsymbol: EEM",
      "ts_momentum",
      { lookback: 63 },
      ["EEM"],
    ],
    [
      "a hand-built squeeze: a width near its own low, the rule language's bands inside code",
      "bw = bb_upper(30, 2) - bb_lower(30, 2)\nif bw[1] within 10% of its 250-day low and close crosses above bb_upper(30, 2): buy\nif close crosses below sma(30): sell",
      "bollinger_squeeze",
      { window: 30, k: 2, lookback: 250 },
      [],
    ],
    [
      "month counters under names of their own, one defined in a comment with another origin",
      "# left: 1 on the last bar of the month\nif left == 4: buy at close\nif trading_day_in_month == 4: sell at close",
      "turn_of_month",
      { days_before: 3, days_after: 4 },
      [],
    ],
    [
      "month counters named as the engine counts them, no comment",
      "if days_left_in_month == 0: buy\nif tdom == 2: sell",
      "turn_of_month",
      { days_before: 0, days_after: 2 },
      [],
    ],
    [
      "an if/elif chain that holds one symbol or the other, else cash",
      "ma = roc(close(EEM), 189)\nmb = roc(close(AGG), 189)\nif ma > 0 and ma > mb: own EEM\nelif mb > 0 and mb > ma: own AGG\nelse: flat",
      "dual_momentum",
      { lookback: 189 },
      ["EEM", "AGG"],
    ],
    [
      "a declared window in days, comparisons in words",
      "window: 40 days\nbuy: close above sma(window)\nsell: close below sma(window)\nticker: XLK",
      "price_above_sma",
      { window: 40 },
      ["XLK"],
    ],
  ];
  for (const [what, text, rule, params, symbols] of cases)
    it(`${what} → ${rule}`, async () => {
      const code = readCode(text);
      expect(code, text).toMatchObject({ kind: "rule", name: rule, params });
      const got = await resolve(text);
      expect(got.name).toBe(rule);
      expect(got.params).toMatchObject(params);
      expect(got.symbols).toEqual(symbols);
    });

  it("reads a suffixed name as an indicator only when the code does not define it", () => {
    const { program } = readProgram("sma50 = ta.ema(close, 50)\nentries = close > sma50");
    expect(program.entries.map((n) => show(n))).toEqual(["(close > ema(50))"]);
  });
});
