import { describe, expect, it } from "vitest";
import { spokenSpans } from "../src/resolver/reading/correction-kinds.ts";
import { corrections } from "../src/resolver/reading/corrections.ts";
import { normalise } from "../src/resolver/reading/tokens.ts";
import { findSymbols } from "../src/resolver/symbols.ts";
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

// Corrections by kind (issue 14, fifth session): what the correction names (a role, the value it drops, a month) picks
// the setting it changes, so the kind carries to wordings nobody wrote. Each wording here is in no phrase set.
describe("self-corrections by kind: the role, the dropped value or the month named picks the setting", () => {
  it("a role named by the correction: exit/sell side, fast/slow, buy side, beta/hedge lookback", () => {
    expect(
      ruleOf("buy EEM on a 40-day high, sell on a 20-day low. hmm, the sell side should be 10 days"),
    ).toEqual({
      name: "donchian_breakout",
      params: { window: 40, exit_window: 10 },
    });
    expect(
      ruleOf("donchian on USO: in on a 30-day high, out on a 15-day low. sorry, make the exit 10 days."),
    ).toEqual({ name: "donchian_breakout", params: { window: 30, exit_window: 10 } });
    // A pair's fast is its smaller number, its slow the larger, wherever the text puts them.
    expect(ruleOf("golden cross 50/200 on TSLA. sorry, make the fast 20")).toEqual({
      name: "sma_crossover",
      params: { fast: 20, slow: 200 },
    });
    expect(ruleOf("SMA 10 and 30 on XLK since 2012. sorry, make the slow one 60")).toEqual({
      name: "sma_crossover",
      params: { fast: 10, slow: 60 },
    });
    expect(ruleOf("Trade GLD with an 8/21 EMA crossover. Hmm, make the slow one 34.")).toEqual({
      name: "ema_crossover",
      params: { fast: 8, slow: 34 },
    });
    // "and" ends what stands around the 10: the "sell" there belongs to the 90.
    expect(ruleOf("RSI(2) on SPY, buy under 10 and sell over 90. wait no, 5 for the buy side.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 2, lower: 5, upper: 90 },
    });
    expect(
      ruleOf(
        "pairs EWA/EWC with a rolling hedge ratio over 90 days and a 90-day z-score window, long below -2, out at 0. actually make the hedge lookback 120",
      ),
    ).toEqual({
      name: "pairs_zscore_fitted",
      params: { window: 90, hedge_window: 120, entry_z: 2, exit_z: 0 },
    });
  });

  it("the same value said for two settings: the one the correction's role words stand around", () => {
    expect(
      ruleOf(
        "pairs GDX/GLD, beta from a 100-day regression, z-score over 100 days as well, enter at -2, exit at 0. hmm, make the beta window 250, 100 is too slow to adapt",
      ),
    ).toEqual({
      name: "pairs_zscore_fitted",
      params: { window: 100, hedge_window: 250, entry_z: 2, exit_z: 0 },
    });
  });

  it("the comparison said again before the new value: 'below 15, sorry, below 10', 'sell above 80'", () => {
    expect(ruleOf("RSI(3) on XLE, buy below 15, sorry, below 10, sell above 80")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 3, lower: 10, upper: 80 },
    });
    expect(
      ruleOf("RSI(14) on SPY buy below 30 sell above 70. Oops, sell above 80, 70 exits too early."),
    ).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 14, lower: 30, upper: 80 },
    });
  });

  it("the value dropped named before the new one: 'scratch the 14, go with 9', 'forget the 100, use 150'", () => {
    expect(ruleOf("RSI 14 on QQQ below 30 above 70. Scratch the 14, go with 9.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 9, lower: 30, upper: 70 },
    });
    expect(ruleOf("SMA cross 20 and 100 on IWM. Forget the 100, use 150.")).toEqual({
      name: "sma_crossover",
      params: { fast: 20, slow: 150 },
    });
    expect(ruleOf("SMA 10/30 crossover on XLK. Scratch the 10-day, use a 5-day.")).toEqual({
      name: "sma_crossover",
      params: { fast: 5, slow: 30 },
    });
  });

  it("a reason names the value dropped, after the new one or before it, and is not read as a setting", () => {
    expect(
      ruleOf("buy EEM on a 40-day high, sell on a 20-day low. hmm, make the exit 10, 20 was too loose"),
    ).toEqual({
      name: "donchian_breakout",
      params: { window: 40, exit_window: 10 },
    });
    expect(
      ruleOf(
        "zscore reversion on TLT with a 20-day window, buy below -2, sell above 0. Correction: 20 is way too short, I meant 50.",
      ),
    ).toEqual({ name: "zscore_reversion", params: { window: 50, entry_z: 2, exit_z: 0 } });
    expect(
      ruleOf(
        "bollinger 20 2 on SPY buy at the lower band sell at the upper. Correction: the 2 is too wide, I meant 1.5",
      ),
    ).toEqual({ name: "bollinger_bands", params: { window: 20, k: 1.5 } });
    expect(ruleOf("hold SPY above its 200-day sma, cash below. wait no, the 200 is too slow, 150")).toEqual({
      name: "price_above_sma",
      params: { window: 150 },
    });
  });

  it("months corrected: 'to March not April', 'sorry, from November', 'make it through March'", () => {
    expect(ruleOf("Seasonal on SPY: in from November to April. Sorry, to March not April.")).toEqual({
      name: "sell_in_may",
      params: { start_month: 11, end_month: 3 },
    });
    expect(ruleOf("hold QQQ from october to april, cash otherwise. sorry, from november.")).toEqual({
      name: "sell_in_may",
      params: { start_month: 11, end_month: 4 },
    });
    expect(ruleOf("Seasonal on DIA, long November through April. Hmm, make it through March.")).toEqual({
      name: "sell_in_may",
      params: { start_month: 11, end_month: 3 },
    });
  });

  it("a pair written with a space, and a sign said once: the fast of '9 21', the entry of '-1.5'", () => {
    expect(ruleOf("ema crossover 9 21 on btc-usd. wait no, the fast should be 5")).toEqual({
      name: "ema_crossover",
      params: { fast: 5, slow: 21 },
    });
    expect(
      ruleOf(
        "Z-score of 20 days on XLU, buy below -1.5, sell above 0. Hmm, make the entry -2, 1.5 fires too often",
      ),
    ).toEqual({ name: "zscore_reversion", params: { window: 20, entry_z: 2, exit_z: 0 } });
    // A negative value replaces the negative one, not the nearer 0.
    expect(normalise("z-score of 20 days on xlu, buy below -2, sell above 0. sorry, -2.5")).toBe(
      "z-score of 20 days on xlu, buy below -2.5, sell above 0",
    );
  });

  it("more markers: 'I wrote that wrong', 'Edit:', 'hmm no', 'no sorry', and a slashed set for a slashed set", () => {
    expect(
      ruleOf(
        "Hey, can you test a 20/50 EMA cross on MSFT since 2015? Oh wait, I wrote that wrong, the slow is 100.",
      ),
    ).toEqual({ name: "ema_crossover", params: { fast: 20, slow: 100 } });
    expect(
      ruleOf(
        "Donchian on CL=F, enter on 55-day highs, exit on 20-day lows. Edit: exit on 10-day lows instead.",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 55, exit_window: 10 } });
    expect(ruleOf("Please run RSI(7) on SPY, buy < 25, sell > 75. Hmm no, buy < 20.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 7, lower: 20, upper: 75 },
    });
    expect(normalise("sma crossover 5/20 on amzn, no sorry, 10/30")).toBe("sma crossover 10/30 on amzn");
    expect(ruleOf("MACD 12/26/9 on SPY. Sorry, 8/17/9.")).toEqual({
      name: "macd",
      params: { fast: 8, slow: 17, signal: 9 },
    });
  });

  it("two settings corrected in one sentence, each led by its role; a setting added after them is kept", () => {
    expect(ruleOf("RSI(2) on SPY, buy under 10, sell over 90. Sorry: buy under 5 and sell over 80.")).toEqual(
      {
        name: "rsi_mean_reversion",
        params: { window: 2, lower: 5, upper: 80 },
      },
    );
    expect(ruleOf("RSI(2) on SPY, buy under 10. Sorry, buy under 5, sell over 80.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 2, lower: 5, upper: 80 },
    });
  });

  it("second thoughts: 'on second thought', 'having slept on it, I'd rather', 'minor fix:', 'change of plan:'", () => {
    expect(
      ruleOf(
        "Hi team, please backtest a Bollinger reversion on XLV with a 20-day window and 2 standard deviations. On second thought, 2.5 deviations; 2 gives too many signals.",
      ),
    ).toEqual({ name: "bollinger_bands", params: { window: 20, k: 2.5 } });
    expect(ruleOf("We discussed MACD 12/26/9 on EEM. Having slept on it, I'd rather use 5/35/5.")).toEqual({
      name: "macd",
      params: { fast: 5, slow: 35, signal: 5 },
    });
    expect(
      ruleOf(
        "Could you run the RSI reversion on SMH, 14-period, entries under 30, exits over 70? Minor fix: entries under 25.",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 14, lower: 25, upper: 70 } });
    expect(
      ruleOf(
        "Donchian breakout on SLV, 20-day entry and 10-day exit. Change of plan: exit on the 5-day low.",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 20, exit_window: 5 } });
    expect(ruleOf("pairs KO PEP z 60 day entry 2 exit 0. eh, entry 1.5 actually")).toMatchObject({
      params: { window: 60, entry_z: 1.5, exit_z: 0 },
    });
  });

  it("a span of months for a span of months; after a plain 'actually', only where its role's words stood", () => {
    expect(ruleOf("seasonal on IWM, invested november through april. sorry, december through march")).toEqual(
      {
        name: "sell_in_may",
        params: { start_month: 12, end_month: 3 },
      },
    );
    expect(
      normalise("sell in may on efa: out from may to october. actually, out from june to september."),
    ).toBe("sell in may on efa: out from june to september.");
    expect(ruleOf("hold SPY above the 200-day sma. actually above the 150-day")).toEqual({
      name: "price_above_sma",
      params: { window: 150 },
    });
    // A new setting, not a restated one: nothing corrected.
    const added = "buy spy above the 200-day sma. actually sell below the 50-day";
    expect(corrections(added)).toBe(added);
  });

  it("the marker said after the value: 'uh, 12-month I mean'", () => {
    expect(ruleOf("Price above the 10-month sma on VTI. uh, 12-month I mean")).toEqual({
      name: "price_above_sma",
      params: { window: 252 },
    });
  });

  it("no correction without one: 'hmm', a value said 'too' and a month as a verb change nothing", () => {
    for (const text of [
      "sorry for the long post, hmm, i trade the 50-day sma on spy and the 30 is too short for me",
      "hmm, i wonder whether the 200-day sma on spy still works, the 100 too",
      "hold spy from november through april. you may want to check it on qqq too.",
    ])
      expect(corrections(text)).toBe(text);
  });
});

