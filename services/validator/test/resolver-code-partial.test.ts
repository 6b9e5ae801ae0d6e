import { describe, expect, it } from "vitest";
import { firstOf } from "./resolver-helpers.ts";

// Code and key: value specs pasted in part, in snippets written for this test (none is in a phrase set): a spec whose
// entry is the first bar and whose exit never comes, yesterday's comparison written before today's, statistics of a
// span of past bars, bands a snippet uses but defines above the paste or in a comment, a held state assigned as a
// bare comparison, and tickers handed to an indicator by name. Each checked through the resolver, symbols included.
type Case = [string, string, string, Record<string, number>, string[]];
const check = (cases: Case[]) => {
  for (const [what, text, rule, params, symbols] of cases)
    it(`${what} → ${rule} ${JSON.stringify(params)}`, async () => {
      const got = await firstOf(text);
      expect(got).toMatchObject({ refused: false, name: rule, params });
      expect(got.symbols).toEqual(symbols);
    });
};

describe("resolver: a spec in on the first bar and never out is buy and hold", () => {
  check([
    [
      "first bar / none",
      "Name: passive baseline\nTicker: VTI\nEntry: first bar\nExit: none",
      "buy_and_hold",
      {},
      ["VTI"],
    ],
    [
      "Buy:/Sell: labels, the data's first trading day, never",
      "Symbol: EFA\nBuy: on the first trading day of the data\nSell: never",
      "buy_and_hold",
      {},
      ["EFA"],
    ],
    [
      "rule labels, immediately, held to the end of the test",
      "ticker: TLT\nentry rule: immediately\nexit rule: hold to the end of the test",
      "buy_and_hold",
      {},
      ["TLT"],
    ],
    [
      "at the start / a dash",
      "Strategy: reference curve\nAsset: XLU\nEntry: at the start\nExit: -",
      "buy_and_hold",
      {},
      ["XLU"],
    ],
    [
      "the order and ticker in the entry, a note after n/a",
      "entry: buy DIA on day 1\nexit: n/a (held until the end of the data)",
      "buy_and_hold",
      {},
      ["DIA"],
    ],
    [
      "labels with a word after them, day 0",
      "Buy rule: day 0\nSell rule: none\nSymbol: HYG",
      "buy_and_hold",
      {},
      ["HYG"],
    ],
  ]);
  it("the first trading day of the month stays a calendar rule", async () => {
    const got = await firstOf("Entry: first trading day of the month\nExit: third trading day\nSymbol: XLP");
    expect(got.name).toBe("turn_of_month");
  });
});

describe("resolver: yesterday's side of a crossing written first", () => {
  check([
    [
      "pandas-ta RSI, shift() with no argument",
      "r = ta.rsi(df.close, length=6)\nlong_entry = (r.shift() >= 20) & (r < 20)\nlong_exit = (r.shift() <= 85) & (r > 85)",
      "rsi_mean_reversion",
      { window: 6, lower: 20, upper: 85 },
      [],
    ],
    [
      "two ewm lines",
      "f = close.ewm(span=8).mean(); s = close.ewm(span=34).mean()\nentries = (f.shift(1) <= s.shift(1)) & (f > s)\nexits = (f.shift(1) >= s.shift(1)) & (f < s)",
      "ema_crossover",
      { fast: 8, slow: 34 },
      [],
    ],
    [
      "pseudo-code with [1] and `and`",
      "a = sma(close, 30); b = sma(close, 90)\nbuy = (a[1] <= b[1]) and (a > b)\nsell = (a[1] >= b[1]) and (a < b)",
      "sma_crossover",
      { fast: 30, slow: 90 },
      [],
    ],
  ]);
});

