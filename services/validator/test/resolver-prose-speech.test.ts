import { describe, expect, it } from "vitest";
import { numbersInWords } from "../src/resolver/reading/numbers.ts";
import { spokenLetters } from "../src/resolver/reading/spoken.ts";
import { spokenYears } from "../src/resolver/reading/spoken-years.ts";
import { firstOf } from "./resolver-helpers.ts";

// Issue 14, sets 70-76: non-native English, chat and dictation the resolver misread, each kind in wordings of our own
// (none is in a phrase set): the exchange's day and a month's span told with other nouns, "in" of time beside a
// season's cash months, chat slang for holding, dictation's settings run on after an exit, indicator names misheard,
// another language's noun behind "moving", East Asian names for MACD's crossings, and fractions in words or signs.

describe("the exchange's open day by another noun (reading/calendar-calques.ts)", () => {
  it.each([
    [
      "Turn of month on IWM: I buy at the close of the last working day of the month and I sell at the close of the second working day of the next month.",
      { days_before: 0, days_after: 2 },
    ],
    [
      "QQQ: buy the close of the penultimate market day of the month, sell the close of the first market day of the new month.",
      { days_before: 1, days_after: 1 },
    ],
    [
      "For XLF I buy at the close of the last day of trading of the month and I sell at the close of the fourth day of trading of the next month.",
      { days_before: 0, days_after: 4 },
    ],
    [
      "Month change effect on DIA: in on the antepenultimate business day, out at the close of the second business day of the following month.",
      { days_before: 2, days_after: 2 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "turn_of_month", params });
  });
});

describe("settlement-style day counts said aloud or after the month (calendar-calques.ts, lexicon.ts)", () => {
  it.each([
    ["turn of the month on SPY: in at T minus two, out at T plus three", { days_before: 2, days_after: 3 }],
    ["month end on IWM, buy at T minus 3 and sell at T plus 1", { days_before: 3, days_after: 1 }],
    ["Turn of the month on XLP: in at T-2, out at T+4.", { days_before: 2, days_after: 4 }],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "turn_of_month", params });
  });
});

describe("the turn of the month named as the month's change (calendar-calques.ts)", () => {
  it.each([
    "The change of month effect on SPY, please.",
    "I want to test the passage of the month on IWM with the usual days.",
    "Month change effect on DIA, textbook version.",
  ])("%s", async (text) => {
    expect(await firstOf(text)).toMatchObject({
      name: "turn_of_month",
      params: { days_before: 1, days_after: 3 },
    });
  });
});

describe("the halves of the year with the adjective after the noun (calendar-calques.ts)", () => {
  it.each([
    "the strategy of the six months favorable on DIA",
    "the six months unfavorable in cash and the six months favorable invested, on EFA",
    "the semester favorable of the year on EWP, please",
  ])("%s", async (text) => {
    expect(await firstOf(text)).toMatchObject({
      name: "sell_in_may",
      params: { start_month: 11, end_month: 4 },
    });
  });
});

describe("a season's months told with their noun or with the month's end by another noun (calendar-calques.ts)", () => {
  it.each([
    [
      "Seasonal on QQQ: buying in the month of November and staying until the ending of the month of April, then outside until November.",
      { start_month: 11, end_month: 4 },
    ],
    [
      "I want the seasonal strategy for IWM: entry at the beginning of the month of October and remain until the finish of the month of February, then exit and stay out.",
      { start_month: 10, end_month: 2 },
    ],
    [
      "Seasonal for EEM: the entry in the month of January and remaining until the ending of the month of May, after that outside until January.",
      { start_month: 1, end_month: 5 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "sell_in_may", params });
  });
});

