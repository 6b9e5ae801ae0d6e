import { describe, expect, it } from "vitest";
import { contextNumbers } from "../src/resolver/reading/context.ts";
import { spokenLetters } from "../src/resolver/reading/spoken.ts";
import { firstOf } from "./resolver-helpers.ts";

// The prose of issue 14's sets 62-64, by kind (none of these wordings is in a phrase set): dictation's letter
// names, nonsense built of indicator words, literal translations from other languages and story numbers in notes.

describe("dictation's letter names (reading/spoken.ts)", () => {
  it("joins letter names into the abbreviation they spell, and leaves English that sounds like letters", () => {
    expect(spokenLetters("the ar es eye of fourteen days")).toBe("the rsi of fourteen days");
    expect(spokenLetters("em a see dee twelve twenty six nine")).toBe("macd twelve twenty six nine");
    expect(spokenLetters("a ess em ay of fifty")).toBe("a sma of fifty");
    expect(spokenLetters("the ar es eye a little lower")).toBe("the rsi a little lower");
    expect(spokenLetters("zed-score of twenty")).toBe("z-score of twenty");
    expect(spokenLetters("we are a team, see the chart")).toBe("we are a team, see the chart");
    // "Zed" the name stays: only "zed score" or "the zed" is the letter.
    expect(spokenLetters("ask zed about the rsi")).toBe("ask zed about the rsi");
  });
  it("reads the rule and its numbers from a dictated z-score, RSI, MACD or average", async () => {
    expect(
      await firstOf(
        "the zed score of twenty days on MSFT buy when it is under minus two and sell when it gets back to zero",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 20, entry_z: 2, exit_z: 0 } });
    expect(
      await firstOf(
        "zee score thirty days on silver buy below minus one and exit when the zee gets back to the mean",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 30, entry_z: 1, exit_z: 0 } });
    expect(
      await firstOf(
        "buy QQQ when the ar es eye of nine days drops under twenty five and sell when it goes over seventy five",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 9, lower: 25, upper: 75 } });
    expect(
      await firstOf("the zee of thirty days under minus one point five buy, back to zero sell"),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 30, entry_z: 1.5, exit_z: 0 } });
    expect(await firstOf("ar oh see of ninety days positive hold else cash")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 90 },
    });
    expect(
      await firstOf("em a see dee eight seventeen nine on IWM buy when the line crosses above the signal"),
    ).toMatchObject({ name: "macd", params: { fast: 8, slow: 17, signal: 9 } });
    expect(
      await firstOf(
        "buy when the ee em ay of ten days crosses above the ee em ay of thirty and sell on the cross down",
      ),
    ).toMatchObject({ name: "ema_crossover", params: { fast: 10, slow: 30 } });
  });
});

describe("nonsense built of indicator words (untestable.ts wordSalad)", () => {
  it("refuses an indicator made a verb of another and an indicator of a weekday", async () => {
    for (const text of [
      "rsi our bollinger backwards since the ema of Mondays crosses",
      "ema my donchian sideways under the rsi of Sundays",
      "z-score my rsi until the bollinger of Thursdays golden crosses",
      "moving average my z-score overbought on the macd of Saturdays",
      // Four families or more, no number and no order: a pile of names.
      "rsi overbought bollinger macd golden sideways momentum average",
      "squeeze the rsi until the macd averages the bollinger",
    ])
      expect(await firstOf(text), text).toMatchObject({ refused: true });
  });
  it("keeps a weekday's closes, a position named after its indicator and three names asked for together", async () => {
    expect(await firstOf("RSI MACD Bollinger strategy on SPY")).toMatchObject({ refused: false });
    expect(
      await firstOf("buy SPY when the close is above the 10-week average of Friday closes"),
    ).toMatchObject({
      refused: false,
      name: "price_above_sma",
    });
    expect(await firstOf("close my macd position when the MACD crosses below its signal")).toMatchObject({
      refused: false,
      name: "macd",
    });
  });
});