describe("resolver: statistics of a span of past bars", () => {
  check([
    [
      "inclusive bars-ago range in a spec",
      "entry: close > max(close[1..40])\nexit: close < min(close[1..15])\nsymbol: SLV",
      "donchian_breakout",
      { window: 40, exit_window: 15 },
      ["SLV"],
    ],
    [
      "numpy's negative slices, today left out",
      "buy = c > np.max(c[-101:-1])\nsell = c < np.min(c[-26:-1])",
      "donchian_breakout",
      { window: 100, exit_window: 25 },
      [],
    ],
    [
      "a bar counter less offsets, in prose",
      "long when close > highest(close[t-30..t-1]), flat when close < lowest(close[t-12..t-1])",
      "donchian_breakout",
      { window: 30, exit_window: 12 },
      [],
    ],
    [
      "a range written oldest first, if/then",
      "if close > max(close[80..1]): buy\nif close < min(close[35..1]): sell",
      "donchian_breakout",
      { window: 80, exit_window: 35 },
      [],
    ],
    [
      "a mean over today and the bars before",
      "m = mean(close[0..49])\nin_market = close > m",
      "price_above_sma",
      { window: 50 },
      [],
    ],
  ]);
});

describe("resolver: bands a snippet uses but never defines", () => {
  check([
    [
      "a squeeze with the middle line in a comment",
      "width = upper - lower\ntight = width.shift(1) <= 1.1 * width.rolling(60).min()\nentries = tight & crossover(close, upper)\nexits = crossunder(close, basis)  # basis = sma(30)",
      "bollinger_squeeze",
      { window: 30, lookback: 60 },
      [],
    ],
    [
      "a labelled comment with the width",
      "// bands: mid = sma(close, 25), k = 1.5\nbw = upper - lower\nsq = bw[1] <= 1.1 * lowest(bw, 180)\nif sq and crossover(close, upper): buy\nif crossunder(close, mid): sell",
      "bollinger_squeeze",
      { window: 25, k: 1.5, lookback: 180 },
      [],
    ],
    [
      "reversion between the bands, the settings after the code",
      "entry = crossunder(close, lower)\nexit = crossover(close, upper)   # bollinger, middle = sma(15), k = 2.5",
      "bollinger_bands",
      { window: 15, k: 2.5 },
      [],
    ],
    [
      "no definition at all: the textbook bands",
      "squeeze = (upper - lower).shift(1) <= 1.1 * (upper - lower).rolling(90).min()\nentry = squeeze & crossover(close, upper)\nexit = crossunder(close, mid)",
      "bollinger_squeeze",
      { window: 20, k: 2, lookback: 90 },
      [],
    ],
  ]);
  it("a line that defines `upper` in words keeps it from being read as a band", async () => {
    const got = await firstOf("upper = highest high of 20 bars\nentry = close > upper");
    expect(got.name).not.toMatch(/^bollinger/);
  });
});

describe("resolver: a held state assigned as a comparison, tickers handed to indicators by name", () => {
  check([
    [
      "months held, the ticker in a comment",
      "holding = month >= 11 or month <= 4\n# IWM only in the winter half",
      "sell_in_may",
      { start_month: 11, end_month: 4 },
      ["IWM"],
    ],
    [
      "pandas `|` of months",
      "invested = (month >= 9) | (month <= 3)  # EWJ",
      "sell_in_may",
      { start_month: 9, end_month: 3 },
      ["EWJ"],
    ],
    [
      "a regime flag",
      "regime = close > sma(close, 150)\n# hold XLK in the regime, cash otherwise",
      "price_above_sma",
      { window: 150 },
      ["XLK"],
    ],
    [
      "hold … if … else cash",
      "m1 = roc(SPY, 63); m2 = roc(EFA, 63)\nhold SPY if m1 > 0 and m1 > m2 else cash",
      "dual_momentum",
      { lookback: 63 },
      ["SPY", "EFA"],
    ],
    [
      "a signal column of two tickers' returns",
      "mom_a = roc(VTI, 252)\nmom_b = roc(BND, 252)\nsignal = (mom_a > 0) & (mom_a > mom_b)",
      "dual_momentum",
      { lookback: 252 },
      ["VTI", "BND"],
    ],
    [
      "one ticker's averages",
      "fast = sma(GLD, 20); slow = sma(GLD, 100)\nentry = crossover(fast, slow)\nexit = crossunder(fast, slow)",
      "sma_crossover",
      { fast: 20, slow: 100 },
      ["GLD"],
    ],
  ]);
  it("a series in lower case that the code never defines is still refused", async () => {
    expect((await firstOf("RSI(my_mood, 5) < 30")).refused).toBe(true);
  });
});
