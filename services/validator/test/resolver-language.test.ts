import { describe, expect, it } from "vitest";
import { contextNumbers } from "../src/resolver/reading/context.ts";
import { read } from "../src/resolver/reading/reading.ts";
import { normalise, tokenize } from "../src/resolver/reading/tokens.ts";
import { wordSalad } from "../src/resolver/reading/untestable.ts";
import { resolveStrategy } from "../src/resolver/resolve.ts";
import { firstOf, ruleOf } from "./resolver-helpers.ts";

// The structured reading (issue 14): non-native English, dictation and long messages whose story numbers never
// bind. Wordings here are in none of the phrase sets.
const nums = (text: string) =>
  tokenize(normalise(text)).flatMap((t) =>
    t.kind === "num" ? [`${t.value}${t.unit ? ` ${t.unit}` : ""}`] : [],
  );

describe("non-native English and dictation (lexicon.ts TRANSLATIONS), in other wordings", () => {
  it("calques of indicator names are the indicators", async () => {
    expect(
      await firstOf(
        "media mobile 30 days versus media mobile 90 days: buy on the cross up, sell on the cross down",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 30, slow: 90 } });
    expect(
      await firstOf("the gliding averages of 10 and 40 weeks, enter when the short crosses the long upward"),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 50, slow: 200 } });
    expect(
      await firstOf("index of relative force on 9 periods, purchase under 20 and sale over 80"),
    ).toMatchObject({
      name: "rsi_mean_reversion",
      params: { window: 9, lower: 20, upper: 80 },
    });
    expect(await firstOf("convergence and divergence of the moving averages 10 26 7 on QQQ")).toMatchObject({
      name: "macd",
      params: { fast: 10, slow: 26, signal: 7 },
    });
    expect(await firstOf("buy when the mcad line crosses its signal")).toMatchObject({ name: "macd" });
    expect(await firstOf("the rendement over 6 months is positive: stay long, else flat")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 126 },
    });
  });
  it("verbs and nouns of trading in other words: cutting from below, new maximum, possession, liquid", async () => {
    expect(
      await firstOf("the 10 day average cuts the 50 day average from below buy, cuts it from above sell"),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 10, slow: 50 } });
    expect(
      await firstOf("the price makes a new maximum of 60 days buy, new minimum of 20 days sell"),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 60, exit_window: 20 } });
    expect(
      await firstOf("just the possession of IWM from start to finish, bought once and kept until the end"),
    ).toMatchObject({ name: "buy_and_hold", symbols: ["IWM"] });
    expect(await firstOf("own QQQ from October to April, the other months remain liquid")).toMatchObject({
      name: "sell_in_may",
      params: { start_month: 10, end_month: 4 },
    });
    expect(await firstOf("put everything into IWM once, then do nothing more ever")).toMatchObject({
      name: "buy_and_hold",
    });
    expect(await firstOf("bought QQQ in 2010 and sat on it since")).toMatchObject({ name: "buy_and_hold" });
    // "do nothing else" without "ever" is no holding: the entry's rule stays.
    expect((await firstOf("buy when RSI is below 30 and do nothing else")).name).toBe("rsi_mean_reversion");
    // "the end of the month" is a calendar day, not the end of the data.
    expect((await firstOf("keep DIA until the end of the month then sell")).name).toBe("turn_of_month");
  });
  it("dictation: 'cell' before a condition is 'sell', 'her average' is its average", async () => {
    expect(
      await firstOf(
        "r s i two under ten and price above the two hundred day average buy cell if price closes over the seven day moving average",
      ),
    ).toMatchObject({
      name: "connors_rsi_pullback",
      params: { window: 2, lower: 10, trend: 200, exit_ma: 7 },
    });
    expect(
      await firstOf("buy AAPL when the price crosses over her moving average of 50 days, sell under it"),
    ).toMatchObject({ name: "price_above_sma", params: { window: 50 } });
  });
  it("an EMA ruled out is the simple average; 'the fast one (5 days)' takes its period", async () => {
    expect((await firstOf("crossing of averages 10 and 40, not exponential ones")).name).toBe(
      "sma_crossover",
    );
    expect((await firstOf("the sma 20 50 crossover (no ema)")).name).toBe("sma_crossover");
    expect(await firstOf("the fast one (5 days) crosses over the slow one (20 days) on TLT")).toMatchObject({
      params: { fast: 5, slow: 20 },
      symbols: ["TLT"],
    });
  });
  it("a squeeze: 'the half year' is the lookback, 'bandwidth' names the bands, a free period is their window", async () => {
    expect(
      await firstOf(
        "bollinger squeeze twelve period two sd, buy the upper band break when the width is the narrowest of the half year",
      ),
    ).toMatchObject({ name: "bollinger_squeeze", params: { window: 12, k: 2, lookback: 126 } });
    expect(
      await firstOf(
        "squeeze: BB bandwidth (15 day, 2 sd) at its narrowest of the past quarter, buy the break above the upper band, sell under the middle band",
      ),
    ).toMatchObject({ name: "bollinger_squeeze", params: { window: 15, k: 2, lookback: 63 } });
  });
  it("'minus 1,5' keeps its decimal comma and its sign", async () => {
    expect(nums("buy at minus 1,5, exit at 0")).toEqual(["-1.5", "0"]);
    expect(await firstOf("z-score of 30 days, buy at minus 1,5, exit at 0")).toMatchObject({
      name: "zscore_reversion",
      params: { window: 30, entry_z: 1.5, exit_z: 0 },
    });
  });
  it("refusals told in other word orders: 'sell in short', 'candles of 5 minutes', 'the profit reach 8 percent'", async () => {
    expect((await firstOf("sell in short QQQ when RSI is above 75, buy it back under 40")).refused).toBe(
      true,
    );
    expect((await firstOf("golden cross on the candles of 15 minutes for SPY")).refused).toBe(true);
    expect((await firstOf("RSI 2 below 10 on SPY, sell when the gain reach 8 percent")).refused).toBe(true);
  });
  it("each of those wordings is read in one place: translated to the words the refusal reads, which it quotes", () => {
    // "in short" after any verb of going short (untestable.ts SHORT_ACTION reads only "go short").
    for (const [text, said] of [
      ["enter in short when the price is under the 200 day average", "enter short"],
      ["going in short below the 50 day moving average", "going short"],
      ["sells in short after a death cross, never long", "sells short"],
    ])
      expect(ruleOf(text!), text).toMatchObject({
        kind: "unsupported",
        reason: expect.stringContaining(`"${said}"`),
      });
    // "Short-term" is no short, and a long entry beside the short leg is the long rule.
    expect(
      ruleOf("be in short-term bonds when SPY is under its 200 day average, otherwise be long SPY"),
    ).toMatchObject({
      name: "price_above_sma",
    });
    // A target's verb in other words is "reaches" (exits.ts reads "reach", "reaches", "gets to" itself), and a target
    // told without a selling verb before it is refused too ("the profit of 10%" it once became was not).
    for (const [text, said] of [
      ["RSI under 30 on SPY, profit arrives at 10% then out", "profit reaches 10%"],
      ["RSI under 30 on SPY, when the gain attains 10 percent I am out", "gain reaches 10 percent"],
      ["RSI under 30 on SPY; the trade closes when the profit reaches 10%", "profit reaches 10%"],
      ["golden cross on SPY; when profits reach 20 percent we take them", "profits reach 20 percent"],
    ])
      expect(ruleOf(text!), text).toMatchObject({
        kind: "unsupported",
        reason: expect.stringContaining(`"${said}"`),
      });
    // "The purchase price" is the buy price (exits.ts FROM_ENTRY reads "buy").
    expect(ruleOf("RSI under 30 on SPY, sell 5% above the purchase price")).toMatchObject({
      kind: "unsupported",
      reason: expect.stringContaining('"5% above the buy"'),
    });
  });
  it("a greeted or signing Tom is a person, not the turn of the month", async () => {
    expect(await firstOf("Hello Tom! Please run RSI 2 under 5 on SPY, out when RSI over 70")).toMatchObject({
      name: "rsi_mean_reversion",
      params: { window: 2, lower: 5, upper: 70 },
    });
    expect(await firstOf("golden cross on SPY please. Cheers, Tom")).toMatchObject({ name: "sma_crossover" });
    expect((await firstOf("TOM effect on SPY, 2 days before month end")).name).toBe("turn_of_month");
    expect((await firstOf("RSI 2 under 5 on SPY, out above 70 - Tom")).name).toBe("rsi_mean_reversion");
    // In capitals at the end it is still the abbreviation.
    expect((await firstOf("backtest on SPY, TOM")).name).toBe("turn_of_month");
  });
});