describe('"in" of time before a season\'s cash months (reading/calendar.ts)', () => {
  it.each([
    [
      "Halloween effect on DIA: holding from November until April, and in the months from May to October staying in cash.",
      { start_month: 11, end_month: 4 },
    ],
    [
      "The seasonal rule for IWM: invested from December to March, and in the period from April to November staying out of the market.",
      { start_month: 12, end_month: 3 },
    ],
    [
      "On QQQ I want to stay in from October to April and in the months of May to September be liquid.",
      { start_month: 10, end_month: 4 },
    ],
    [
      "Halloween on EWG: long from November until April, then in the months from May to October in treasury bills.",
      { start_month: 11, end_month: 4 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "sell_in_may", params });
  });
});

describe("cash told as liquidity, after a label's colon (lexicon.ts, calendar.ts)", () => {
  it.each([
    [
      "Halloween on SPY: invested from November to April, and from May to October pass to liquidity.",
      { start_month: 11, end_month: 4 },
    ],
    [
      "Sell in May on IWM: from June to September be liquid, the rest of the year in the market.",
      { start_month: 10, end_month: 5 },
    ],
    [
      "Seasonal on EEM: from July to October go into liquidity, from November to June invested.",
      { start_month: 11, end_month: 6 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "sell_in_may", params });
  });
});

describe("chat slang for holding (reading/slang.ts)", () => {
  it.each([
    "ngl just buy SPY on day one and diamond hand it till the end of the data 💎🙌",
    "lol buy VTI the first day and 💎🙌 it to the end, no paper hands",
    "bro grab TLT at the start and ride it all the way to the end of the sample",
    "ok so buy GLD day one and diamond-hands it until the last bar lol",
    "yolo into SPY day one and hodl it to the end of the data",
    "buy IWM on day one and hold on for dear life until the data runs out",
  ])("%s", async (text) => {
    expect(await firstOf(text)).toMatchObject({ refused: false, name: "buy_and_hold" });
  });
  it("leaves a hold that ends on a condition to the rule that states it", async () => {
    expect(
      await firstOf(
        "buy QQQ when the RSI(2) drops under 10 and diamond hands it until the RSI gets above 70",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 70 } });
  });
});

describe("held to the data's own end (reading/holding.ts)", () => {
  it.each([
    "buy SPY on day one and hold it until the data ends",
    "Buy EFA at the first close and keep it until the data runs out.",
    "purchase DIA on the first day, hold it till the last available day",
  ])("%s", async (text) => {
    expect(await firstOf(text)).toMatchObject({ refused: false, name: "buy_and_hold" });
  });
});

describe("chat's comparisons: north of, south of, sub, clears, breaches (reading/idioms.ts, calques.ts)", () => {
  it.each([
    [
      "scoop IWM when rsi14 is sub 25, cash out when it's north of 75",
      "rsi_mean_reversion",
      { window: 14, lower: 25, upper: 75 },
    ],
    [
      "buy XLE when the rsi of 7 is south of 15 and sell when it is north of 85",
      "rsi_mean_reversion",
      { window: 7, lower: 15, upper: 85 },
    ],
    [
      "long GLD when z of 30 days goes sub -1.5 and flat when it's north of 0.5",
      "zscore_reversion",
      { window: 30, entry_z: 1.5, exit_z: 0.5 },
    ],
    [
      "buy QQQ when the RSI(5) breaches 20 to the downside and sell when it clears 80",
      "rsi_mean_reversion",
      { window: 5, lower: 20, upper: 80 },
    ],
  ])("%s", async (text, name, params) => {
    expect(await firstOf(text)).toMatchObject({ name, params });
  });
});

