import { describe, expect, it } from "vitest";
import { firstOf } from "./resolver-helpers.ts";

// Issue 14, sets 66-67: four prose families the resolver misread, each in wordings of our own (none is in a phrase
// set): buy and hold in a learner's English, a signal computed from outside data in a ticket, MACD's settings
// written fast/slow/signal, and the z-score told as the standardizing that makes it.

describe("buy and hold in a learner's English (reading/holding.ts)", () => {
  it.each([
    "Make for me the backtest: buy QQQ in the start, then keep it just until the end, without sell.",
    "Buy TLT at the first day and after hold it until the very end without to sell anything.",
    "Test for comparison only: buying the IWM at the start and holding it only to the end.",
    "I want to buy SLV on the first day and keep it till the end, without any selling.",
  ])("%s", async (text) => {
    expect(await firstOf(text)).toMatchObject({ refused: false, name: "buy_and_hold" });
  });
  it("leaves a hold that ends at a calendar point to the rule that enters it", async () => {
    const r = await firstOf(
      "buy GLD when it closes above its 50-day average and hold it until the end of the month",
    );
    expect(r.name).not.toBe("buy_and_hold");
  });
});

describe("a signal computed from outside data, in a text of several sentences (reading/outside.ts)", () => {
  it.each([
    "Ops ticket. Run every Reddit post about TSLA through a classifier, go long when the bullish share passes 70% and exit below 50%. Budget approved.",
    "Hey desk, one more for the queue (sorry). Rate each news story on AMZN with a sentiment classifier, go long when the weekly average tops 0.3 and go flat when it dips below zero. Data costs are covered.",
    "Hi all, quick favour (third today). Take every tweet about SOL-USD, score it with a sentiment model, buy when the daily score average climbs over 0.65 and sell when it sinks beneath 0.35. Already paid for.",
    "Hello team! Count the tweets that mention DOGE-USD each day, buy when the count doubles its 20-day average, sell when it halves.",
  ])("%s", async (text) => {
    expect(await firstOf(text)).toMatchObject({ refused: true });
  });
});

describe("MACD's settings written fast/slow/signal beside its logic (reading/macd-logic.ts)", () => {
  it.each([
    [
      "Use the 8/21/6 settings: go long when the gap between the fast and slow exponential averages rises through its smoothed trigger line, flat when it falls back through it.",
      { fast: 8, slow: 21, signal: 6 },
    ],
    [
      "A 10-30-7 setup on XLK: buy when the spread of the two EMAs crosses above its signal line, sell when it crosses below.",
      { fast: 10, slow: 30, signal: 7 },
    ],
    [
      "With parameters 6/19/4, enter when the difference between a quick and a slow exponential average climbs over its own smoothing, exit on the cross back down.",
      { fast: 6, slow: 19, signal: 4 },
    ],
    [
      "Linda Raschke's 3/10/16 version: buy when the difference of the two exponential averages crosses above its smoothed signal line, sell on the cross under.",
      { fast: 3, slow: 10, signal: 16 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "macd", params });
  });
});

describe("the z-score told as the standardizing that makes it (reading/lexicon.ts)", () => {
  it.each([
    [
      "Standardise the close of XLU against its 40-day mean and standard deviation; buy when that reading drops under minus 1.5 and sell once it is back at zero.",
      { window: 40, entry_z: 1.5, exit_z: 0 },
    ],
    [
      "Normalize the price by its 25-day average and standard deviation, go long below -2 and exit when it returns to the mean.",
      { window: 25, entry_z: 2, exit_z: 0 },
    ],
    [
      "Subtract the 50-day mean and divide by the 50-day standard deviation; buy under minus two, sell at zero.",
      { window: 50, entry_z: 2, exit_z: 0 },
    ],
    [
      "standardizing each close with a 15-day mean and stdev, enter long when it is below -1 and sell when price gets back to the average",
      { window: 15, entry_z: 1, exit_z: 0 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "zscore_reversion", params });
  });
});
