import { describe, expect, it } from "vitest";
import { firstOf, ruleOf } from "./resolver-helpers.ts";

// The rule chosen, by kind of wording (issue 14, fifth session): each kind in wordings of our own, none of them
// in a phrase set, so a fix that matched one sentence would fail here.

describe("buy and hold told without its name", () => {
  it("reads holding always, never selling, never touching as buy and hold", () => {
    for (const text of [
      "I purchase the IWM on the first bar and I keep it always, never we sell anything.",
      "put everything into VTI once and never touch it again; that is the yardstick",
      "the lazy version: buying $SPY and never selling, as a baseline for the others",
      "always hold it: buy DIA at the start and that is all",
    ])
      expect(ruleOf(text), text).toEqual({ name: "buy_and_hold", params: {} });
  });
});

describe("MACD told by its construction", () => {
  it("reads a gap or difference of two EMAs smoothed by its own EMA and crossed as MACD", () => {
    for (const [text, fast, slow, signal] of [
      [
        "compute the spread between a 10-day and a 30-day exponential average, smooth that spread with its own 7-day exponential average, and buy when the spread climbs through it",
        10,
        30,
        7,
      ],
      [
        "take the 8- and 21-bar EMAs, subtract one from the other, smooth the difference with a 5-bar EMA; long when the difference crosses above that line",
        8,
        21,
        5,
      ],
      [
        "work out a 6 and a 19 day exponential average, take the gap between them, smooth it with a 4-day EMA and buy the cross up",
        6,
        19,
        4,
      ],
    ] as const)
      expect(ruleOf(text), text).toEqual({ name: "macd", params: { fast, slow, signal } });
  });
  it("keeps two EMAs crossing each other, with no smoothing of their gap, as the EMA crossover", () => {
    expect(ruleOf("buy when the 10-day EMA crosses above the 30-day EMA, sell on the cross down")).toEqual({
      name: "ema_crossover",
      params: { fast: 10, slow: 30 },
    });
  });
});

describe("the seasonal rule told as two seasons compared", () => {
  it("holds the better season, whichever is named first", () => {
    for (const text of [
      "equities tend to do far better from November to April than from May to October, so only be invested in the cold months",
      "returns are weaker from May through October than from November through April; hold SPY in the stronger half",
    ])
      expect(ruleOf(text), text).toEqual({ name: "sell_in_may", params: { start_month: 11, end_month: 4 } });
  });
});

describe("abbreviations and chat words", () => {
  it("reads exp/expo/exp. as exponential", () => {
    for (const text of [
      "expo moving average cross 10 and 40 on ETH-USD",
      "exp. moving avg crossover, 12 over 50, QQQ",
    ])
      expect(ruleOf(text)).toMatchObject({ name: "ema_crossover" });
  });
  it("does not read a chat channel as a Donchian channel", () => {
    for (const text of [
      "@channel can someone run the 20/50 EMA cross on SPY, buy when the 20 crosses over the 50, sell when back under",
      "posting in this channel again: golden cross on IWM please, 50 over 200 simple averages",
    ])
      expect(ruleOf(text), text).not.toMatchObject({ name: "donchian_breakout" });
  });
});

describe("a sizing scheme the writer says not to care about, and momentum against a past price", () => {
  it("runs the Turtle entries and exits when the sizing is waved away", () => {
    expect(
      ruleOf(
        "Buy when the close is a new 40-day high and sell when it closes under the 15-day low; I don't care about the position sizing bit.",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 40, exit_window: 15 } });
  });
  it("reads price up compared with N months ago as time-series momentum", () => {
    expect(
      ruleOf("own TLT while its price is higher compared to 6 months ago, otherwise sit in cash"),
    ).toEqual({ name: "ts_momentum", params: { lookback: 126 } });
  });
});

describe("short-only when the long side is said to be done already", () => {
  it("refuses shorting when the writer already has the long side", () => {
    for (const text of [
      "test shorting IWM when the RSI tops 75 and covering at 45; we already tested the long side",
      "please run short SPY below its 200-day average, cover above it. the long side is already done.",
    ])
      expect(ruleOf(text), text).toMatchObject({ kind: "unsupported" });
  });
});