describe("the settings run on after an exit, as dictation runs without a stop (lexicon.ts TRANSLATIONS)", () => {
  it.each([
    [
      "bollinger bands on QQQ buy when the price closes under the lower band sell when it closes over the upper band use twenty days and one and a half standard deviations",
      { window: 20, k: 1.5 },
    ],
    [
      "buy TLT when price closes below the lower bollinger band and sell at the upper band use a fifteen day window and three standard deviations",
      { window: 15, k: 3 },
    ],
    [
      "buy SLV under the lower band and sell over the upper band use bands of ten days and two and a half sigma",
      { window: 10, k: 2.5 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "bollinger_bands", params });
  });
  it("keeps a size said right after the exit word the exit's", async () => {
    expect(
      await firstOf(
        "z-score of 30 days on SLV, buy when it falls under -1.5 standard deviations, sell use +0.5 standard deviations",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 30, entry_z: 1.5, exit_z: 0.5 } });
  });
  it("reads a squeeze's size said after its exit", async () => {
    expect(
      await firstOf(
        "bollinger squeeze on XBI buy the break of the upper band sell under the middle band use twenty days and one point five deviations",
      ),
    ).toMatchObject({ name: "bollinger_squeeze", params: { window: 20, k: 1.5 } });
  });
});

describe("indicator names as speech-to-text hears them (reading/spoken.ts)", () => {
  it("writes the names for the words heard, and leaves the same words elsewhere", () => {
    expect(spokenLetters("the our s i of fourteen")).toBe("the rsi of fourteen");
    expect(spokenLetters("bowling jer bands of twenty")).toBe("bollinger bands of twenty");
    expect(spokenLetters("the bowlinger squeeze")).toBe("the bollinger squeeze");
    expect(spokenLetters("the don chan channel")).toBe("the donchian channel");
    expect(spokenLetters("the twenty emma crosses the fifty emma")).toBe(
      "the twenty ema crosses the fifty ema",
    );
    expect(spokenLetters("hi emma, our team went bowling")).toBe("hi emma, our team went bowling");
    expect(spokenLetters("the rs eye of nine")).toBe("the rsi of nine");
    expect(spokenLetters("look at our results")).toBe("look at our results");
  });
  it.each([
    [
      "buy when the our s i of fourteen drops below thirty and sell above seventy on MSFT",
      "rsi_mean_reversion",
      { window: 14, lower: 30, upper: 70 },
    ],
    [
      "buy when the RS eye of nine falls below twenty five sell above seventy five on SPY",
      "rsi_mean_reversion",
      { window: 9, lower: 25, upper: 75 },
    ],
    [
      "our ess eye nine days on QQQ buy under twenty sell over eighty",
      "rsi_mean_reversion",
      { window: 9, lower: 20, upper: 80 },
    ],
    [
      "buy when the ten emma crosses above the thirty emma and sell when it crosses below on QQQ",
      "ema_crossover",
      { fast: 10, slow: 30 },
    ],
  ])("%s", async (text, name, params) => {
    expect(await firstOf(text)).toMatchObject({ name, params });
  });
});

describe("another language's noun behind an English 'moving' (reading/calques.ts)", () => {
  it.each([
    [
      "I want the crossing of gliding medias of 8 and 34 sessions on XLE, buy when the short cuts the long to up, sell when it cuts to down.",
      { fast: 8, slow: 34 },
    ],
    [
      "the floating medias of 10 and 40 days crossing on IWM, buy when the fast cuts the slow one to the top",
      { fast: 10, slow: 40 },
    ],
    [
      "I want to make backtest of the simple movable medias of 20 and 100 days on EEM: buy when the short cuts the long one to up, sell when cuts to down.",
      { fast: 20, slow: 100 },
    ],
    [
      "The strategy of the crossing of the sliding moyennes of 10 and 50 sessions on QQQ, buy when the fast one crosses to the top and sell when it crosses to the bottom.",
      { fast: 10, slow: 50 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "sma_crossover", params });
  });
});

