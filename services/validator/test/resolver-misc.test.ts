import { describe, expect, it } from "vitest";
import { ruleOf } from "./resolver-helpers.ts";

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
    const m = ruleOf(text);
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
    ])
      expect(refused(text), text).toMatch(/intraday rule and the market data is daily bars/);
  });

  it("does not refuse 'hourly' or 'hour' said of something other than the bars", () => {
    expect(ruleOf("I look at my phone hourly; buy SPY above the 150-day sma")).toEqual({
      name: "price_above_sma",
      params: { window: 150 },
    });
    expect(ruleOf("rsi 10 below 25 on daily closes, I update the sheet every hour")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 10, lower: 25, upper: 75 },
    });
  });
});
