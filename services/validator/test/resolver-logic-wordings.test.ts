import { describe, expect, it } from "vitest";
import { firstOf, ruleOf } from "./resolver-helpers.ts";

// The rule chosen when it is told by its logic, in non-native English or in dictation (issue 14, sixth session):
// each kind in wordings of our own (other tickers, numbers and word orders), none of them in a phrase set, each
// resolved wrongly or refused before its fix.

describe("comparatives built with 'more' or 'superior to', as other languages build them", () => {
  it("reads the price more high than N months ago as time-series momentum", () => {
    for (const [text, lookback] of [
      [
        "When the close of EWZ is more big than the one of 3 months ago I buy, when it is more small I sell.",
        63,
      ],
      ["I keep QQQ while its price is more high compared to 12 months before, if not I stay in cash", 252],
      ["if the value of SLV today is superior to the value of 9 months ago, be long; otherwise go out", 189],
      ["buy DBC when the close is more high than the close of 40 days ago and sell when it is more low", 40],
      ["when the price of EWG is more elevated than 3 months ago I buy, else cash", 63],
      ["hold SPY when the course is higher as 12 months ago, otherwise stay in cash", 252],
      ["SPY: if it is upper than 12 months ago stay long else cash", 252],
    ] as const)
      expect(ruleOf(text), text).toEqual({ name: "ts_momentum", params: { lookback } });
  });
});

describe("short-only rules whose 'long' is a span of time or a side the writer is barred from", () => {
  it("refuses the short rule", async () => {
    for (const text of [
      "Short NVDA as soon as the RSI passes 85 and cover at 55; I won't hold it long, as long as it works",
      "short IWM whenever it closes below the 50-day average, buy it back when above; the mandate says we can't go long",
      "Please short QQQ when RSI(2) goes over 95 and cover under 60. We're not permitted to go long in this account.",
      "short the XLF when RSI(3) tops 90, cover when it falls under 50; I don't want to hold long positions",
      "Short SPY when the RSI is over 75, and close the short at 50. Long positions are not allowed here.",
    ])
      expect((await firstOf(text)).refused, text).toBe(true);
  });
  it("keeps a long rule whose 'long' is only a span of time", () => {
    expect(
      ruleOf("Buy SPY when RSI(2) is under 10, sell above 70. We can't hold it long for compliance reasons."),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 70 } });
  });
});

describe("buy and hold told as the position left alone", () => {
  it("reads 'don't touch it', 'do not sell it ever' and a purchase made once as buy and hold", () => {
    for (const text of [
      "Malkiel's advice in one line: purchase an index fund like VTI, don't time it and don't touch it again. Backtest that as my benchmark.",
      "put all of it in IWM on day one and do not sell it ever",
      "buy a broad bond fund once and never rebalance it; AGG please",
      "invest all in VTI the first day and from then on do not touch anything",
      "just buy IWM and never look back",
      "buy VTI and don't look at it again",
      "Put my money in SPY at the start and let it ride",
      "buy VOO on the first day and let it sit for the whole test",
      "hands-off baseline: buy IWM at the start, no trades after the initial purchase",
      "the simplest possible: buy AGG, then nothing, the benchmark for my rules",
    ])
      expect(ruleOf(text), text).toEqual({ name: "buy_and_hold", params: {} });
  });
  it("keeps the rule when a condition follows the verb, or the hands-off is a rule's", () => {
    for (const [text, name] of [
      ["buy SPY when RSI(2) drops under 10 and don't sell it until RSI is above 70", "rsi_mean_reversion"],
      ["buy QQQ on the golden cross and let it ride until the death cross", "sma_crossover"],
      ["hands-off trend following: buy SPY above its 200-day, sell below", "price_above_sma"],
      ["buy SPY when it closes above the 200-day, then nothing until it closes below", "price_above_sma"],
    ] as const)
      expect(ruleOf(text), text).toMatchObject({ name });
  });
});