describe("symbols corrected: the one replaced is not read", () => {
  it("a ticker or an asset's name, then a marker and the ticker meant", async () => {
    expect(findSymbols("golden cross on TSLA, sorry, NVDA")).toEqual(["NVDA"]);
    expect(findSymbols("RSI(2) on XLE, no wait, XLF, buy below 10 sell above 90")).toEqual(["XLF"]);
    expect(findSymbols("golden cross on AAPL. Actually make that MSFT.")).toEqual(["MSFT"]);
    expect(findSymbols("200-day sma timing on IWM I mean QQQ")).toEqual(["QQQ"]);
    expect(findSymbols("golden cross on QQQ instead of SPY")).toEqual(["QQQ"]);
    expect(await firstOf("just buy and hold silver um I mean SLV, nothing else")).toMatchObject({
      refused: false,
      name: "buy_and_hold",
      symbols: ["SLV"],
    });
  });

  it("no symbol dropped without a ticker meant: an indicator or a plain word after the marker", () => {
    expect(findSymbols("Buy SPY. Sorry, I meant the RSI")).toEqual(["SPY"]);
    expect(findSymbols("RSI on SPY. Actually SMA is better")).toEqual(["SPY"]);
    expect(findSymbols("buy SPY when the RSI is low, I mean XLF")).toEqual(["SPY", "XLF"]);
    expect(findSymbols("pairs KO vs PEP, sorry for the delay")).toEqual(["KO", "PEP"]);
  });

  it("buy and hold as the benchmark with no selling said is the rule asked for; against a named rule it is not", async () => {
    expect(await firstOf("measure it against plain buy and hold on TLT, no selling")).toMatchObject({
      refused: false,
      name: "buy_and_hold",
    });
    expect(await firstOf("does the golden cross beat buy and hold on SPY?")).toMatchObject({
      refused: false,
      params: { fast: 50, slow: 200 },
    });
  });

  // held-out-66/68's misses stand for these families; the wordings below are none of theirs.
  it("a new set chosen after a reason, written with slashes, replaces the pair said before it", () => {
    expect(
      ruleOf("SPY sma cross, fast 20, slow 100. No wait, the book uses 10 and 50, go with 10/50."),
    ).toEqual({
      name: "sma_crossover",
      params: { fast: 10, slow: 50 },
    });
    expect(
      ruleOf("QQQ ema crossover with fast 5 and slow 30. Sorry, my colleague runs 12 and 26, use 12/26."),
    ).toEqual({ name: "ema_crossover", params: { fast: 12, slow: 26 } });
    expect(
      ruleOf(
        "RSI 14 on IWM, buy below 30 and sell above 70. No wait, Tom thinks 25 and 75 is better, go with 25/75.",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 14, lower: 25, upper: 75 } });
  });

  it("a bare 'no' between two values said aloud corrects the first", () => {
    expect(ruleOf("rsi on spy period ten no fourteen, buy under thirty sell over seventy")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 14, lower: 30, upper: 70 },
    });
    expect(ruleOf("hold QQQ above the fifty no the one hundred day sma, cash below it")).toEqual({
      name: "price_above_sma",
      params: { window: 100 },
    });
    expect(
      ruleOf("trend filter on XLF with a two hundred no one fifty day sma, long above it and flat below"),
    ).toEqual({ name: "price_above_sma", params: { window: 150 } });
  });

  it("a day counted in words corrected by another ('the fourth to last day, sorry, the third to last')", () => {
    expect(
      ruleOf(
        "turn of the month on SPY: buy at the close of the fourth to last trading day, sorry, the third to last, and sell at the close of the 3rd trading day of the new month",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 2, days_after: 3 } });
    expect(
      ruleOf(
        "buy DIA on the second to last day of the month no wait the third to last day and sell at the close of the second trading day of the next month",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 2, days_after: 2 } });
    expect(
      ruleOf(
        "month end trade on QQQ enter on the fifth to last session uh no sorry the fourth to last session of the month and exit on the 3rd trading day of the next month",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 3, days_after: 3 } });
  });

  it("a month corrected by another month right after it", () => {
    expect(
      ruleOf(
        "halloween strategy on QQQ, buy at the start of october no wait the start of november, sell at the end of april",
      ),
    ).toEqual({ name: "sell_in_may", params: { start_month: 11, end_month: 4 } });
    expect(
      ruleOf(
        "be in IWM from the beginning of november until the end of june sorry the end of april, cash otherwise",
      ),
    ).toEqual({ name: "sell_in_may", params: { start_month: 11, end_month: 4 } });
    expect(
      ruleOf("DIA halloween indicator, enter in november and exit at the end of may, no sorry, april"),
    ).toEqual({
      name: "sell_in_may",
      params: { start_month: 11, end_month: 4 },
    });
  });

  // After "the one fifty no the one hundred day" is corrected, the period stands alone before a clause run on.
  it("an average's period said alone, the next clause run on without a comma, is the average's", () => {
    expect(
      ruleOf("trend filter on QQQ the 50 day buy when the close is above it sell when it is below"),
    ).toEqual({
      name: "price_above_sma",
      params: { window: 50 },
    });
    expect(
      ruleOf("moving average on GLD the one fifty day hold while price is above it, cash when below"),
    ).toEqual({
      name: "price_above_sma",
      params: { window: 150 },
    });
    expect(
      ruleOf(
        "price against the moving average on DIA the 120 day when the close is over it go long, under it go flat",
      ),
    ).toEqual({
      name: "price_above_sma",
      params: { window: 120 },
    });
  });
});

