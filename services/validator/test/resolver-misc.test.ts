import { describe, expect, it } from "vitest";
import { readRule } from "../src/resolver/reading/read-rule.ts";
import { findSymbols } from "../src/resolver/symbols.ts";
import { firstOf, ruleOf } from "./resolver-helpers.ts";

// Issue 14, fifth session: kinds of misreading found by earlier fixers, each fixed by kind and tested here in
// wordings of this file's own (none is a phrase of a committed set).

describe("one component replaced, the rest at their defaults", () => {
  it("'<component> X instead of the usual Y' sets that component and keeps the others' textbook values", () => {
    expect(ruleOf("MACD on IWM with signal 4 in place of the standard 9")).toEqual({
      name: "macd",
      params: { fast: 12, slow: 26, signal: 4 },
    });
    expect(ruleOf("run macd, slow line 39 rather than the default 26")).toEqual({
      name: "macd",
      params: { fast: 12, slow: 39, signal: 9 },
    });
    expect(ruleOf("macd on xlk but the signal line at 6, not the normal 9")).toEqual({
      name: "macd",
      params: { fast: 12, slow: 26, signal: 6 },
    });
    expect(ruleOf("MACD: fast ema 8 instead of the usual 12")).toEqual({
      name: "macd",
      params: { fast: 8, slow: 26, signal: 9 },
    });
    expect(ruleOf("macd on ewz, 7 for the fast line instead of 12")).toEqual({
      name: "macd",
      params: { fast: 7, slow: 26, signal: 9 },
    });
  });

  it("does the same for a named cross's average and Connors' trend filter", () => {
    expect(ruleOf("golden cross on xlf, only the slow one at 180 in place of the usual 200")).toEqual({
      name: "sma_crossover",
      params: { fast: 50, slow: 180 },
    });
    expect(ruleOf("death cross exit with fast 40 rather than 50")).toEqual({
      name: "sma_crossover",
      params: { fast: 40, slow: 200 },
    });
    expect(ruleOf("connors rsi 2 pullback on dia, trend filter 150 instead of the classic 200")).toEqual({
      name: "connors_rsi_pullback",
      params: { window: 2, lower: 10, trend: 150, exit_ma: 5 },
    });
  });

  it("a single number beside a MACD that names no component stays the textbook rule", () => {
    expect(ruleOf("macd crossover on dia")).toEqual({
      name: "macd",
      params: { fast: 12, slow: 26, signal: 9 },
    });
    expect(ruleOf("MACD 8 17 9 on qqq")).toEqual({ name: "macd", params: { fast: 8, slow: 17, signal: 9 } });
  });
});

describe("bars counted in hours are intraday", () => {
  const refused = (text: string) => {
    const m = readRule(text);
    return m?.kind === "unsupported" ? m.reason : undefined;
  };

  it("refuses a rule on hour bars, however the bar size is written", () => {
    for (const text of [
      "buy DIA when the close is above its 30 sma on 2-hour candles",
      "ema 8/21 cross using the hourly chart",
      "rsi(7) under 20 on H4, sell over 60",
      "donchian 55 breakout, 1h bars, on gold",
      "bollinger bounce with candles of six hours",
      "timeframe = 4h; macd crossover",
      "the hourly macd crossing its signal on qqq",
      "buy when the 30-minute rsi dips below 25",
      "15m chart, 9 and 21 ema cross",
    ])
      expect(refused(text), text).toMatch(/intraday rule and the market data is daily bars/);
  });

  it("does not refuse 'hourly' or 'hour' said of something other than the bars", () => {
    expect(ruleOf("I look at my phone hourly; buy SPY above the 150-day sma")).toEqual({
      name: "price_above_sma",
      params: { window: 150 },
    });
    expect(ruleOf("moving the timeframe from 4h to daily: hold above the 60 sma")).toEqual({
      name: "price_above_sma",
      params: { window: 60 },
    });
    expect(ruleOf("rsi 10 below 25 on daily closes, I update the sheet every hour")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 10, lower: 25, upper: 75 },
    });
  });
});