describe("long messages: the context's numbers never bind (held-out-36 kinds)", () => {
  const rule = async (text: string) => {
    const r = await resolveStrategy(text, { knownSymbols: new Set(["SPY", "QQQ", "GLD"]) });
    return r.refused || !r.strategies[0]
      ? { name: "refuse" }
      : { ...r.strategies[0]!.params, name: r.strategies[0]!.rule?.label ?? r.strategies[0]!.name };
  };
  it("leaves out years, ages, money, audience counts and the writer's experience", () => {
    expect(nums("I'm 61 and have traded since 1994, with $25k, for about 12 years")).toEqual([]);
    expect(nums("a blog with 900 readers; I have 20 years of data")).toEqual([]);
    // A rule's own span stays: "up for 12 months", "held for 6 months".
    expect(nums("I buy when it has been up for 12 months and sell after it is held for 6 months")).toEqual([
      "12 month",
      "6 month",
    ]);
    expect(nums("a 30-day average on 12/26/9 settings")).toEqual(["30 day", "12", "26", "9"]);
  });
  it("binds the rule's numbers, not the story's", async () => {
    expect(
      await rule(
        "Lurker since 2015, 47 years old. My idea for QQQ: MACD with 10, 30 and 7 as fast, slow and signal, buy on the cross above the signal line, sell on the cross below.",
      ),
    ).toMatchObject({ name: "macd", fast: 10, slow: 30, signal: 7 });
    expect(
      await rule(
        "Traded options for 3 years and lost 30%. Now: GLD, buy when the close crosses above the 40-day SMA, sell when it crosses below.",
      ),
    ).toMatchObject({ name: "price_above_sma", window: 40 });
  });
  it("a hoped-for Sharpe is no level and a correction with 'I meant' replaces the number", async () => {
    expect(normalise("rsi under 30. oops, i meant 35, not 30.")).toBe("rsi under 35");
    expect(
      normalise(
        "rsi(7) on qqq, in below 25, out above 75. correction: the exit is at 60, not 75, for the sell side.",
      ),
    ).toBe("rsi(7) on qqq, in below 25, out above 60");
    expect(contextNumbers("fine if the sortino ratio ends up over 2")).toBe(
      "fine if the sortino ratio ends up over ctx",
    );
  });
  it("'sorry, I meant …' replaces the earlier number of the same role and is dropped", () => {
    expect(normalise("10/40 ema cross on dia. sorry, i meant 10 and 60, not 40. cheers")).toBe(
      "10/60 ema cross on dia. cheers",
    );
    expect(normalise("rsi(4): buy under 30, sell over 65. sorry, i meant under 10, the 30 was a typo.")).toBe(
      "rsi(4): buy under 10, sell over 65.",
    );
    expect(
      normalise(
        "enter on a 40-day closing high, leave on a 40-day closing low. sorry, i meant a 15-day low for the exit.",
      ),
    ).toBe("enter on a 40-day closing high, leave on a 15-day closing low.");
    expect(normalise("hold dia above the 80-day sma, flat below. sorry, i meant the 120-day. ta")).toBe(
      "hold dia above the 120-day sma, flat below. ta",
    );
    expect(
      normalise("zscore over 30 days; long when z < -1.5, flat when z > 0. sorry, i meant long when z < -3."),
    ).toBe("zscore over 30 days; long when z < -3, flat when z > 0.");
    expect(normalise("sell on the 2nd trading day of the month. sorry, i meant the 6th trading day.")).toBe(
      "sell on the 6th trading day of the month.",
    );
  });
  it("drops a background sentence about an earlier approach when another states the rule", () => {
    expect(contextNumbers("tried ichimoku clouds for a while. buy spy when rsi(2) is under 10.")).toBe(
      "buy spy when rsi(2) is under 10.",
    );
    // An earlier rule tried and judged gives way to the one the writer switches to.
    expect(
      contextNumbers(
        "so i tried the 10/30 ema cross on dia and it whipsawed too much. now: 40-day sma crossing over the 150-day to get in.",
      ),
    ).toBe("now: 40-day sma crossing over the 150-day to get in.");
    // A sentence that trades is kept, whatever it starts with.
    expect(contextNumbers("used the 100-day sma for timing: buy above it. good long term?")).toBe(
      "used the 100-day sma for timing: buy above it. good long term?",
    );
  });
  it("a person's habit of reading the news, a trial's months and a judged setting leave the stated rule alone", async () => {
    expect(
      await rule(
        "Rule for SPY: in while the close is above the 150-day moving average, out below. My brother follows it too, but he keeps watching the news all evening.",
      ),
    ).toMatchObject({ name: "price_above_sma", window: 150 });
    expect(
      await rule(
        "Hold QQQ while the close is above the 30-day EMA, flat below. I forward tested it from June through November on paper.",
      ),
    ).toMatchObject({ name: "price_above_ema", window: 30 });
    expect(
      await rule(
        "Bollinger on GLD, 15 periods and 1.8 sigma, buy a cross under the lower band and sell a cross over the upper band; 1.8 looks narrow, I know.",
      ),
    ).toMatchObject({ name: "bollinger_bands", window: 15, k: 1.8 });
  });
  it("a clause restated after 'that's wrong' replaces the number of the same noun on its side", () => {
    expect(
      normalise(
        "buy on the 2nd session before month end and sell on the 3rd session after. sorry, that was a mistake: the sell is on the 5th session.",
      ),
    ).toBe("buy on the 2nd session before month end and sell on the 5th session after.");
  });
  it("a labelled period counts in bars, and a past event's 'last year' is no span", async () => {
    const r = read("my picks are XLK and XLU and the lookback is 2 months");
    expect(r.labels).toContainEqual({ label: "lookback", value: 42 });
    expect(nums("the hedge from the paper last year, a 60-day window")).toEqual(["60 day"]);
    expect(nums("its return over the last year")).toEqual(["1 year"]);
  });
  it("intraday told at length is refused, even beside 'not daily closes'", async () => {
    for (const text of [
      "On 15-minute charts I buy QQQ when the 9 EMA crosses the 20 EMA and flatten everything by 3:50 so I hold nothing overnight. Intraday bars please, not daily closes.",
      "sma 10/30 cross on bars of 1 minute for SPY, sell it all before the end of the day",
      "I day trade SPY with an RSI(2) under 10 entry",
    ])
      expect(await rule(text), text).toEqual({ name: "refuse" });
    // A 20-day trading range is no day trading.
    expect(
      await rule("buy SPY on a close above its 20 day trading range high, sell below the 10 day low"),
    ).not.toEqual({ name: "refuse" });
  });
  it("a diary kept since a year is no holding", async () => {
    expect(
      await rule(
        "Backtest my mood: buy when I feel lucky, sell when I'm tired. I've kept a journal of it since 2016.",
      ),
    ).toEqual({ name: "refuse" });
    expect(await rule("I bought SPY in 2009 and have held it since 2009.")).toMatchObject({
      name: "buy_and_hold",
    });
  });
  it("buy and hold told as doing nothing after the purchase, even on a year's first trading day", async () => {
    expect(await rule("Baseline: purchase QQQ at the start and then do nothing more.")).toMatchObject({
      name: "buy_and_hold",
    });
    expect(
      await rule(
        "What would buying GLD on the 1st trading day of 2012 and just sitting on them until now give?",
      ),
    ).toMatchObject({ name: "buy_and_hold" });
  });
  it("turn of the month: an N-th-to-last day and a span from the last day's close", async () => {
    expect(
      await rule(
        "buy SPY at the close of the fifth-to-last trading day of the month, sell on the 2nd trading day",
      ),
    ).toMatchObject({ name: "turn_of_month", days_before: 4, days_after: 2 });
    expect(
      await rule(
        "long DIA from the close of the final session of the month to the close of the 3rd session of the next",
      ),
    ).toMatchObject({ name: "turn_of_month", days_before: 0, days_after: 3 });
  });
  it("Connors told in the past tense: 'sold when it closed above its N-day average' is the exit average", async () => {
    expect(
      await rule(
        "I bought SPY when RSI(3) went under 10 while SPY stood above its 150-day average, and sold when it closed above its 8-day average.",
      ),
    ).toMatchObject({ name: "connors_rsi_pullback", window: 3, lower: 10, trend: 150, exit_ma: 8 });
  });
  it("a take-profit as the only exit and a short told as 'sell in short … never long' are refused", async () => {
    for (const text of [
      "Buy SPY when RSI(5) is below 20; exit once the gain hits 6%.",
      "bollinger lower band buy on QQQ, out when the profit of the trade reaches 4 percent (take profit)",
      "Sell on short NVDA when the 10-day SMA crosses under the 30-day SMA, buy back on the cross up, never go long.",
    ])
      expect(await rule(text), text).toEqual({ name: "refuse" });
    // Long with a short-term view is no short rule.
    expect(
      await rule("buy QQQ on RSI(2) below 10, sell above 70; never long-term, just quick swings"),
    ).not.toEqual({ name: "refuse" });
  });
});