// Corrections read as a grammar (issue 14, held-out-70/72/74): a marker, who made it and when, what is replaced, the
// new value or values. None of these wordings is in a phrase set.
describe("self-corrections as a grammar: marker, who and when, what is replaced, the new values", () => {
  it("a notice with who made it or when before its colon, or 'correction,' with someone's word for the value", () => {
    expect(
      ruleOf(
        "Plan for Monday: RSI(14) on QQQ, buy below 30, sell above 70. Update from Dana after lunch: the buy level should be 25, not 30.",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 14, lower: 25, upper: 70 } });
    expect(
      ruleOf("Trend test: hold SPY above its 100-day SMA, cash below. Correction by the PM: 150-day."),
    ).toEqual({
      name: "price_above_sma",
      params: { window: 150 },
    });
    expect(
      ruleOf(
        "Hold IWM while above the 80-day EMA; correction, the desk says 60-day, the 80 was last year's.",
      ),
    ).toEqual({ name: "price_above_ema", params: { window: 60 } });
    // "one correction" is read "1 correction" by then: the 1 is no value.
    expect(
      ruleOf(
        "RSI(2) on DIA below 10 while above its 200-day SMA, exit on a close above the 5-day SMA. Oops, one correction: the exit average should be 7 days, not 5.",
      ),
    ).toEqual({ name: "connors_rsi_pullback", params: { window: 2, lower: 10, trend: 200, exit_ma: 7 } });
  });

  it("a correction told as a past act, by whom and when: 'Ana corrected it in the chat later:', 'amended after the call,'", () => {
    expect(
      ruleOf(
        "Notes: Ana suggests a 10/40 SMA cross on EEM. Ana corrected it in the chat later: the fast one is 15, not 10.",
      ),
    ).toEqual({ name: "sma_crossover", params: { fast: 15, slow: 40 } });
    expect(
      ruleOf(
        "Channel breakout on QQQ: buy a 20-day high, sell a 10-day low. The client revised it by phone: the exit is 15 days, not 10.",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 20, exit_window: 15 } });
    // Not a correction: "he meant well", "sorry to bother you", an update with no value replaced.
    expect(ruleOf("He meant well. RSI 14 on SPY, buy below 30, sell above 70.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 14, lower: 30, upper: 70 },
    });
    expect(ruleOf("Sorry to bother you, could you run the 50/200 SMA cross on SPY? Thanks.")).toEqual({
      name: "sma_crossover",
      params: { fast: 50, slow: 200 },
    });
    expect(
      ruleOf(
        "The update from the vendor: data for 2020 is missing. Run RSI 14 on SPY, buy below 30, sell above 70.",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 14, lower: 30, upper: 70 } });
  });

  it("the value replaced named before the new one: 'not 55 days, make …', 'the 5 was a typo, it is …', 'Y should be X'", () => {
    expect(
      ruleOf(
        "Donchian breakout on GLD, 55-day high to enter, 20-day low to exit. Sorry, not 55 days, make the entry window 40.",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 40, exit_window: 20 } });
    expect(
      ruleOf(
        "Turn of the month on SPY: buy 3 trading days before month end, sell at the close of the 5th trading day. Oops, the 5 was a typo, it is the 2nd.",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 3, days_after: 2 } });
    expect(ruleOf("SMA cross on DIA, 20 and 100. Edit from the author: lookback 100 should be 120.")).toEqual(
      {
        name: "sma_crossover",
        params: { fast: 20, slow: 120 },
      },
    );
    expect(ruleOf("EMA cross on XLK, 10/30. Correction: the slow from 30 to 45.")).toEqual({
      name: "ema_crossover",
      params: { fast: 10, slow: 45 },
    });
  });

  it("several new values for as many said together before, each in its place: 'Raj meant 15 and 85'", () => {
    expect(
      ruleOf(
        "We agreed on RSI(5) for XLF, buy under 20 and sell over 80; amended after the call, Raj meant 15 and 85.",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 5, lower: 15, upper: 85 } });
    expect(ruleOf("ema cross on tsla 12 and 26 corrected by the client later, she meant 9 and 21")).toEqual({
      name: "ema_crossover",
      params: { fast: 9, slow: 21 },
    });
    expect(ruleOf("MACD on AAPL 12/26/9. Sorry, 5/35/5 instead.")).toEqual({
      name: "macd",
      params: { fast: 5, slow: 35, signal: 5 },
    });
    // Digits dictated one by one are one value, not a run: "fast one five no sorry fifteen and slow fifty".
    expect(ruleOf("ema cross on gold fast one five no sorry fifteen and slow fifty")).toEqual({
      name: "ema_crossover",
      params: { fast: 15, slow: 50 },
    });
  });

  it("a setting changed by its role's words ('later the analyst changed the z window to 45'), not by its old value", () => {
    expect(
      ruleOf(
        "Pairs on KO and PEP, hedge ratio 0.9, z over 30 days, enter at -2, exit at 0. Later the analyst changed the z window to 45.",
      ),
    ).toEqual({ name: "pairs_zscore", params: { window: 45, entry_z: 2, exit_z: 0, hedge: 0.9 } });
    expect(
      ruleOf(
        "RSI(2) on SPY, buy below 10, exit above the 5-day SMA. Mike later changed the exit average to 8 days.",
      ),
    ).toEqual({ name: "connors_rsi_pullback", params: { window: 2, lower: 10, trend: 200, exit_ma: 8 } });
    // Nothing said before for its role: nothing replaced.
    expect(ruleOf("We changed the data source to 5 years of history; SMA 50/200 cross on SPY.")).toEqual({
      name: "sma_crossover",
      params: { fast: 50, slow: 200 },
    });
  });

  it("the wrong value told as written elsewhere, then called wrong, the right one already in the rule: it goes whole", () => {
    expect(
      ruleOf(
        "Bollinger on TLT, 20-day, 2 sd, buy at the lower band, sell at the middle. The ticket says 20/2.5, that is wrong, 2 is correct.",
      ),
    ).toEqual({ name: "bollinger_bands", params: { window: 20, k: 2 } });
    expect(
      normalise(
        "macd 5/35/5 on qqq, buy on the signal cross. our old draft has 5/30/5, that's a typo, 35 is right.",
      ),
    ).toBe("macd 5/35/5 on qqq, buy on the signal cross.");
  });

  it("more notices: a dash for the colon, who or when in brackets, whose it is, 'strike that', 'for Y read X'", () => {
    expect(ruleOf("SMA 50/200 cross on QQQ. Small fix - the slow average is 150, not 200.")).toEqual({
      name: "sma_crossover",
      params: { fast: 50, slow: 150 },
    });
    expect(ruleOf("Time-series momentum on SPY over 12 months. Update (Friday): 6 months instead.")).toEqual({
      name: "ts_momentum",
      params: { lookback: 126 },
    });
    expect(ruleOf("Sam wants the 50/200 SMA cross on SPY. Sam's correction: 40/160.")).toEqual({
      name: "sma_crossover",
      params: { fast: 40, slow: 160 },
    });
    expect(ruleOf("SMA cross 10/50 on DIA; strike that, 20/50.")).toEqual({
      name: "sma_crossover",
      params: { fast: 20, slow: 50 },
    });
    expect(ruleOf("RSI 14 on SPY, buy below 30, sell above 70. Erratum: for 30 read 25.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 14, lower: 25, upper: 70 },
    });
    // Two values meant for a slashed pair.
    expect(
      ruleOf("EMA cross 12/26 on XLE, buy on the cross up, sell on the cross down. PS: Sam meant 8 and 34."),
    ).toEqual({ name: "ema_crossover", params: { fast: 8, slow: 34 } });
  });

  it("numbered or dated notices, past acts told with 'changed'/'updated', a pair restated with one value kept", () => {
    expect(
      ruleOf(
        "Pairs on GDX and GDXJ with a hedge ratio of 1.1, z over 60 days, in at -2, out at 0. Edit 2: hedge 0.9.",
      ),
    ).toEqual({ name: "pairs_zscore", params: { window: 60, entry_z: 2, exit_z: 0, hedge: 0.9 } });
    expect(ruleOf("RSI(3) on TLT buy under 15, sell over 85. UPDATE 11/28: buy under 10.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 3, lower: 10, upper: 85 },
    });
    expect(
      ruleOf(
        "Z-score reversion on XLE over 20 days, enter at -2, exit at 0. Changed after the backtest review: 30 days.",
      ),
    ).toEqual({ name: "zscore_reversion", params: { window: 30, entry_z: 2, exit_z: 0 } });
    expect(
      ruleOf("Donchian on SPY, 20-day high in, 10-day low out. Updated by Kim: exit after a 5-day low."),
    ).toEqual({
      name: "donchian_breakout",
      params: { window: 20, exit_window: 5 },
    });
    expect(ruleOf("Golden cross on SPY, 50 over 200. Corrected per the PM: 40 over 200.")).toEqual({
      name: "sma_crossover",
      params: { fast: 40, slow: 200 },
    });
    expect(ruleOf("ema cross on spy ten and fifty actually no make it twenty and fifty")).toEqual({
      name: "ema_crossover",
      params: { fast: 20, slow: 50 },
    });
    // A value and a reason are no pair: the sell level, not the buy level, is 75.
    expect(
      ruleOf(
        "RSI(7) on SLV, buy under 25, sell over 80. Edit: make the sell level 75, 80 hardly ever triggers.",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 7, lower: 25, upper: 75 } });
  });

  it("'(make that 25)', 'or rather', 'instead of Y, use X', 'I typed Y but meant X', 'that should be', 'the Y should have been X'", () => {
    expect(ruleOf("RSI 14 on SPY, buy under 30 (make that 25), sell over 70.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 14, lower: 25, upper: 70 },
    });
    expect(ruleOf("Hold QQQ above the 20-day, or rather the 25-day, moving average.")).toEqual({
      name: "price_above_sma",
      params: { window: 25 },
    });
    expect(
      ruleOf("Golden cross SPY 50/200, sell on the death cross. Instead of the 200 use the 150."),
    ).toEqual({
      name: "sma_crossover",
      params: { fast: 50, slow: 150 },
    });
    expect(ruleOf("RSI 14 on SPY, buy below 30, sell above 70. I typed 30 but meant 25.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 14, lower: 25, upper: 70 },
    });
    expect(ruleOf("SMA 20/100 on XLV. Wait, that should be the 120-day.")).toEqual({
      name: "sma_crossover",
      params: { fast: 20, slow: 120 },
    });
    expect(ruleOf("Z-score on XLE over 20 days, in at -2, out at 0. The 20 should have been 40.")).toEqual({
      name: "zscore_reversion",
      params: { window: 40, entry_z: 2, exit_z: 0 },
    });
  });

  it("'followed up by email:', 'small change from Lee later that day:', 'or actually', 'asked for N instead'", () => {
    expect(
      ruleOf(
        "Meeting recap: Jo pitched RSI(4) on XLU, buy under 15, sell over 85. Jo followed up by email: 20 and 80.",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 4, lower: 20, upper: 80 } });
    expect(
      ruleOf("Per our call: SMA 10/50 cross on EWJ. Small change from Lee later that day: fast 15."),
    ).toEqual({
      name: "sma_crossover",
      params: { fast: 15, slow: 50 },
    });
    expect(ruleOf("rsi two on qqq buy below thirty or actually twenty five sell above seventy")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 2, lower: 25, upper: 70 },
    });
    expect(
      ruleOf(
        "Momentum on EFA over 12 months, long when positive. The requester then asked for 6 months instead.",
      ),
    ).toEqual({ name: "ts_momentum", params: { lookback: 126 } });
  });

  it("chat, non-native and dictation markers: 'nah make it', 'hmm make that', 'excuse me, I want to say', 'sorry for the mistake, it is'", () => {
    expect(ruleOf("yo run a golden cross on nvda 50 and 200 ... nah make it 20 and 100 actually")).toEqual({
      name: "sma_crossover",
      params: { fast: 20, slow: 100 },
    });
    expect(
      ruleOf(
        "bollinger on spy twenty day two sigma buy lower band sell middle band hmm make that three sigma",
      ),
    ).toEqual({ name: "bollinger_bands", params: { window: 20, k: 3 } });
    expect(
      ruleOf(
        "Hello, please test RSI 14 on AAPL buy below 30 sell above 70. Excuse me, I want to say buy below 20.",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 14, lower: 20, upper: 70 } });
    expect(
      ruleOf(
        "Dear team, the rule is price above 200-day moving average on SPY. Sorry for the mistake, it is the 100-day.",
      ),
    ).toEqual({ name: "price_above_sma", params: { window: 100 } });
  });

  it("no marker needed: 'entry 55 not 40' (the 40 said before), 'the 150 was a typo, 100'; a told value with words after it", () => {
    expect(
      ruleOf(
        "ticket 7781: donchian on gld 40 day high entry 20 day low exit. per requester (see thread) entry 55 not 40.",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 55, exit_window: 20 } });
    expect(ruleOf("Trend rule on EEM: long above the 150-day SMA. PS the 150 was a typo, 100.")).toEqual({
      name: "price_above_sma",
      params: { window: 100 },
    });
    // "not 5" with no 5 said before is no correction, and a share is no value.
    expect(ruleOf("RSI 14 on SPY, buy below 30 not 5% above it, sell above 70.")).toMatchObject({
      params: { window: 14, lower: 30, upper: 70 },
    });
    expect(
      normalise(
        "rsi 7 on xlk, buy under 20, sell over 80. the old slide said 25 for the buy; that was a typo, it is 20.",
      ),
    ).toBe("rsi 7 on xlk, buy under 20, sell over 80.");
  });

  it("no correction where the grammar is not whole: a notice of news, a value ruled out unsaid, a value told as past", () => {
    expect(normalise("sma 20/50 cross on qqq. product update: we now support 10 years of data.")).toContain(
      "sma 20/50 cross on qqq. product update: we now support",
    );
    expect(ruleOf("Buy SPY when RSI(14) drops below 30, not 20 like the book says, sell above 70.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 14, lower: 30, upper: 70 },
    });
    expect(
      ruleOf("RSI 14 on SPY, buy below 30, sell above 70. We later changed the data to 2010 onward."),
    ).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 14, lower: 30, upper: 70 },
    });
    expect(ruleOf("Golden cross on SPY 50/200. The 50 was meant to be a test of speed.")).toEqual({
      name: "sma_crossover",
      params: { fast: 50, slow: 200 },
    });
    expect(
      ruleOf("Bollinger on GLD, 20 days, 2 sd. Hmm, I wonder if 2.5 would be better, but run 2 first."),
    ).toEqual({
      name: "bollinger_bands",
      params: { window: 20, k: 2 },
    });
  });

  it("a place in a slashed set named: 'the first number should be 8', 'the second value should be 21'", () => {
    expect(
      ruleOf("MACD 12/26/9 on SPY, buy on the signal cross. Sorry, the first number should be 8."),
    ).toEqual({
      name: "macd",
      params: { fast: 8, slow: 26, signal: 9 },
    });
    expect(
      ruleOf("MACD 12/26/9 on QQQ, buy on the signal cross. Oops, the second value should be 21."),
    ).toEqual({
      name: "macd",
      params: { fast: 12, slow: 21, signal: 9 },
    });
    expect(
      ruleOf("MACD 12/26/9 on DIA, buy on the signal cross. Correction: the last number should be 5."),
    ).toEqual({
      name: "macd",
      params: { fast: 12, slow: 26, signal: 5 },
    });
  });

  it("dictation: 'wait I mean', and a value then the rule again is one value, not a run", () => {
    expect(ruleOf("hold spy above the two hundred day average wait i mean the one fifty")).toEqual({
      name: "price_above_sma",
      params: { window: 150 },
    });
    expect(
      ruleOf("buy spy when rsi fourteen drops below thirty i mean twenty five and sell above seventy"),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 14, lower: 25, upper: 70 } });
  });

  it("dictation: a restated clause run on into the rule with no stop corrects its first clause only", () => {
    expect(
      ruleOf(
        "rsi two on spy buy under ten scratch that under five sell when it closes above the five day average",
      ),
    ).toEqual({ name: "connors_rsi_pullback", params: { window: 2, lower: 5, trend: 200, exit_ma: 5 } });
    expect(
      ruleOf("rsi 2 on qqq buy below 10 sorry I meant below 5 exit on a close over the 7 day sma"),
    ).toEqual({
      name: "connors_rsi_pullback",
      params: { window: 2, lower: 5, trend: 200, exit_ma: 7 },
    });
  });

  it("dictation: a marker run on after a word, 'the fast one forty' (a pronoun, then the number)", () => {
    expect(
      ruleOf("golden cross on spy the fifty over the two hundred sorry make the slow one one fifty"),
    ).toEqual({
      name: "sma_crossover",
      params: { fast: 50, slow: 150 },
    });
    expect(ruleOf("ema crossover on nvda ten and thirty no wait make the fast one twelve")).toEqual({
      name: "ema_crossover",
      params: { fast: 12, slow: 30 },
    });
    expect(
      ruleOf(
        "hold qqq while its above the hundred day average sell below it sorry make that the one twenty day",
      ),
    ).toEqual({ name: "price_above_sma", params: { window: 120 } });
    // Two periods said apart: the fast is the smaller.
    expect(
      ruleOf("the thirty simple crossing over the ninety simple on dia oops make the fast one twenty"),
    ).toEqual({ name: "sma_crossover", params: { fast: 20, slow: 90 } });
  });
});