describe("two averages told by their periods before a cross said as a noun", () => {
  it("reads a joined pair of periods with no average named as the two averages' crossover", () => {
    for (const [text, fast, slow] of [
      ["a 15/60 crossover on DIA", 15, 60],
      ["backtest the 8 day vs the 34 day crossover", 8, 34],
      ["20 day 90 day cross, long only", 20, 90],
      ["what does a 12 and 48 day crossover do on gold", 12, 48],
      ["crossover of the 25 day average and the 120", 25, 120],
      ["golden cross but with the 40 day average against the 160", 40, 160],
    ] as const)
      expect(ruleOf(text), text).toEqual({ name: "sma_crossover", params: { fast, slow } });
  });

  it("keeps a pair after an indicator with settings of its own (a MACD's two periods, its signal the textbook 9)", () => {
    expect(ruleOf("macd 10/30 crossover")).toEqual({
      name: "macd",
      params: { fast: 10, slow: 30, signal: 9 },
    });
    expect(ruleOf("MACD(8, 21) on QQQ")).toEqual({ name: "macd", params: { fast: 8, slow: 21, signal: 9 } });
    expect(ruleOf("ema 9/40 crossover")).toEqual({ name: "ema_crossover", params: { fast: 9, slow: 40 } });
  });
});

describe("settings named by their role in a squeeze", () => {
  it("reads 'lookback N' and 'window N' said as key and value", () => {
    for (const [text, window, k, lookback] of [
      ["bb squeeze 20 2 lookback 150", 20, 2, 150],
      ["bollinger squeeze window 25 k 1.5 lookback 90", 25, 1.5, 90],
      ["squeeze on IWM, 15 day bands, 2 sd, lookback 200 days", 15, 2, 200],
    ] as const)
      expect(ruleOf(text), text).toEqual({ name: "bollinger_squeeze", params: { window, k, lookback } });
  });
});

describe("the z-score told as its arithmetic in words", () => {
  it("reads the price minus its mean divided by (or over) its standard deviation as the z-score", () => {
    for (const [text, window, entry_z, exit_z] of [
      ["price minus its 40 day mean divided by its standard deviation, buy under -2, sell at 0", 40, 2, 0],
      [
        "take the close minus the 25 day average, divide by the 25 day standard deviation, buy below -1.5, sell above 0",
        25,
        1.5,
        0,
      ],
      ["(close minus 60 day mean) over 60 day std dev: buy below -2.5, exit at 0", 60, 2.5, 0],
    ] as const)
      expect(ruleOf(text), text).toEqual({ name: "zscore_reversion", params: { window, entry_z, exit_z } });
  });
});

describe("'relative strength' alone, bought low and sold high on its scale", () => {
  it("reads it as the RSI, misspelt too, and leaves one symbol's strength against another alone", () => {
    for (const [text, window, lower, upper] of [
      ["relative strength 9, buy below 25, sell above 70 on IWM", 9, 25, 70],
      ["reletive strength 12 period: buy under 30 and sell over 60", 12, 30, 60],
      ["relative strength 7, oversold 20 overbought 80, on XLE", 7, 20, 80],
    ] as const)
      expect(ruleOf(text), text).toEqual({ name: "rsi_mean_reversion", params: { window, lower, upper } });
    expect(ruleOf("relative strength of QQQ against SPY over 6 months, hold the stronger")).not.toMatchObject(
      {
        name: "rsi_mean_reversion",
      },
    );
  });
});

describe("settings right after a band's name, before 'mean reversion'", () => {
  it("keeps a slashed window and width with the bands, not the 'mean' after them", () => {
    for (const [text, window, k] of [
      [
        "Bollinger 25/2.5 mean reversion on XLP; buy below the lower band, sell above the upper band",
        25,
        2.5,
      ],
      [
        "bollinger bands 15/1.8 mean-reversion on EWA, in under the lower band and out over the upper",
        15,
        1.8,
      ],
    ] as const)
      expect(ruleOf(text), text).toEqual({ name: "bollinger_bands", params: { window, k } });
  });
});

describe("an analyst's time is no analyst data", () => {
  it("runs the rule when a message budgets analyst days, and still refuses a rule on analysts' calls", async () => {
    expect(
      ruleOf("Minutes, 7 present: agreed to test the 40/15 channel breakout on USO; budget 2 analyst days."),
    ).toEqual({ name: "donchian_breakout", params: { window: 40, exit_window: 15 } });
    expect((await firstOf("buy XLE after analyst upgrades, sell on downgrades")).refused).toBe(true);
  });
});