describe("MACD told by its construction, the periods stated apart from it", () => {
  it("reads the difference of a fast and a slow EMA smoothed into a signal line as MACD", () => {
    for (const [text, fast, slow, signal] of [
      [
        "Compute the difference of the fast and slow EMAs and smooth it with a 7-day signal line; go long when it crosses up. Fast 10, slow 30, on XLK.",
        10,
        30,
        7,
      ],
      [
        "the spread between the two EMAs, smoothed by a 5-bar signal line: enter when the spread crosses above it and leave on the cross down. Use 8 and 21 for the EMAs.",
        8,
        21,
        5,
      ],
      [
        "take the fast exponential average minus the slow one and smooth the result with a 4-period average; buy when the line crosses over it. The averages are 6 and 19 days.",
        6,
        19,
        4,
      ],
      [
        "take two EMAs, fast 8 and slow 17, subtract them, then put a 9-period EMA on the result as signal; buy the bullish cross",
        8,
        17,
        9,
      ],
      [
        "the fast minus slow exponential average, smoothed 5 days, crossing: buy up, sell down; fast 10 slow 35",
        10,
        35,
        5,
      ],
      [
        "Gerald Appel's method on DIA: subtract the 30-day EMA from the 10-day EMA, smooth that to get the signal line, buy when the difference crosses above it and sell on the way down",
        10,
        30,
        9,
      ],
    ] as const)
      expect(ruleOf(text), text).toEqual({ name: "macd", params: { fast, slow, signal } });
  });
  it("keeps the gap of two EMAs turning positive, with no smoothing, as the EMA crossover", () => {
    expect(
      ruleOf("buy when the gap between the fast and the slow EMA turns positive, 10 and 40 days"),
    ).toEqual({
      name: "ema_crossover",
      params: { fast: 10, slow: 40 },
    });
  });
});

describe("one standard deviation told with an article", () => {
  it("reads a full, single or half standard deviation as the z-score's entry", () => {
    for (const [text, window, entry_z] of [
      [
        "Chan's example on EWA: z-score against a 15-day mean; buy once the close is a full standard deviation under it and sell back at the mean",
        15,
        1,
      ],
      [
        "z score of SLV over 30 days, enter at half a standard deviation below the mean, exit at the mean",
        30,
        0.5,
      ],
      [
        "zscore reversion, 20 days, long when price sits a single standard deviation below its average, out at zero",
        20,
        1,
      ],
      ["buy XLU when it is a standard deviation and a half below its 25-day mean, exit at the mean", 25, 1.5],
    ] as const)
      expect(ruleOf(text), text).toEqual({
        name: "zscore_reversion",
        params: { window, entry_z, exit_z: 0 },
      });
  });
});

describe("pairs dictated: companies in lower case, settings in words", () => {
  it("keeps the pair unbound instead of refusing it", async () => {
    for (const [text, name, params] of [
      [
        "pair trade shell and bp on a thirty day z score, in at minus two, out at zero",
        "pairs_zscore",
        { window: 30, entry_z: 2, exit_z: 0 },
      ],
      [
        "pair trading visa versus mastercard, z score of the spread, buy visa under minus two",
        "pairs_zscore",
        {},
      ],
      ["pairs trade home depot and lowes", "pairs_zscore", {}],
      [
        "pairs trading with a rolling hedge ratio over one hundred twenty days and a z score window of fifteen, enter below minus one point five, exit at zero",
        "pairs_zscore_fitted",
        { window: 15, hedge_window: 120, entry_z: 1.5, exit_z: 0 },
      ],
    ] as const) {
      const r = await firstOf(text);
      expect(r, text).toMatchObject({ refused: false, name, params, symbols: [] });
    }
  });
  it("still refuses a pair named by no company and no setting", async () => {
    for (const text of ["pairs trading the log prices and the ratio", "pairs trading cointegration"])
      expect((await firstOf(text)).refused, text).toBe(true);
  });
});