// held-out-78 kinds (issue 14): a pair or clause said again whole, naming what it replaces by repeating its
// unchanged part (correction-restated.ts), and a span of time said in words as a correction's value
// (correction-kinds.ts `spokenSpans`). Wordings of ours, in none of the phrase sets.
describe("a pair or clause restated whole, its unchanged value repeated", () => {
  it("replaces the value that changed, not the one the words stand nearer", () => {
    expect(
      ruleOf("RSI(5) on XLU: buy under 30, sell over 70. My mistake, I meant buy under 25, sell over 70."),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 5, lower: 25, upper: 70 } });
    expect(
      ruleOf(
        "Hold AAPL while the 50-day SMA is above the 200-day SMA. Oops, that should read: while the 50-day SMA is above the 150-day SMA.",
      ),
    ).toEqual({ name: "sma_crossover", params: { fast: 50, slow: 150 } });
    expect(
      ruleOf(
        "Donchian on USO, buy the 40-day high and sell the 20-day low. Correction: buy the 55-day high and sell the 20-day low.",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 55, exit_window: 20 } });
    expect(
      ruleOf(
        "MACD 12, 26 and 9 on TSLA, buy the signal cross up, sell the cross down. I mistyped it, I meant 12, 30 and 9.",
      ),
    ).toEqual({ name: "macd", params: { fast: 12, slow: 30, signal: 9 } });
    expect(
      ruleOf(
        "Golden cross variant on EFA: the 40-day SMA over the 160-day SMA. wait no, the 40-day SMA over the 120-day SMA",
      ),
    ).toEqual({ name: "sma_crossover", params: { fast: 40, slow: 120 } });
  });

  it("restates a clause of three values with a new one said elsewhere too, and drops the words it repeats", () => {
    expect(
      ruleOf(
        "Connors on SPY: buy when RSI(2) < 10 and the close is above the 200-day sma, sell above the 5-day sma. Correction: RSI(2) < 5 and the close above the 200-day sma.",
      ),
    ).toEqual({ name: "connors_rsi_pullback", params: { window: 2, lower: 5, trend: 200, exit_ma: 5 } });
    expect(
      normalise(
        "EMA cross on META, the 10-day EMA over the 30-day EMA. Typo: should be the 10-day EMA over the 50-day EMA.",
      ),
    ).toBe("ema cross on meta, the 10-day ema over the 50-day ema");
  });

  it("leaves a new value beside a reason to the role it names ('75, 80 hardly ever triggers' is no pair)", () => {
    expect(
      ruleOf("RSI 9 on XBI: buy under 15, sell over 85. Edit: make the sell level 70, 85 rarely triggers."),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 9, lower: 15, upper: 70 } });
  });
});

