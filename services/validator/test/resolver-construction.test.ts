import { describe, expect, it } from "vitest";
import { ruleOf } from "./resolver-helpers.ts";

// Indicators told by how they are built rather than by name, in sentences written for this test (none is in a
// phrase set): the MACD as a smoothed difference of two EMAs, Bollinger bands as envelopes sized in standard
// deviations, an EMA called "an exponential one", and the stochastic and Ichimoku (which the language lacks) by
// their lines, refused rather than read as another rule.
describe("resolver: MACD told by its construction", () => {
  const cases: Array<[string, Record<string, number>]> = [
    [
      "Take the 10-day exponential average minus the 35-day one, smooth the result using a 5-day EMA, go long when the raw line moves above the smoothed line and exit when it drops back below.",
      { fast: 10, slow: 35, signal: 5 },
    ],
    [
      "Build a line by subtracting a 40-day EMA from a 15-day EMA; the signal line is built from a 7-day EMA of that line. Buy when the line crosses above the signal and sell when it crosses below.",
      { fast: 15, slow: 40, signal: 7 },
    ],
    [
      "I compute the gap between the 8- and 21-day exponential moving averages and smooth it with a 6-day exponential average; buy on the gap crossing above the smoothed gap, sell on the opposite cross.",
      { fast: 8, slow: 21, signal: 6 },
    ],
    [
      "Subtract a 30-day exponential average from a 14-day one, then smooth that result by an 11-day exponential average; long while the result is above its smoothed copy.",
      { fast: 14, slow: 30, signal: 11 },
    ],
  ];
  for (const [text, params] of cases)
    it(text.slice(0, 70), () => {
      expect(ruleOf(text)).toMatchObject({ name: "macd", params });
    });
  it("the signal defined first, as an EMA of the difference written as a formula", () => {
    expect(
      ruleOf(
        "Trigger: the 6-day EMA of (EMA8 - EMA30). Go long when EMA8 - EMA30 crosses above it and go flat when it crosses under.",
      ),
    ).toMatchObject({ name: "macd", params: { fast: 8, slow: 30, signal: 6 } });
  });
  it("a 'spread' of two EMAs is the MACD line, not two symbols' spread", () => {
    expect(
      ruleOf(
        "Subtract a 30-day exponential average from a 14-day one, then smooth that spread by an 11-day exponential average; long while the spread is above its smoothed copy.",
      ),
    ).toMatchObject({ name: "macd", params: { fast: 14, slow: 30, signal: 11 } });
  });
  it("a spread of two named symbols stays pairs trading", () => {
    expect(
      ruleOf("trade the spread of XOM and CVX: buy XOM when the spread z-score is below -2, exit at 0"),
    ).toMatchObject({ name: "pairs_zscore" });
  });
  it("the difference of two EMAs with no smoothing of it stays the EMA crossover", () => {
    expect(
      ruleOf(
        "subtract a 30-day exponential average from a 14-day one and buy when that difference turns positive, sell when it turns negative",
      ),
    ).toMatchObject({ name: "ema_crossover", params: { fast: 14, slow: 30 } });
  });
});

describe("resolver: envelopes sized in standard deviations are Bollinger bands", () => {
  const cases: Array<[string, Record<string, number>]> = [
    [
      "Wrap a 15-day simple average in envelopes one and a half standard deviations wide on each side. Go long when price falls below the bottom envelope and get out at the top envelope.",
      { window: 15, k: 1.5 },
    ],
    [
      "Set envelopes 2.5 standard deviations around a 25-day simple moving average; buy a close under the lower envelope and sell a close over the upper envelope.",
      { window: 25, k: 2.5 },
    ],
    [
      "Draw lines 1.5 standard deviations above and below a 35-day moving average; buy when the close slips under the lower line and sell once it gets over the upper line.",
      { window: 35, k: 1.5 },
    ],
    [
      "An envelope 3 sigma either side of the 60-day mean: buy on a close below the lower envelope, sell on a close above the upper envelope.",
      { window: 60, k: 3 },
    ],
    [
      "buy XLF on a close below the 40-day, 2.5-standard-deviation lower Bollinger band, sell on a close above the upper band",
      { window: 40, k: 2.5 },
    ],
  ];
  for (const [text, params] of cases)
    it(text.slice(0, 70), () => {
      expect(ruleOf(text)).toMatchObject({ name: "bollinger_bands", params });
    });
  it("a fixed-percent envelope is still refused", () => {
    expect(
      ruleOf(
        "Buy when price closes 3% below its 20-day moving average envelope and sell at the upper envelope",
      ),
    ).toMatchObject({ kind: "unsupported" });
  });
});

describe("resolver: 'an exponential one of N days' is the N-day EMA", () => {
  const cases: Array<[string, string, number]> = [
    [
      "Rather than the simple average, take an exponential one of 45 days and hold QQQ while the price is above it, otherwise cash.",
      "price_above_ema",
      45,
    ],
    [
      "Not a simple moving average: a smoothed exponential one (80 days). Own SPY when the close is over it, flat when under.",
      "price_above_ema",
      80,
    ],
    ["use a simple one of 120 days and hold while price is above it", "price_above_sma", 120],
  ];
  for (const [text, rule, window] of cases)
    it(text.slice(0, 70), () => {
      expect(ruleOf(text)).toMatchObject({ name: rule, params: { window } });
    });
});

describe("resolver: the stochastic and Ichimoku told by their lines are refused", () => {
  it.each([
    "buy QQQ when the fast %K line rises through the %D under 25, exit once %K tops 75",
    "Buy when percent K crosses percent D below 20 on IWM",
    "I go long when the tenkan crosses over the kijun and price is above the kumo",
    "Long once the close is above the cloud and the 9-period conversion line is over the 26-period base line; out when price drops into the cloud.",
  ])("%s", (text) => {
    expect(ruleOf(text)).toMatchObject({ kind: "unsupported" });
  });
  it("a cloud of another kind names nothing", () => {
    expect(
      ruleOf(
        "buy when the price breaks out above the 20 day high and sell under the 10 day low, a cloud of doubt aside",
      ),
    ).toMatchObject({ name: "donchian_breakout" });
  });
});