describe("a crossing's direction told as a movement (reading/calques.ts)", () => {
  it.each([
    [
      "Buy GLD when the exponential media of 12 days breaks to the rise the one of 26 days and sell when it breaks to the fall.",
      "ema_crossover",
      { fast: 12, slow: 26 },
    ],
    [
      "RSI of 2 days on SPY: buy when it crosses in descending the level 10, sell when it crosses in ascending the level 90",
      "rsi_mean_reversion",
      { window: 2, lower: 10, upper: 90 },
    ],
    [
      "On QQQ buy when the RSI of 5 days crosses in descending 20 and sell when it crosses in ascending 80",
      "rsi_mean_reversion",
      { window: 5, lower: 20, upper: 80 },
    ],
    // Each direction stays with its own verb, not the next clause's.
    [
      "MSFT: buy when the RSI of 14 crosses to the fall 30 and sell when it crosses to the rise 70",
      "rsi_mean_reversion",
      { window: 14, lower: 30, upper: 70 },
    ],
  ])("%s", async (text, name, params) => {
    expect(await firstOf(text)).toMatchObject({ name, params });
  });
});

describe("a date written day first (reading/calendar-calques.ts)", () => {
  it.each([
    [
      "Seasonal on DIA: buy on the 1st of December and sell on the 31st of March, outside the rest of the year.",
      { start_month: 12, end_month: 3 },
    ],
    [
      "Seasonal on IWM: buy on 30 September, sell on 1 June, in cash the rest of the time.",
      { start_month: 10, end_month: 5 },
    ],
    [
      "Seasonal on EFA: in the market from the first of November to the last of March, liquid the rest of the year.",
      { start_month: 11, end_month: 3 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "sell_in_may", params });
  });
  it('leaves "the 20 may cross" a verb', async () => {
    expect(
      await firstOf("buy SPY when the 20 may cross above the 50, sell when it crosses back below"),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 20, slow: 50 } });
  });
});

describe("an average's period in words after 'the one of' (lexicon.ts), and 'ex potential' (spoken.ts)", () => {
  it.each([
    [
      "buy when the ex potential moving average of twelve days crosses above the one of twenty six days on QQQ and sell on the cross below",
      { fast: 12, slow: 26 },
    ],
    [
      "buy when the exponential average of 20 days crosses the one of one hundred and fifty days on SPY and sell on the cross back",
      { fast: 20, slow: 150 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "ema_crossover", params });
  });
});

describe("MACD's crossings by their East Asian names (reading/trend.ts, calques.ts)", () => {
  it.each([
    [
      "MACD golden cross buy, dead cross sell on TSLA, parameters 8, 17, 9.",
      { fast: 8, slow: 17, signal: 9 },
    ],
    [
      "MACD line and signal line golden cross is the entry on NVDA, dead cross is the exit, settings 8/17/9.",
      { fast: 8, slow: 17, signal: 9 },
    ],
    [
      "When MACD and signal line make golden cross I buy MSFT, when dead cross I sell. Use 5, 35, 5.",
      { fast: 5, slow: 35, signal: 5 },
    ],
    [
      "On AMD: MACD golden fork buy and MACD dead fork sell, 12, 26, 9 basic setting.",
      { fast: 12, slow: 26, signal: 9 },
    ],
    [
      "The MACD with the parameters fast twelve slow twenty six and signal nine, buy at the golden cross, sell at the dead cross, on AMZN",
      { fast: 12, slow: 26, signal: 9 },
    ],
  ])("%s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "macd", params });
  });
  it.each([
    ["buy SPY at the cross of gold and sell at the cross of death", { fast: 50, slow: 200 }],
    [
      "the crossing of death of the 20 and 100 day averages on IWM is the exit, the crossing of gold the entry",
      { fast: 20, slow: 100 },
    ],
  ])("the Romance 'cross of gold' and 'cross of death': %s", async (text, params) => {
    expect(await firstOf(text)).toMatchObject({ name: "sma_crossover", params });
  });
  it("keeps the averages' dead cross an averages' crossover, and a MACD filter beside it refused", async () => {
    expect(
      await firstOf("dead cross of the 50 and 200 day averages on QQQ is my exit, golden cross my entry"),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 50, slow: 200 } });
    expect(await firstOf("golden cross on SPY and MACD above zero")).toMatchObject({ refused: true });
  });
});