describe("a span of time said in words as a correction's value", () => {
  it("writes it in the unit said ('a year' for '6 months'), whichever side names the other", () => {
    expect(
      ruleOf(
        "Squeeze on XLK: Bollinger 20, 2; buy when the band width is the lowest in 3 months and price closes above the upper band, sell under the middle band. Correction: the lookback is a year, not 3 months.",
      ),
    ).toEqual({ name: "bollinger_squeeze", params: { window: 20, k: 2, lookback: 252 } });
    expect(
      ruleOf(
        "Hold VTI while it is above its 6-month moving average, else cash. Edit: the average should be a year, not 6 months.",
      ),
    ).toEqual({ name: "price_above_sma", params: { window: 252 } });
    expect(
      ruleOf(
        "Bollinger squeeze on SMH, bands 20 days and 2 std, enter on a close above the upper band when the width is the narrowest of a year, leave below the middle band. Sorry, 3 months, not a year.",
      ),
    ).toEqual({ name: "bollinger_squeeze", params: { window: 20, k: 2, lookback: 63 } });
    expect(
      ruleOf(
        "Price above the 10-month SMA on EFA, in cash otherwise. Update from the PM: a year and a half instead of 10 months.",
      ),
    ).toEqual({ name: "price_above_sma", params: { window: 378 } });
    expect(
      ruleOf(
        "Donchian channel on CORN: buy the 3-month high, sell the 1-month low. Oops, make the exit a couple of weeks.",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 63, exit_window: 10 } });
    expect(
      ruleOf("Momentum on EEM: buy when its 3-month return is above zero, otherwise cash. I meant a year."),
    ).toEqual({ name: "ts_momentum", params: { lookback: 252 } });
  });

  it("needs no marker where the value replaced is named ('a year, not 6 months', 'a year instead of 9 months')", () => {
    expect(
      ruleOf(
        "Bollinger squeeze on IWM (20, 2) at its narrowest in 6 months: buy above the upper band, exit under the middle band; the lookback should be a year, not 6 months.",
      ),
    ).toEqual({ name: "bollinger_squeeze", params: { window: 20, k: 2, lookback: 252 } });
    expect(ruleOf("Hold DIA above its 9-month moving average. Use a year instead of 9 months.")).toEqual({
      name: "price_above_sma",
      params: { window: 252 },
    });
    expect(
      ruleOf(
        "Squeeze on XLE: bands 20, 2, width at its lowest in 4 months, buy the upper band break, sell at the middle band. Rather a quarter, not 4 months.",
      ),
    ).toEqual({ name: "bollinger_squeeze", params: { window: 20, k: 2, lookback: 63 } });
  });

  it("keeps a rate or a time ago in words as it is", () => {
    expect(spokenSpans("rebalance once a month, 10% a year, a year ago, half a year")).toBe(
      "rebalance once a month, 10% a year, a year ago, 6    months",
    );
  });
});