describe("Yahoo Finance's symbol syntax, read whole", () => {
  it("reads indices, futures and currencies as Yahoo writes them, without their parts", () => {
    expect(findSymbols("does a 20-day breakout on NG=F beat one on SI=F?")).toEqual(["NG=F", "SI=F"]);
    expect(findSymbols("200-day filter on ^FTSE and ^NDX, then ^N225")).toEqual(["^FTSE", "^NDX", "^N225"]);
    expect(findSymbols("mean reversion in GBPUSD=X and CHF=X with rsi 2")).toEqual(["GBPUSD=X", "CHF=X"]);
    expect(findSymbols("hedge ZN=F when ^VIX is above its 10 day average")).toEqual(["ZN=F", "^VIX"]);
  });

  it("reads a currency pair in capitals as Yahoo's =X symbol, a coin against a currency as COIN-USD", () => {
    expect(findSymbols("ema 10/30 crossover on AUD/USD")).toEqual(["AUDUSD=X"]);
    expect(findSymbols("trade USDCAD and EUR-GBP on a 55 day channel")).toEqual(["USDCAD=X", "EURGBP=X"]);
    expect(findSymbols("ETH/USDT donchian 20")).toEqual(["ETH-USDT"]);
    expect(findSymbols("bollinger bounce on nzd/usd")).toEqual(["NZDUSD=X"]);
    // A ratio of numbers is no pair, nor is a single currency said in passing.
    expect(findSymbols("a 20/100 cross, sized in USD")).toEqual([]);
  });

  it("reads listings joined by a hyphen or '&' as one symbol, in text order", () => {
    expect(findSymbols("BAJAJ-AUTO then M&MFIN, both above the 100 dma")).toEqual(["BAJAJ-AUTO", "M&MFIN"]);
    expect(findSymbols("buy on M&M when rsi 14 drops under 30")).toEqual(["M&M"]);
    expect(findSymbols("BAJAJ-AUTO.NS and 6501.T, then BF-B")).toEqual(["BAJAJ-AUTO.NS", "6501.T", "BF-B"]);
    // Words written with '&' are no listing; two short tickers joined by a hyphen are still a pair.
    expect(findSymbols("P&L of a 50 day sma on the S&P 500, R&D aside")).toEqual([]);
    expect(findSymbols("USO-XLE ratio reversion")).toEqual(["USO", "XLE"]);
    // Companies' names with '&' and English joined by a hyphen are no listing.
    expect(findSymbols("P&G vs J&J, a LONG-ONLY test on XLP")).toEqual(["XLP"]);
  });

  it("keeps the exchange suffixes main reads", () => {
    expect(findSymbols("compare AIR.PA, INGA.AS, NOVN.SW, ISP.MI, SHOP.TO, CBA.AX and 000660.KS")).toEqual([
      "AIR.PA",
      "INGA.AS",
      "NOVN.SW",
      "ISP.MI",
      "SHOP.TO",
      "CBA.AX",
      "000660.KS",
    ]);
  });
});

describe("moving averages named by their periods alone", () => {
  it("reads two bare periods either side of a crossing as the crossover of those averages", () => {
    expect(
      ruleOf("go long as soon as the 10 crosses over the 40; flat when the 10 slips under the 40"),
    ).toEqual({
      name: "sma_crossover",
      params: { fast: 10, slow: 40 },
    });
    expect(ruleOf("I buy once the 30 has crossed above the 150, and sell when it crosses back")).toEqual({
      name: "sma_crossover",
      params: { fast: 30, slow: 150 },
    });
    expect(ruleOf("using emas: in when the 9 goes above the 30, out when it's below")).toEqual({
      name: "ema_crossover",
      params: { fast: 9, slow: 30 },
    });
  });

  it("reads them named together before their cross, after another verb, or after an average named in full", () => {
    expect(ruleOf("in when the 15 and the 45 cross upward, out on the opposite cross")).toEqual({
      name: "sma_crossover",
      params: { fast: 15, slow: 45 },
    });
    expect(ruleOf("long when the 12 pierces the 36 from below")).toEqual({
      name: "sma_crossover",
      params: { fast: 12, slow: 36 },
    });
    expect(ruleOf("once the 8 ema crosses the 34, buy TLT; sell on the cross back")).toEqual({
      name: "ema_crossover",
      params: { fast: 8, slow: 34 },
    });
  });

  it("reads the price against one bare period as the price against that average", () => {
    expect(ruleOf("keep QQQ while the price stays above the 150, cash otherwise")).toEqual({
      name: "price_above_sma",
      params: { window: 150 },
    });
  });

  it("leaves levels, units, indicators and new clauses alone", () => {
    expect(ruleOf("sell when the 2 rsi is above the 90, buy under 10")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 2, lower: 10, upper: 90 },
    });
    expect(ruleOf("buy when rsi 3 crosses above 15, sell when it crosses over the 85 level")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 3, lower: 15, upper: 85 },
    });
  });
});