describe("the season told as a purchase held to a month", () => {
  it("reads 'buy in A and hold through B' as in the market from A through B", () => {
    for (const [text, start_month, end_month] of [
      ["buy QQQ in early December and keep it until the end of May, then sit in cash", 12, 5],
      [
        "get into IWM at the beginning of December and stay invested through June; cash the rest of the year",
        12,
        6,
      ],
      ["seasonal trade: go long DIA at the start of September, ride it through March, flat otherwise", 9, 3],
      [
        "own EFA from the start of November and remain in the market through March, out the rest of the year",
        11,
        3,
      ],
      [
        "enter EWJ at the beginning of November, hold it until the end of April, then cash until November again",
        11,
        4,
      ],
      ["I buy DIA the first of October and I keep until end of May, after I am in cash", 10, 5],
    ] as const)
      expect(ruleOf(text), text).toEqual({ name: "sell_in_may", params: { start_month, end_month } });
  });
});

describe("names calqued from other languages or misheard in dictation", () => {
  it("reads 'double momentum' and 'momentum double' as dual momentum", async () => {
    for (const [text, lookback] of [
      ["double momentum on EEM and IEF with 12 months of lookback", 252],
      [
        "Momentum double between VNQ and AGG: we hold VNQ if its return of 9 months is positive and bigger than that of AGG, if not cash.",
        189,
      ],
    ] as const)
      expect(await firstOf(text), text).toMatchObject({ name: "dual_momentum", params: { lookback } });
  });
  it("reads 'zee score' and 'zed score' as the z-score", () => {
    for (const [text, window, entry_z] of [
      ["zed score reversion on copper, thirty day window, in below minus two, out at zero", 30, 2],
      [
        "buy USO when the zee score of price over twenty days drops under minus one and sell back at the average",
        20,
        1,
      ],
      [
        "zee scores on TLT over a sixty day window, long under minus one point five, flat at the mean",
        60,
        1.5,
      ],
    ] as const)
      expect(ruleOf(text), text).toEqual({
        name: "zscore_reversion",
        params: { window, entry_z, exit_z: 0 },
      });
  });
  it("reads a compression of the bands as the squeeze, and the band inferior as the lower band", () => {
    for (const [text, window, lookback] of [
      [
        "Bollinger compression on SMH, bands of 15 days and 2 deviations: after a compression of the bands, buy the close over the upper band, sell under the middle band",
        15,
        120,
      ],
      [
        "a compression of the Bollinger bands (20, 2) on IWM, then buy the break above the upper band and exit at the middle band",
        20,
        120,
      ],
    ] as const)
      expect(ruleOf(text), text).toEqual({ name: "bollinger_squeeze", params: { window, k: 2, lookback } });
    expect(
      ruleOf(
        "On EWW, Bollinger of 20 days and 2 sigma, even when the bands are tight: buy when the close goes under the band inferior, sell when it passes over the band superior",
      ),
    ).toEqual({ name: "bollinger_bands", params: { window: 20, k: 2 } });
  });
});

describe("word salad with an indicator of a day of the week", () => {
  it("counts 'the RSI of Saturdays' as a sign of nonsense", () => {
    for (const text of ["rsi my bollinger of Mondays", "bollinger my rsi of the Saturdays overbought"])
      expect(ruleOf(text), text).toMatchObject({ kind: "unsupported" });
  });
});

describe("a season named only to be set aside, and a ticket's empty exit", () => {
  it("keeps the turn of the month told by its days over one month beside 'seasonal'", () => {
    for (const text of [
      "seasonal anomalies project (skip the January effect for now): turn of the month on QQQ, buy at the close 2 days before month end, sell at the close of the 2nd trading day of the new month",
      "for the seasonality review: the December rally is out of scope; test turn-of-the-month on IWM with the last 3 days of the month and the first 2 days of the next",
    ])
      expect(ruleOf(text), text).toEqual({
        name: "turn_of_month",
        params: { days_before: 2, days_after: 2 },
      });
  });
  it("reads 'exit: n/a' as never out", () => {
    expect(ruleOf("benchmark run | symbol EFA | entry first bar | exit: n/a")).toEqual({
      name: "buy_and_hold",
      params: {},
    });
  });
});