describe("held-out-39/40 kinds: dictation, calques and rules told by what they measure", () => {
  it("dictation: 'by on a new thirty day hi cell on a new fifteen day low'", () => {
    expect(ruleOf("channel breakout by on a new thirty day hi cell on a new fifteen day low DIA")).toEqual(
      expect.objectContaining({ name: "donchian_breakout", params: { window: 30, exit_window: 15 } }),
    );
  });
  it("'o l s' is the rolling regression of a fitted pair", () => {
    expect(
      ruleOf(
        "pair KO and PEP, o l s hedge ratio over one hundred days, z score forty day, buy KO under minus two",
      ),
    ).toMatchObject({ name: "pairs_zscore_fitted", params: { hedge_window: 100, window: 40 } });
  });
  it("'inside when over the mobile media of 150 sessions, outside when under' is price above its SMA", () => {
    expect(
      ruleOf(
        "I like to be inside DIA when the close is over the mobile media of 150 sessions and outside when is under.",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 150 } });
  });
  it("Wilder's oscillator is his RSI", () => {
    expect(
      ruleOf("As Wilder meant his oscillator: below 25 buy it, above 75 sell it, with a 10-day setting."),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 10, lower: 25, upper: 75 } });
  });
  it("'how many standard deviations the close is under its 30-day mean' is the z-score", () => {
    expect(
      ruleOf(
        "track how many standard deviations the close is under its 30-day mean; buy when it is more than 1.5 below, sell back at the average.",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 30, entry_z: 1.5, exit_z: 0 } });
  });
  it("the RSI of a Sharpe ratio and a golden cross that crosses a band are word salad", () => {
    expect(
      wordSalad(
        read("what if the macd of our strategy's sortino had its death cross cut the upper band on fridays?"),
      ),
    ).not.toBeNull();
  });
  it("a labelled spec, 'Entry: close of the last trading day of the month', buys on the last day itself", () => {
    expect(
      ruleOf(
        "Entry: close of the last trading day of the month. Exit: close of the 2nd trading day of the next month. DIA.",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 0, days_after: 2 } });
  });
});