describe("literal translations from other languages (reading/calques.ts)", () => {
  it("reads the squeeze told as the bands' compression, their width with 'of', and their lines' adjectives after", async () => {
    expect(
      await firstOf(
        "Compression of the bands on IWM: bands of 15 days and 1.5 deviations, the width of the bands at the minimum of the last 120 days, enter when the close breaks the superior band, exit below the middle average.",
      ),
    ).toMatchObject({ name: "bollinger_squeeze", params: { window: 15, k: 1.5, lookback: 120 } });
    expect(
      await firstOf(
        "Squeeze on SMH: when the distance between the bands is at the minimum of the last 90 days, buy when the close passes the band superior; exit under the central line. Bands of 20 days with 2 deviations.",
      ),
    ).toMatchObject({ name: "bollinger_squeeze", params: { window: 20, k: 2, lookback: 90 } });
    expect(
      await firstOf(
        "Strategy on EEM: buy when the close goes under the band inferior of 20 days 2 deviations, sell at the band superior.",
      ),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 20, k: 2 } });
  });
  it("reads a break told as a rupture, a channel's edge as the maximum of a period, averages as moving means", async () => {
    expect(
      await firstOf("Rupture of the maximum of 55 days on USO, exit at the minimum of 20 days."),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 55, exit_window: 20 } });
    expect(
      await firstOf(
        "Crossing of the mobile means of 20 and 50 days on AAPL: buy when the short crosses the long towards the top, sell when it crosses towards the bottom.",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 20, slow: 50 } });
    expect(await firstOf("price above its mobile mean of 200 days on SPY, else cash")).toMatchObject({
      name: "price_above_sma",
      params: { window: 200 },
    });
    // A cap on a holding is no channel's edge.
    expect(
      await firstOf("RSI 2 under 10 on SPY, sell above 70 or after a maximum of 10 days"),
    ).not.toMatchObject({
      name: "donchian_breakout",
    });
  });
  it("reads a comparative built with 'more' ('more high than 12 months ago') and 'superior/inferior to'", async () => {
    expect(
      await firstOf(
        "Return to the mean on KO: when the RSI of 2 days is inferior to 10 we buy, when it is superior to 90 we sell.",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 90 } });
    expect(
      await firstOf("If SPY is more high than 12 months ago we stay inside, otherwise to the cash."),
    ).toMatchObject({ name: "ts_momentum", params: { lookback: 252 } });
    expect(
      await firstOf(
        "When the average of 10 days is more high than the average of 40 days we buy QQQ, when it is more low we sell.",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 10, slow: 40 } });
  });
  it("reads dual momentum told as 'double momentum', 'momentum dual' or 'the one of' the other symbol", async () => {
    expect(
      await firstOf(
        "Momentum dual between SPY and EFA: we stay in SPY if its return of 12 months is positive and more big than the one of EFA, if not to the cash.",
      ),
    ).toMatchObject({ name: "dual_momentum", params: { lookback: 252 } });
    expect(await firstOf("Double momentum SPY and AGG with 9 months")).toMatchObject({
      name: "dual_momentum",
      params: { lookback: 189 },
    });
    expect(
      await firstOf(
        "We hold VTI when its return of 3 months is positive and higher than that of BND, otherwise to the cash.",
      ),
    ).toMatchObject({ name: "dual_momentum", params: { lookback: 63 } });
  });
  it("reads a pair's hedge ratio by another name, stated beside log wording", async () => {
    expect(
      await firstOf(
        "Pairs KO and PEP on the logarithms of prices, coefficient of coverage 0.9, z-score of 30 days, buy KO below -2, sell at 0",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { hedge: 0.9, window: 30, entry_z: 2, exit_z: 0 } });
    expect(
      await firstOf(
        "Pairs XOM CVX with the hedging factor of 0.7 on the log prices, z-score 40 days, enter at -2 and exit at 0.5",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { hedge: 0.7, window: 40, exit_z: 0.5 } });
    expect(
      await firstOf(
        "Strategy of pairs on KO and PEP: the difference of the logarithms with coefficient 0.9, z-score of 60 days, entry at -2, exit at 0.",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { hedge: 0.9, window: 60 } });
    expect(
      await firstOf(
        "GLD versus SLV pair: spread of the logs with a constant coefficient of 0.8, z-score over 25 days, buy GLD under -2 and sell at 0",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { hedge: 0.8, window: 25 } });
  });
});

describe("story numbers in meeting notes (reading/notes.ts)", () => {
  it("takes out head counts, budgets, due dates, agenda numbers and the next meeting", () => {
    const out = contextNumbers(
      "attendees: 5. budget for data: 1,200 a month. present: jo, raj (2). 1) run it. report by the 15th. next meeting in 2 weeks.",
    );
    expect(out).not.toMatch(/\d/);
    // A rule's own day of the month, a bracket closing a setting and a cost in basis points stay.
    for (const kept of [
      "sell at the close of the 3rd trading day of the month",
      "bollinger (10, 1.5) fade. 2 std",
      "costs of 5 bps",
    ])
      expect(contextNumbers(kept)).toBe(kept);
  });
  it("reads the rule's settings among the notes' own numbers", async () => {
    expect(
      await firstOf(
        "Meeting notes, Monday. Attendees: 4. Budget: 900 a month. Action item for Sam: Bollinger mean reversion on TLT with the usual settings (20, 2), buy at the lower band, sell at the upper, report by the 12th. Next meeting in 3 weeks.",
      ),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 20, k: 2 } });
    expect(
      await firstOf(
        "Sync notes. Participants: 8. Task for Kai: the RSI strategy on XLU, settings 7, 25, 75, buying oversold and selling overbought. Next call in 10 days.",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 7, lower: 25, upper: 75 } });
    expect(
      await firstOf(
        "Standup 11/30. Present: Ana, Bo, Cy (3). 1) Data budget approved at 2k. 2) Bo asks for the MACD crossover on SPY with 8, 17 and 9. 3) Next standup 12/7.",
      ),
    ).toMatchObject({ name: "macd", params: { fast: 8, slow: 17, signal: 9 } });
    expect(
      await firstOf(
        "Notes, Friday. Invitees: 12. Action item for Ravi: z-score reversion on TLT, buy at -2, sell at the mean, results by the 20th. Next review within 3 weeks.",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 20, entry_z: 2, exit_z: 0 } });
  });
});
