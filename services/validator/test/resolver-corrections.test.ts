import { describe, expect, it } from "vitest";
import { corrections } from "../src/resolver/reading/corrections.ts";
import { normalise } from "../src/resolver/reading/tokens.ts";
import { firstOf, ruleOf } from "./resolver-helpers.ts";

// A writer's self-corrections (issue 14), read by one reader (reading/corrections.ts): the correcting phrase
// rewrites the number (or moving average's kind) it corrects in its place and is dropped. Wordings here are in none
// of the phrase sets; each states a rule and then corrects one of its settings.
describe("self-corrections: the corrected setting is the one resolved", () => {
  it("dictation: 'fourteen no wait twenty one' is a 21-period RSI, the rest of the sentence kept", () => {
    expect(
      ruleOf("buy SPY when the rsi fourteen no wait twenty one drops under thirty and sell above seventy"),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 21, lower: 30, upper: 70 } });
    expect(
      ruleOf(
        "ok so rsi on qqq period fourteen, no wait, twenty one, buy under twenty five sell over seventy five",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 21, lower: 25, upper: 75 } });
  });

  it("'scratch that, make it N' replaces the setting of its kind, on the side it names", () => {
    expect(
      ruleOf("Hold QQQ while it closes above the 100-day SMA, cash below. Scratch that, make it 30."),
    ).toEqual({
      name: "price_above_sma",
      params: { window: 30 },
    });
    // The 200 repeated beside the new 20 puts it where the 50 was.
    expect(ruleOf("SPY 50/200 sma cross. Scratch that, use the 20/200 instead.")).toEqual({
      name: "sma_crossover",
      params: { fast: 20, slow: 200 },
    });
    // "for the buy": the buy level, not the nearer sell level.
    expect(
      ruleOf("RSI(3) on XLE: buy below 20, sell above 70. Scratch that, make it 30 for the buy."),
    ).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 3, lower: 30, upper: 70 },
    });
  });

  it("'I mean 50 not 40' replaces the 40 said, wherever it stands; 'fourteen I mean twenty one' the number before", () => {
    expect(ruleOf("EMA crossover of 10 and 40 on QQQ, I mean 50 not 40")).toEqual({
      name: "ema_crossover",
      params: { fast: 10, slow: 50 },
    });
    expect(normalise("ema crossover of 10 and 40 i mean 50 not 40 on qqq")).toBe(
      "ema crossover of 10 and 50 on qqq",
    );
    expect(ruleOf("RSI fourteen I mean twenty one on SPY, buy under thirty, sell over seventy")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 21, lower: 30, upper: 70 },
    });
  });

  it("'change the 200 to 150' and 'replace EMA with SMA' rewrite what they name", () => {
    expect(ruleOf("SMA crossover 50/200 on IWM. Change the 200 to 150.")).toEqual({
      name: "sma_crossover",
      params: { fast: 50, slow: 150 },
    });
    expect(ruleOf("20/50 EMA crossover on SPY, replace EMA with SMA")).toEqual({
      name: "sma_crossover",
      params: { fast: 20, slow: 50 },
    });
    expect(ruleOf("ema cross 12 26 on spy. oops, use sma instead of ema")).toEqual({
      name: "sma_crossover",
      params: { fast: 12, slow: 26 },
    });
  });

  it("'use 21 instead of 14' with the 14 said earlier takes 21 in the 14's place", async () => {
    expect(normalise("rsi 14 on spy, buy under 30, sell over 70. use 21 instead of 14.")).toBe(
      "rsi 21 on spy, buy under 30, sell over 70.",
    );
    expect(await firstOf("RSI 14 on SPY, buy under 30, sell over 70. Use 21 instead of 14.")).toMatchObject({
      refused: false,
      name: "rsi_mean_reversion",
      params: { window: 21, lower: 30, upper: 70 },
      symbols: ["SPY"],
    });
    // Without the 14 said before it, "instead of 14" is a default replaced and only that goes.
    expect(ruleOf("RSI on SPY with a 21 period instead of 14, buy under 30, sell over 70")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 21, lower: 30, upper: 70 },
    });
  });

  it("'make that 5' between dashes, 'sorry, the 40-day', 'actually I want the 20-day not the 10-day'", () => {
    expect(ruleOf("Buy SPY when RSI(2) drops below 10 — wait, make that 5 — and sell above 70.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 2, lower: 5, upper: 70 },
    });
    expect(ruleOf("Hold QQQ above the 50-day, sorry, the 40-day SMA, cash below")).toEqual({
      name: "price_above_sma",
      params: { window: 40 },
    });
    expect(
      ruleOf(
        "Buy DIA when the 10-day SMA crosses above the 50-day SMA, sell when it crosses below. Actually I want the 20-day not the 10-day.",
      ),
    ).toEqual({ name: "sma_crossover", params: { fast: 20, slow: 50 } });
  });

  it("a restated clause after an apology replaces the setting of its role", () => {
    expect(
      ruleOf(
        "donchian on tlt, in on a 55-day high, out on a 20-day low. my bad, the exit is on a 10-day low.",
      ),
    ).toEqual({
      name: "donchian_breakout",
      params: { window: 55, exit_window: 10 },
    });
  });

  it("no correction without one: plain 'actually', 'wait', 'sorry' and a market correction change nothing", () => {
    for (const text of [
      "sorry for the long post. i actually use the 50-day sma on spy and wait for the close above it",
      "buy spy after a 10% correction: hold while above the 200-day sma",
      "buy spy above the 200-day. sorry, forgot: sell when it closes below the 50-day.",
      "what i meant by trend is the 150-day sma on dia",
      // An exit added, not restated: no exit said before shares its words.
      "buy on a 20-day high on tlt. sorry, forgot to mention: the exit is on a 10-day low.",
    ])
      expect(corrections(text)).toBe(text);
  });
});
