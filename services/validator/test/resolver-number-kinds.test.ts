import { describe, expect, it } from "vitest";
import { ruleOf } from "./resolver-helpers.ts";

// Numbers that are not the rule's settings, and settings told in ways of their own (issue 14, held-out-50..56):
// each kind in wordings of ours, in none of the phrase sets.
describe("numbers that are no setting stay out of the rule", () => {
  it("software and its versions", () => {
    expect(
      ruleOf(
        "Running v2.3.1 on macOS 14 with Python 3.12. I'd like a plain MACD crossover with 10/24/7 on SPY: in when the MACD line crosses over the signal, out on the cross under.",
      ),
    ).toMatchObject({ name: "macd", params: { fast: 10, slow: 24, signal: 7 } });
    expect(ruleOf("Build 1.12.0 under Windows 11, Node 18: EMA crossover 9/30 on IWM.")).toMatchObject({
      name: "ema_crossover",
      params: { fast: 9, slow: 30 },
    });
    expect(
      ruleOf(
        "on debian 12 and pandas 2.2 here; test a 60-day momentum rule on EFA, long when the return is positive",
      ),
    ).toMatchObject({ params: { lookback: 60 } });
  });

  it("a count of averages or of ideas", () => {
    expect(
      ruleOf(
        "I use two exponentially weighted averages on QQQ, an 8-day and a 30-day; buy when the short crosses above the long.",
      ),
    ).toMatchObject({ name: "ema_crossover", params: { fast: 8, slow: 30 } });
    expect(
      ruleOf("three separate moving averages are too many; just a 15 and a 60 day SMA crossover on DIA"),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 15, slow: 60 } });
  });

  it("the writer's career", () => {
    expect(
      ruleOf(
        "I spent 9 years as an analyst. Pairs on XOM and CVX: z-score of the spread over 40 days, in at 2, out at 0.5.",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { window: 40, entry_z: 2, exit_z: 0.5 } });
    expect(
      ruleOf(
        "After 20 years in banking I finally want to test bollinger bands on XLF, 2 deviations, long under the lower band",
      ),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 20, k: 2 } });
  });

  it("a chat's mention of a room or a person", () => {
    expect(
      ruleOf(
        "@channel quick 1: Jane wants the 10/30 EMA cross on $NVDA. Long when the 10 EMA crosses up through the 30 EMA, flat when it crosses back down.",
      ),
    ).toMatchObject({ name: "ema_crossover", params: { fast: 10, slow: 30 } });
    expect(ruleOf("@trading-channel pls test the 20/60 SMA cross on XLK")).toMatchObject({
      name: "sma_crossover",
      params: { fast: 20, slow: 60 },
    });
  });

  it("a streak a condition holds", () => {
    expect(
      ruleOf(
        "Connors style: buy SPY when the 2-period RSI stays under 10 for 4 days in a row, exit above the 5-day average.",
      ),
    ).toMatchObject({
      name: "connors_rsi_pullback",
      params: { window: 2, lower: 10, trend: 200, exit_ma: 5 },
    });
    expect(
      ruleOf("RSI(2) on IWM below 8 for 6 consecutive sessions in an uptrend, sell above the 5-day SMA"),
    ).toMatchObject({ name: "connors_rsi_pullback", params: { window: 2, lower: 8, trend: 200 } });
  });

  it("a value the writer turns down", () => {
    expect(
      ruleOf(
        "Bonjour. I trade since 2019 with 3000 dollars. I need the classic RSI system, buy under 30 sell above 70, but RSI of 5 periods on QQQ. The 14 periods is too slow.",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 5, lower: 30, upper: 70 } });
    expect(
      ruleOf(
        "Plain RSI mean reversion on GLD, oversold 25 and overbought 75, RSI over 9 days. The default 14 days feels way too slow.",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 9, lower: 25, upper: 75 } });
  });
});

describe("settings told in ways of their own", () => {
  it("an RSI's period after a preposition", () => {
    expect(ruleOf("Connors RSI with 3 days under 15 on SPY, exit above the 5-day MA.")).toMatchObject({
      name: "connors_rsi_pullback",
      params: { window: 3, lower: 15 },
    });
    expect(
      ruleOf("an RSI over 4 bars on QQQ in an uptrend, buy below 12, out above the 5-day average"),
    ).toMatchObject({
      name: "connors_rsi_pullback",
      params: { window: 4, lower: 12 },
    });
  });

  it("an exit average in a clause that takes profits", () => {
    expect(
      ruleOf(
        "Uptrend only (close over the 200-day SMA): buy a 3-period RSI under 15, take profits on the first close above the 8-day average. SPY.",
      ),
    ).toMatchObject({
      name: "connors_rsi_pullback",
      params: { window: 3, lower: 15, trend: 200, exit_ma: 8 },
    });
    expect(
      ruleOf(
        "With IWM above its 100-day average, buy when RSI(2) dips below 5 and book profits once the close is above the 7-day average.",
      ),
    ).toMatchObject({
      name: "connors_rsi_pullback",
      params: { window: 2, lower: 5, trend: 100, exit_ma: 7 },
    });
  });

  it("a key named by its indicator and its size", () => {
    expect(
      ruleOf("rsi_len: 12\nbuy_when: rsi crosses below 28\nsell_when: rsi crosses above 68\nticker: SPY"),
    ).toMatchObject({
      name: "rsi_mean_reversion",
      params: { window: 12, lower: 28, upper: 68 },
    });
    expect(ruleOf("bollinger on TLT\nboll_lookback: 35\nk: 2")).toMatchObject({
      name: "bollinger_bands",
      params: { window: 35, k: 2 },
    });
  });

  it("an exit told by the level the RSI arrives at", () => {
    expect(ruleOf("A 20 day RSI on XLF, buy under 30 and get out once it reached 60.")).toMatchObject({
      name: "rsi_mean_reversion",
      params: { window: 20, lower: 30, upper: 60 },
    });
    expect(ruleOf("RSI 10 on XLU: in below 35, sold when it hits 62")).toMatchObject({
      name: "rsi_mean_reversion",
      params: { window: 10, lower: 35, upper: 62 },
    });
  });

  it("an indicator named as spoken or misnamed", () => {
    expect(
      ruleOf("relative strength indicator on DIA falls below 20 then buy, sell when above 80"),
    ).toMatchObject({
      name: "rsi_mean_reversion",
      params: { lower: 20, upper: 80 },
    });
    expect(ruleOf("are ess eye on spy oversold at twenty five and overbought at seventy five")).toMatchObject(
      {
        name: "rsi_mean_reversion",
        params: { lower: 25, upper: 75 },
      },
    );
    expect(ruleOf("the mac d crossover with ten thirty and seven on qqq")).toMatchObject({
      name: "macd",
      params: { fast: 10, slow: 30, signal: 7 },
    });
    expect(ruleOf("Mack dee uh six nineteen eight on spy")).toMatchObject({
      name: "macd",
      params: { fast: 6, slow: 19, signal: 8 },
    });
  });
});