// held-out-78 kinds (issue 14): an RSI's period named after it with "with", "of" or "using", and "passes" for a
// level passed going up (oscillators.ts, lexicon.ts). Wordings of ours, in none of the phrase sets.
describe("non-native English: 'the RSI with period 3', 'the z-score passes 0.5'", () => {
  it("reads the period named after the RSI as its period", () => {
    expect(
      ruleOf(
        "buy XLE when the rsi with a period of 4 goes under 20 and the price is over the 100-days average, sell when it closes over the 5-days average",
      ),
    ).toEqual({ name: "connors_rsi_pullback", params: { window: 4, lower: 20, trend: 100, exit_ma: 5 } });
    expect(
      ruleOf(
        "On QQQ, an RSI with length 3 under 5 while the close is above the 150-days average; exit when the close is over the 7-days average.",
      ),
    ).toEqual({ name: "connors_rsi_pullback", params: { window: 3, lower: 5, trend: 150, exit_ma: 7 } });
    expect(
      ruleOf(
        "buy when the RSI calculated on 3 days is below 10 with the price over the 200-days average; sell when the close goes over the 5-days average",
      ),
    ).toEqual({ name: "connors_rsi_pullback", params: { window: 3, lower: 10, trend: 200, exit_ma: 5 } });
    expect(ruleOf("the rsi with period 9 on xlf: buy below 30, sell above 70")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 9, lower: 30, upper: 70 },
    });
  });

  it("reads a level passed as a level crossed going up", () => {
    expect(
      ruleOf(
        "Buy when the z-score of the close against its 30-days mean is under -2, sell when the z-score passes 0.25.",
      ),
    ).toEqual({ name: "zscore_reversion", params: { window: 30, entry_z: 2, exit_z: 0.25 } });
    expect(ruleOf("zscore 40 days on GLD: enter below -1.5, exit when it surpasses 0.5")).toEqual({
      name: "zscore_reversion",
      params: { window: 40, entry_z: 1.5, exit_z: 0.5 },
    });
    expect(
      ruleOf(
        "Buy when the z-score of the price against its 20 days average is under -2, sell when the z-score overcomes 0.5.",
      ),
    ).toEqual({ name: "zscore_reversion", params: { window: 20, entry_z: 2, exit_z: 0.5 } });
    expect(ruleOf("RSI 14 on QQQ: buy when it falls under 30, sell when it passes 65")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 14, lower: 30, upper: 65 },
    });
    expect(
      ruleOf("Pairs KO and PEP, spread z-score 60 days, buy under -2, close when the z-score passes 0.5"),
    ).toEqual({ name: "pairs_zscore", params: { window: 60, entry_z: 2, exit_z: 0.5, hedge: 1 } });
  });
});