describe("corrections from meeting notes and threads: follow-ups, who changed it later, what was agreed", () => {
  it("reads a follow-up, a later note, a name with 'later', 'per the … call' and an agreement as markers", () => {
    const cases: Array<[string, string, Record<string, number>]> = [
      [
        "MACD 12/26/9 on AMD, signal cross. Follow-up from Dana: signal 6.",
        "macd",
        { fast: 12, slow: 26, signal: 6 },
      ],
      [
        "Pairs XOM/CVX z 40, in -2, out 0. Later note: entry threshold 1.25 instead.",
        "pairs_zscore",
        { window: 40, entry_z: 1.25, exit_z: 0, hedge: 1 },
      ],
      [
        "RSI(10) below 25 buy, above 75 sell on XLB. Per the follow-up call the oversold level is 20.",
        "rsi_mean_reversion",
        { window: 10, lower: 20, upper: 75 },
      ],
      ["6-month momentum on EWJ; after discussion we settled on 4 months.", "ts_momentum", { lookback: 84 }],
      [
        "price above the 150-day SMA on EWC. Mia later: make it the 120-day.",
        "price_above_sma",
        { window: 120 },
      ],
    ];
    for (const [text, name, params] of cases) expect(ruleOf(text), text).toEqual({ name, params });
  });

  it("puts a role said with a slashed set in its place, without the new value's unit", () => {
    expect(ruleOf("Donchian 25/12 on SLV. Amendment (Wed): entry channel 40 days.")).toEqual({
      name: "donchian_breakout",
      params: { window: 40, exit_window: 12 },
    });
    expect(ruleOf("Donchian 25/12 on SLV. Amendment: exit channel 8 days.")).toEqual({
      name: "donchian_breakout",
      params: { window: 25, exit_window: 8 },
    });
  });

  it("reads a level's side named after the indicator as the level, not the indicator's period", () => {
    expect(ruleOf("rsi(3) < 12 on IWM, sell above 70. amended: rsi below 8.")).toEqual({
      name: "rsi_mean_reversion",
      params: { window: 3, lower: 8, upper: 70 },
    });
  });
});