describe("self-corrections in parentheses, hesitations, and a kind corrected after a marker", () => {
  it("applies a correction written in parentheses and drops its brackets", () => {
    expect(ruleOf("fast sma 5 and slow sma 30 (whoops no, sorry, 35) on iwm")).toEqual({
      name: "sma_crossover",
      params: { fast: 5, slow: 35 },
    });
    expect(ruleOf("buy when rsi 7 (oops, 4 not 7) drops under 15, sell over 60")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 4, lower: 15, upper: 60 },
    });
    expect(ruleOf("a 20-day breakout (my bad, 25) for entries")).toMatchObject({
      name: "donchian_breakout",
      params: { window: 25 },
    });
  });

  it("reads the number after a hesitation as the one meant", () => {
    expect(ruleOf("hold gld over its 100 um 120 day sma")).toEqual({
      name: "price_above_sma",
      params: { window: 120 },
    });
    expect(ruleOf("rsi 9, erm, 5 below 10 then sell above 70")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 5, lower: 10, upper: 70 },
    });
    expect(ruleOf("stay long above the 90 sma (um, 110)")).toEqual({
      name: "price_above_sma",
      params: { window: 110 },
    });
    expect(ruleOf("a 30 uhh 45 day channel breakout")).toMatchObject({
      name: "donchian_breakout",
      params: { window: 45 },
    });
  });

  it("corrects the average's kind named after a marker ('sma not ema'), and still reads 'not ema' alone as simple", () => {
    expect(ruleOf("go long over the 80 ema, wait, sma not ema")).toEqual({
      name: "price_above_sma",
      params: { window: 80 },
    });
    expect(ruleOf("long while over the 70 ema uh sma")).toEqual({
      name: "price_above_sma",
      params: { window: 70 },
    });
    expect(ruleOf("wma, no sorry, ema of 40 days; buy above it")).toEqual({
      name: "price_above_ema",
      params: { window: 40 },
    });
    expect(ruleOf("20/60 ema crossover (sorry, sma not ema)")).toEqual({
      name: "sma_crossover",
      params: { fast: 20, slow: 60 },
    });
    expect(ruleOf("buy above the 120 day average, not exponential")).toEqual({
      name: "price_above_sma",
      params: { window: 120 },
    });
  });
});

describe("tickers named in code's string subscripts", () => {
  it("reads close['V'] as Visa's close, not the volume field", () => {
    const code = [
      'quick = close["V"].rolling(15).mean()',
      'slow_ = close["V"].rolling(60).mean()',
      "entries = quick > slow_",
      "exits = quick < slow_",
    ].join("\n");
    expect(ruleOf(code)).toEqual({ name: "sma_crossover", params: { fast: 15, slow: 60 } });
  });

  it("finds V, MA and C as tickers in a price frame's subscripts and a download list, in text order", async () => {
    const pair = [
      "px = yf.download(['MA', 'V'], start='2015-01-01')['Adj Close']",
      "spread = np.log(px['MA']) - np.log(px['V'])",
      "z = (spread - spread.rolling(40).mean()) / spread.rolling(40).std()",
      "long_ = z < -2",
      "flat = z > 0",
    ].join("\n");
    const r = await firstOf(pair);
    expect(r.name).toBe("pairs_zscore");
    expect(r.symbols).toEqual(["MA", "V"]);
    expect(findSymbols('ratio = prices["C"] / prices["JPM"]')).toEqual(["C", "JPM"]);
    expect(
      findSymbols('a = request.security("NYSE:MA", "D", close)\nb = request.security("V", "D", close)'),
    ).toEqual(["MA", "V"]);
    expect(findSymbols('getSymbols(c("MA", "V")); r <- px.loc[:, "V"]')).toEqual(["MA", "V"]);
    expect(findSymbols('universe = ("V", "MA", "PYPL")')).toEqual(["V", "MA", "PYPL"]);
  });

  it("does not read a column the code assigns, or a price field in capitals, as a ticker", () => {
    expect(
      findSymbols('df["EMA"] = df.close.ewm(span=30).mean()\nbuy = df.close > df["EMA"]  # on XLV'),
    ).toEqual(["XLV"]);
    expect(findSymbols('bars["CLOSE"] > bars["HIGH"].shift(1)')).toEqual([]);
  });
});

