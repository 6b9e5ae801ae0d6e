import { describe, expect, it } from "vitest";
import { numbersInWords } from "../src/resolver/reading/numbers.ts";
import { normalise } from "../src/resolver/reading/tokens.ts";
import { ruleOf } from "./resolver-helpers.ts";

// Issue 14, held-out-45, 46 and 48: non-native wordings, spoken numbers and story context, fixed by kind. Every
// wording here is this file's own, in none of the phrase sets.

describe("Romance calques of a moving average and of a crossing's direction", () => {
  it("reads the noun before its adjectives: averages mobiles, mean mobile, medie mobili", () => {
    expect(
      ruleOf(
        "a crossing of the averages mobiles exponentials on MSFT, the short of 10 days and the long of 40 days",
      ),
    ).toEqual({ name: "ema_crossover", params: { fast: 10, slow: 40 } });
    expect(
      ruleOf("stay in DIA while the close is over the moyenne mobile of 150 days, and out while it is under"),
    ).toMatchObject({ name: "price_above_sma", params: { window: 150 } });
    expect(
      ruleOf("crossing of the medie mobili semplici on QQQ, the quick of 20 days and the slow of 60 days"),
    ).toEqual({ name: "sma_crossover", params: { fast: 20, slow: 60 } });
  });

  it("reads a mean with its kind as an average, 'the exponentials' as EMAs, the index of relative strength", () => {
    expect(
      ruleOf("stay invested in EFA while the price is above the exponential mean of 80 days"),
    ).toMatchObject({
      name: "price_above_ema",
      params: { window: 80 },
    });
    expect(ruleOf("the 8 and 34 exponentials crossing on XLK, long above, flat below")).toEqual({
      name: "ema_crossover",
      params: { fast: 8, slow: 34 },
    });
    expect(
      ruleOf("the index of relative strength of 3 days under 15 on QQQ: buy; over 80: sell"),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 3, lower: 15, upper: 80 } });
    expect(
      ruleOf("on EWZ the average moving simple of 25 days: invested above it, out below it"),
    ).toMatchObject({ name: "price_above_sma", params: { window: 25 } });
  });

  it("reads 'cuts … to upward' and 'to the downside' as the crossing's direction", () => {
    expect(
      ruleOf(
        "on XLF the mean mobile of 30 days cuts to upward the mean mobile of 90 days: buy. it cuts to the downside: sell",
      ),
    ).toEqual({ name: "sma_crossover", params: { fast: 30, slow: 90 } });
    expect(normalise("when the fast cuts the slow upwards i enter")).toContain("crosses above the slow");
    expect(normalise("when it crosses the slow towards downward i exit")).toContain("crosses below the slow");
    // A target after the verb is no direction: "crosses above the 20-day high" keeps its words.
    expect(normalise("buy when it crosses above the 20-day high")).toContain("crosses above the 20-day high");
  });
});

describe("a day counted from the month's end in ordinal words", () => {
  it("reads Latin and English ordinals from the end as days before the last", () => {
    expect(
      ruleOf(
        "buy IWM on the close of the last but two trading day of the month, sell on the 2nd trading day after",
      ),
    ).toMatchObject({ name: "turn_of_month", params: { days_before: 2, days_after: 2 } });
    expect(
      ruleOf(
        "turn of month: in at the third from last session of the month, out on the 5th trading day of the next",
      ),
    ).toMatchObject({ name: "turn_of_month", params: { days_before: 2, days_after: 5 } });
    expect(
      ruleOf(
        "month end effect on DIA: entry the preantepenultimate trading day of the month, exit the 1st trading day",
      ),
    ).toMatchObject({ name: "turn_of_month", params: { days_before: 3, days_after: 1 } });
    expect(
      ruleOf(
        "SPY from the ante-penultimate trading day of the month to the 3rd trading day of the next month",
      ),
    ).toMatchObject({ name: "turn_of_month", params: { days_before: 2, days_after: 3 } });
  });
});

describe("spans and day counts in other languages' and trades' words", () => {
  it("reads 'semester' as 6 months, 'trimester' as a quarter", () => {
    expect(ruleOf("buy EEM when the return of the last semester is positive, else cash")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 126 },
    });
    expect(ruleOf("hold VNQ while its momentum over 2 trimesters is above zero")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 126 },
    });
  });

  it("reads T-n and T+n around the month's end as days before its last and days into the next", () => {
    expect(ruleOf("month-end flows on IWM: buy at T-3, sell at T+2 of the new month")).toMatchObject({
      name: "turn_of_month",
      params: { days_before: 3, days_after: 2 },
    });
    expect(ruleOf("long DIA from T-2 before month end to the close of T+4")).toMatchObject({
      name: "turn_of_month",
      params: { days_before: 2, days_after: 4 },
    });
  });
});