describe("counts by their own nouns, and Romance names of the return and the average", () => {
  it.each([
    [
      "buy SPY when the rentability of the last twelve months is positive, otherwise stay in cash",
      "ts_momentum",
      { lookback: 252 },
    ],
    [
      "go long QQQ when the profitability of the past 6 months is positive, else cash",
      "ts_momentum",
      { lookback: 126 },
    ],
    [
      "buy when the close is above the average of a hundred and eighty days on SPY, sell below",
      "price_above_sma",
      { window: 180 },
    ],
    [
      "IWM: in when the close passes over the media of one hundred days, out when it passes under",
      "price_above_sma",
      { window: 100 },
    ],
    [
      "buy QQQ when the RSI of a fortnight drops under 30, sell over 70",
      "rsi_mean_reversion",
      { window: 10, lower: 30, upper: 70 },
    ],
    [
      "momentum on SPY: be long when the return of the last fortnight is positive, else cash",
      "ts_momentum",
      { lookback: 10 },
    ],
    [
      "buy when the close is above the average of a dozen days, sell below, on TLT",
      "price_above_sma",
      { window: 12 },
    ],
  ])("%s", async (text, name, params) => {
    expect(await firstOf(text)).toMatchObject({ name, params });
  });
});

describe("years as a speaker says them (reading/spoken-years.ts)", () => {
  it("writes a dictated year as its digits after a word of time, and leaves periods alone", () => {
    expect(spokenYears("since twenty ten")).toBe("since 2010");
    expect(spokenYears("from nineteen ninety nine to twenty twenty")).toBe("from 1999 to 2020");
    expect(spokenYears("in twenty oh eight")).toBe("in 2008");
    expect(spokenYears("since two thousand and five")).toBe("since 2005");
    expect(spokenYears("the twenty ten cross")).toBe("the twenty ten cross");
    expect(spokenYears("between twenty and thirty")).toBe("between twenty and thirty");
  });
  it.each([
    ["an EMA crossover on QQQ since twenty fifteen", "ema_crossover", { fast: 12, slow: 26 }],
    ["bollinger bands mean reversion on GLD from twenty oh nine", "bollinger_bands", { window: 20, k: 2 }],
    [
      "buy when the five day average crosses above the twenty day average on XLV since nineteen ninety nine",
      "sma_crossover",
      { fast: 5, slow: 20 },
    ],
  ])("%s", async (text, name, params) => {
    expect(await firstOf(text)).toMatchObject({ name, params });
  });
});

describe("fractions in words and signs (reading/numbers.ts)", () => {
  it("writes them as decimals", () => {
    expect(numbersInWords("two and one half standard deviations")).toBe("2.5 standard deviations");
    expect(numbersInWords("one and three quarters sigma")).toBe("1.75 sigma");
    expect(numbersInWords("two and half deviations")).toBe("2.5 deviations");
    expect(numbersInWords("2½ sd and 1 ¼ sigma")).toBe("2.5 sd and 1.25 sigma");
    expect(numbersInWords("bands at 2 1/2 standard deviations")).toBe("bands at 2.5 standard deviations");
    // A half of something else stays words: "twenty and half the position".
    expect(numbersInWords("fast twenty and half the position")).toBe("fast 20 and half the position");
  });
  it.each([
    [
      "zscore on IWM, buy when it falls under minus one and a half, sell when it is back over half, use twenty days",
      "zscore_reversion",
      { window: 20, entry_z: 1.5, exit_z: 0.5 },
    ],
    [
      "z-score of XLE under minus two and one half buy, over a half sell, twenty five days",
      "zscore_reversion",
      { window: 25, entry_z: 2.5, exit_z: 0.5 },
    ],
    [
      "buy GLD at the lower band, sell at the upper band, bands of 30 days and 2½ standard deviations",
      "bollinger_bands",
      { window: 30, k: 2.5 },
    ],
  ])("%s", async (text, name, params) => {
    expect(await firstOf(text)).toMatchObject({ name, params });
  });
});