// A pair of windows written before the breakout it names ("the 55/20 breakout"): the second number stands next to
// the word and was once bound to the entry alone, giving a 20/20 channel.
describe("resolver: an entry/exit pair written before 'breakout'", () => {
  it.each([
    ["turtle 55/20 breakout on GLD", { window: 55, exit_window: 20 }],
    ["enter on the 40/15 breakout, IWM", { window: 40, exit_window: 15 }],
    ["backtest the 100/50 channel breakout on TLT", { window: 100, exit_window: 50 }],
    ["55/20 breakout on USO, exit on the 10-day low", { window: 55, exit_window: 10 }],
  ])("%s", (text, params) => {
    expect(ruleOf(text)).toMatchObject({ name: "donchian_breakout", params });
  });
  it("leaves a lone period before the word as the entry window with the textbook half for the exit", () => {
    expect(ruleOf("a 30-day breakout on QQQ")).toMatchObject({
      name: "donchian_breakout",
      params: { window: 30, exit_window: 15 },
    });
  });
});

// A squeeze's band settings told as a pair of period and width ("15 days and 2 deviations") once gave the period to
// the width's lookback instead of the bands' window.
describe("resolver: a Bollinger squeeze's period told beside the bands' width is their window", () => {
  it.each([
    ["Bollinger squeeze on SMH, 15 days and 2 deviations", { window: 15, k: 2, lookback: 120 }],
    ["bollinger squeeze on XBI, 25 bars with 1.5 sd", { window: 25, k: 1.5 }],
    [
      "squeeze on TLT: 30 days, 2.5 standard deviations, the width at its lowest of the last 60 days",
      { window: 30, k: 2.5, lookback: 60 },
    ],
  ])("%s", (text, params) => {
    expect(ruleOf(text)).toMatchObject({ name: "bollinger_squeeze", params });
  });
});

// Found by hand after the blind rounds of 2026-12-02, in wordings of this file's own: a z-score's two settings left
// unattached, a correction said after the average's or the bands' noun, two bare periods set "against" each other.
describe("resolver: a z-score's settings given as a bare pair", () => {
  it.each([
    ["z-score reversion on GLD (30, 1.5)", { window: 30, entry_z: 1.5 }],
    ["zscore reversion on XLU with settings 40 and 1.8", { window: 40, entry_z: 1.8 }],
    ["pairs KO PEP z-score (45, 1.25)", { window: 45, entry_z: 1.25 }],
  ])("%s", (text, params) => {
    expect(ruleOf(text)).toMatchObject({ params });
  });
});

describe("resolver: a correction said after the noun of the value it replaces", () => {
  it.each([
    [
      "bollinger bands on SPY twenty day bands no sorry thirty day bands two standard deviations",
      "bollinger_bands",
      { window: 30, k: 2 },
    ],
    [
      "price above the 150 day average no wait the 100 day average on QQQ",
      "price_above_sma",
      { window: 100 },
    ],
    [
      "sma crossover on XLE the 20 day average sorry the 30 day average against the 100 day average",
      "sma_crossover",
      { fast: 30, slow: 100 },
    ],
  ])("%s", (text, name, params) => {
    expect(ruleOf(text)).toMatchObject({ name, params });
  });
});

describe("resolver: two bare periods set against each other", () => {
  it.each([
    ["ema crossover on XLE, the 30 day versus the 100 day", "ema_crossover", { fast: 30, slow: 100 }],
    ["golden cross on XLE, the 30 day against the 100 day", "sma_crossover", { fast: 30, slow: 100 }],
    ["sma crossover on IWM: the 15 day vs the 45 day", "sma_crossover", { fast: 15, slow: 45 }],
  ])("%s", (text, name, params) => {
    expect(ruleOf(text)).toMatchObject({ name, params });
  });
});