describe("spoken decimals and number homophones", () => {
  it("reads 'point nine', 'nought point seven' and 'one comma five' as decimals", () => {
    expect(numbersInWords("a hedge of point nine")).toBe("a hedge of 0.9");
    expect(numbersInWords("nought point seven")).toBe("0.7");
    expect(numbersInWords("bands at one comma five deviations")).toBe("bands at 1.5 deviations");
    expect(numbersInWords("exit at minus point five")).toBe("exit at -0.5");
    // Digits dictated one by one after the point or comma.
    expect(numbersInWords("a hedge of zero point eight five")).toBe("a hedge of 0.85");
    expect(numbersInWords("point two five")).toBe("0.25");
    expect(numbersInWords("zero comma seven five")).toBe("0.75");
    // "the point" is a place, not a decimal.
    expect(numbersInWords("at the point five days in")).toBe("at the point 5 days in");
    expect(
      ruleOf(
        "pairs KO and PEP with a fixed hedge of point nine, buy when the spread z score is below minus two",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { hedge: 0.9 } });
    expect(
      ruleOf("bollinger on IWM, 20 days, bands at one comma five standard deviations, buy the lower band"),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 20, k: 1.5 } });
  });

  it("reads 'to', 'too', 'won', 'fore' before 'hundred' as the number they sound like", () => {
    expect(numbersInWords("the too hundred day average")).toBe("the 200 day average");
    expect(numbersInWords("over the won hundred day line")).toBe("over the 100 day line");
    expect(numbersInWords("a fore hundred day lookback")).toBe("a 400 day lookback");
    expect(numbersInWords("windows from fifty to hundred days")).toBe("windows from 50 to 100 days");
    expect(numbersInWords("up to hundred trades")).toBe("up to 100 trades");
    expect(ruleOf("stay long QQQ above the too hundred day sma, flat below it")).toMatchObject({
      name: "price_above_sma",
      params: { window: 200 },
    });
    // "to" elsewhere stays a word: "from 20 to 100" (the article of "a hundred" is the hundred's one).
    expect(numbersInWords("from twenty to a hundred days")).toBe("from 20 to 100 days");
  });

  it("reads the multiplication sign said in words in a spread formula", () => {
    expect(
      ruleOf(
        "pair XOM and CVX: the spread is log XOM minus 1.2 multiplied by log CVX, z over 40 days, buy below -2",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { hedge: 1.2, window: 40, entry_z: 2 } });
    expect(
      ruleOf("KO/PEP spread = KO - 0,9 multiply PEP, z-score on 30 days, enter under -1.5, exit at 0"),
    ).toMatchObject({ name: "pairs_zscore", params: { hedge: 0.9, window: 30, entry_z: 1.5 } });
  });
});

describe("hyphenated compound sizes", () => {
  it("reads a size whose unit is two hyphenated words", () => {
    expect(
      ruleOf("buy TLT under the 25-day, 2.5-standard-deviation lower Bollinger band, sell at the upper band"),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 25, k: 2.5 } });
    expect(
      ruleOf(
        "Bollinger bands of 40 days and three-standard-deviation width on GLD, buy the lower band, sell the upper band",
      ),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 40, k: 3 } });
    expect(ruleOf("breakout on the 55-trading-day high, exit on the 20-trading-day low, USO")).toMatchObject({
      name: "donchian_breakout",
      params: { window: 55, exit_window: 20 },
    });
  });
});

describe("story context: reference numbers, counts, the writer's history and time, a rule set apart", () => {
  it("a ticket or reference number is no period", () => {
    expect(ruleOf("Ticket 30917: EMA crossover on AMD, the 9 and the 21.")).toEqual({
      name: "ema_crossover",
      params: { fast: 9, slow: 21 },
    });
    expect(ruleOf("Ref: 40213. A cross of two exponential averages on SPY, the 8 and the 21")).toEqual({
      name: "ema_crossover",
      params: { fast: 8, slow: 21 },
    });
    expect(normalise("see case #88412 and issue 1207")).not.toMatch(/\d/);
    // A code comment's "# 20-day SMA" keeps its period.
    expect(normalise("# 20-day sma")).toContain("20-day");
  });

  it("a count of averages is no period", () => {
    expect(normalise("a crossover of 2 exponential averages, the 7 and the 35")).not.toMatch(/\b2\b/);
    expect(normalise("3 simple moving averages")).not.toMatch(/\b3\b/);
    expect(
      ruleOf(
        "Same numbers as the MACD: a crossover of 2 exponential averages on DIA, the 12 and the 26, not the MACD signal line",
      ),
    ).toEqual({ name: "ema_crossover", params: { fast: 12, slow: 26 } });
  });

  it("a rule named only to set the request apart from it loses", () => {
    expect(
      ruleOf(
        "a 5/35 exponential crossover on XLF. Same periods as in the MACD some people use, but I mean the two lines crossing, not the MACD histogram.",
      ),
    ).toEqual({ name: "ema_crossover", params: { fast: 5, slow: 35 } });
    expect(
      ruleOf(
        "buy SPY when its 20-day z-score drops under -2 rather than the Bollinger band touch; sell at the mean",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 20, entry_z: 2 } });
  });

  it("the writer's trading history and time budget are no rule and no setting", () => {
    expect(
      ruleOf(
        "Some background. I began trading in 2019 and blew up on meme stocks. Now: buy QQQ when the 50-day SMA crosses above the 200-day, sell on the cross down.",
      ),
    ).toEqual({ name: "sma_crossover", params: { fast: 50, slow: 200 } });
    expect(
      ruleOf(
        "I've been day trading crypto and lost on meme stocks, so now I want RSI(3) on SPY: buy under 15, sell over 85. I have 6 hours a week.",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 3, lower: 15, upper: 85 } });
    expect(normalise("i have maybe 6 hours a week, 45 minutes per day")).not.toMatch(/\d/);
  });
});
