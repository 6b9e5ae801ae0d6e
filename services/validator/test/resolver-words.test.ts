import { describe, expect, it } from "vitest";
import { numbersInWords } from "../src/resolver/reading/numbers.ts";
import { readRule } from "../src/resolver/reading/read-rule.ts";
import { decimalCommas } from "../src/resolver/reading/tokens.ts";
import { findSymbols } from "../src/resolver/symbols.ts";
import { ruleOf } from "./resolver-helpers.ts";

// Issue 14, held-out-41 to 44: numbers, symbols and single words read wrongly, fixed by kind. Every wording here is
// this file's own, in none of the phrase sets.

describe("symbols of listings outside the US: long capitals, exchange suffixes and prefixes", () => {
  it("reads a long capitalised symbol where a symbol stands: after on/for/in, before 'stock' or 'shares'", () => {
    expect(findSymbols("backtest a 50/200 golden cross on TATAMOTORS for the last decade")).toEqual([
      "TATAMOTORS",
    ]);
    expect(findSymbols("RSI(2) pullbacks for ICICIBANK, daily bars")).toEqual(["ICICIBANK"]);
    expect(findSymbols("does a 20-day breakout work in BHARTIARTL")).toEqual(["BHARTIARTL"]);
    expect(findSymbols("MACD signal crosses on the ASIANPAINT stock")).toEqual(["ASIANPAINT"]);
  });

  it("reads symbols with an exchange suffix or a TradingView exchange prefix, digits included", () => {
    expect(findSymbols("trend filter on BAJFINANCE.NS with the 100-day average")).toEqual(["BAJFINANCE.NS"]);
    expect(findSymbols("compare 6758.T and 0005.HK on a 10/30 crossover")).toEqual(["6758.T", "0005.HK"]);
    expect(findSymbols("Bollinger squeeze for SIE.DE and BARC.L")).toEqual(["SIE.DE", "BARC.L"]);
    expect(findSymbols("NSE:SBIN ema 9/21 crossover, daily")).toEqual(["SBIN"]);
    expect(findSymbols("chart LSE:ULVR with a 200 dma filter")).toEqual(["ULVR"]);
  });

  it("reads a long symbol after a $ in any case, and after 'short' or 'long'", () => {
    expect(findSymbols("buy $tatamotors above the 200 day, also $HINDUNILVR")).toEqual([
      "TATAMOTORS",
      "HINDUNILVR",
    ]);
    expect(findSymbols("long ICICIBANK above its 200 day average")).toEqual(["ICICIBANK"]);
    const m = readRule("short TATAMOTORS when it closes under the 50 day sma");
    expect((m as { reason: string }).reason).toMatch(/TATAMOTORS.*long only/);
  });

  it("does not read capitalised English, greetings, labels and office acronyms as symbols", () => {
    for (const text of [
      "PLEASE backtest the golden cross for me, THANKS in advance",
      "NOTE: buy when RSI < 30 and sell above 70",
      "TODO: add the 200-day filter before Friday",
      "URGENT - need the numbers ASAP, EOD at the latest, amounts in USD",
      "IMPORTANT: the BOLLINGER squeeze, not the DONCHIAN breakout",
      "HELLO team, quick UPDATE on the crossover test",
      "only buy on STRENGTH and sell on WEAKNESS, never AGAINST the trend",
      "buy when RSI is BELOW 30, exit when it is ABOVE 70, ALWAYS on the close",
      "SUMMARY: RSI 14 under 30, LOOKBACK 252 days, HOLDING 10 days",
    ])
      expect(findSymbols(text), text).toEqual([]);
  });

  it("reads a long symbol named by a label, or in a list or pair beside another symbol", () => {
    expect(findSymbols("Ticker: BAJAJFINSV\nRule: buy above the 200 day sma")).toEqual(["BAJAJFINSV"]);
    // Before the rule's numbers or indicator, or with a possessive.
    expect(findSymbols("JSWSTEEL: RSI 14 under 30 to buy")).toEqual(["JSWSTEEL"]);
    expect(findSymbols("TATAPOWER 40 day breakout")).toEqual(["TATAPOWER"]);
    // In parentheses after the company's name.
    expect(findSymbols("Tata Motors (TATAMOTORS, NSE) breakout, and not (ALWAYS) on the open")).toEqual([
      "TATAMOTORS",
    ]);
    expect(findSymbols("is NESTLEIND's 100-day average a good filter")).toEqual(["NESTLEIND"]);
    expect(findSymbols("golden cross on WIPRO, INFY and HCLTECH")).toEqual(["WIPRO", "INFY", "HCLTECH"]);
    expect(findSymbols("HINDALCO vs VEDL spread, z-score over 30 days")).toEqual(["HINDALCO", "VEDL"]);
    expect(findSymbols("pairs trade BANKBARODA/CANBK with a fitted hedge")).toEqual(["BANKBARODA", "CANBK"]);
    expect(findSymbols("SPY and IMPORTANT, IMPORTANT vs URGENT")).toEqual(["SPY"]);
  });

  it("a capitalised English word beside a listing's symbol leaves the symbol alone", () => {
    expect(findSymbols("PLEASE run the squeeze on KOTAKBANK, REGARDS")).toEqual(["KOTAKBANK"]);
    expect(findSymbols("FYI: trend rule on TATASTEEL and SPY")).toEqual(["TATASTEEL", "SPY"]);
  });
});

describe("numbers dictated as a speaker says them", () => {
  it("'one fifty', 'one twenty six', 'two fifty two': hundreds said without the word hundred", () => {
    expect(numbersInWords("the one twenty day line")).toBe("the 120 day line");
    expect(numbersInWords("a one twenty six day return")).toBe("a 126 day return");
    expect(numbersInWords("momentum over two fifty two days")).toBe("momentum over 252 days");
    expect(numbersInWords("the one-eighty day average")).toBe("the 180 day average");
  });

  it("a small number before a tens word stays two periods: 'five twenty', 'ten thirty', 'nine twenty one'", () => {
    expect(numbersInWords("a five twenty crossover")).toBe("a 5 20 crossover");
    expect(numbersInWords("the ten thirty cross")).toBe("the 10 30 cross");
    expect(numbersInWords("nine twenty one ema")).toBe("9 21 ema");
    // A golden cross said aloud: fifty and two hundred, not 5200.
    expect(numbersInWords("the fifty two hundred cross")).toBe("the 50 200 cross");
  });

  it("binds the dictated hundreds to the rule's window", () => {
    expect(
      ruleOf("ok so like hold QQQ while it's over the one eighty day average and bail below it"),
    ).toMatchObject({
      name: "price_above_sma",
      params: { window: 180 },
    });
    expect(ruleOf("buy when the ema ten crosses above the ema thirty, sell on the cross back")).toMatchObject(
      {
        params: { fast: 10, slow: 30 },
      },
    );
  });
});

describe("a decimal comma after a preposition is a decimal", () => {
  it("reads 'of 2,5', 'at 1,5', 'to 0,5' as decimals, and keeps lists and thousands", () => {
    expect(decimalCommas("a multiplier of 2,5 on the bands")).toBe("a multiplier of 2.5 on the bands");
    expect(decimalCommas("bands at 1,5 around the mean")).toBe("bands at 1.5 around the mean");
    expect(decimalCommas("settings of 5,3,3")).toBe("settings of 5,3,3");
    expect(decimalCommas("averages of 5,10 and 20")).toBe("averages of 5,10 and 20");
    expect(decimalCommas("a window of 20,2 bands")).toBe("a window of 20,2 bands");
    expect(decimalCommas("capital of 1,000")).toBe("capital of 1,000");
    expect(decimalCommas("period 20, std dev 1,5")).toBe("period 20, std dev 1.5");
    expect(decimalCommas("k = 2,5")).toBe("k = 2.5");
  });

  it("binds the decimal to the bands' width", () => {
    expect(
      ruleOf(
        "Bollinger on DAX with 30 periods and a width of 2,5: buy under the lower band, sell over the upper",
      ),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 30, k: 2.5 } });
  });
});

describe("a channel told by the maximum and minimum of its closes", () => {
  it("the maximum's window is the entry's, the minimum's the exit's, whatever their order and sizes", () => {
    expect(
      ruleOf(
        "channel breakout: go long once the price tops the maximum of the past 70 sessions and get out when it loses the minimum of the past 30 sessions",
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 70, exit_window: 30 } });
    expect(
      ruleOf(
        "Donchian system: sell when the close undercuts the minimum of the closes over the last 15 days and buy when it clears the maximum of the closes over the last 45 days",
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 45, exit_window: 15 } });
    // The span counted in closes rather than days.
    expect(
      ruleOf(
        "breakout rule: long above the max of the last 35 closes, flat below the min of the last 12 closes",
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 35, exit_window: 12 } });
  });

  it("the channel without its name: a maximum, max or greatest of a span, or 'its N day maximum'", () => {
    expect(
      ruleOf(
        "long XLE when the close beats the max of the prior 45 sessions; flat when it breaks the min of the prior 15",
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 45, exit_window: 15 } });
    expect(ruleOf("buy a close over its 60 day maximum, sell one under its 25 day minimum")).toMatchObject({
      name: "donchian_breakout",
      params: { window: 60, exit_window: 25 },
    });
    expect(
      ruleOf(
        "enter when the close is the greatest of the past forty days, exit when it is the smallest of the past twelve days",
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 40, exit_window: 12 } });
  });

  it("'from last week', 'since last month': when something happened, not a window", () => {
    expect(
      ruleOf(
        "Following up on the email from last week: the 55-day high breakout to enter and the 20-day low to exit, like turtle system 2",
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 55, exit_window: 20 } });
    expect(
      ruleOf("Last month we agreed on the 40-day channel breakout, exiting at the 15-day low"),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 40, exit_window: 15 } });
    // A span of prices still is one: "the last month's return".
    expect(ruleOf("buy SPY when the return over the last month is positive")).toMatchObject({
      params: { lookback: 21 },
    });
  });
});

describe("a z-score's window in a labelled spec or in R's TTR calls", () => {
  it("'Label: 45-day z-score' is the z-score's window, not an assignment to the label", () => {
    expect(
      ruleOf("Market: IEF\nSetup: 45-day z-score of price\nEnter when z < -2\nExit when z > 0"),
    ).toMatchObject({
      name: "zscore_reversion",
      params: { window: 45, entry_z: 2, exit_z: 0 },
    });
    expect(ruleOf("Signal: 15-day zscore of the close; buy below -1.5, sell at 0")).toMatchObject({
      name: "zscore_reversion",
      params: { window: 15, entry_z: 1.5 },
    });
  });

  it("R's runMean/runSD and Pine's ta.sma/ta.stdev in a z formula give its window", () => {
    expect(
      ruleOf("z <- (Cl(EEM) - runMean(Cl(EEM), 40)) / runSD(Cl(EEM), 40)\nbuy <- z < -2\nsell <- z > 0"),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 40, entry_z: 2 } });
    expect(
      ruleOf(
        "z-score of XLU as rollmean(x, 35) and rollapply(x, 35, sd): buy at z below -1.5 and sell at z above 0",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 35, entry_z: 1.5 } });
    expect(
      ruleOf("z = (p - movmean(p, 30)) ./ movstd(p, 30); buy when z < -2, sell when z > 0"),
    ).toMatchObject({
      name: "zscore_reversion",
      params: { window: 30, entry_z: 2 },
    });
    expect(
      ruleOf("zs = (close - ta.sma(close, 25)) / ta.stdev(close, 25)\nlong when zs < -1.5, flat when zs > 0"),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 25, entry_z: 1.5 } });
  });
});

describe("Wilder's RSI told without its name", () => {
  it("'the N-day index' or 'oscillator' with oversold/overbought levels, or Wilder named, is the RSI", () => {
    expect(
      ruleOf(
        "Wilder's classic: go long as his 21-day index drops under 25 and take profits when it climbs over 75",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 21, lower: 25, upper: 75 } });
    expect(
      ruleOf(
        "the 10-day oscillator dips into oversold territory below 20: buy; it is overbought above 80: sell",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 10, lower: 20, upper: 80 } });
  });

  it("'Wilder's index', 'Wilder's relative strength', 'the oscillator Wilder designed' are his RSI", () => {
    expect(ruleOf("on IWM, Wilder's index below 28 is a buy and above 72 a sell")).toMatchObject({
      name: "rsi_mean_reversion",
      params: { lower: 28, upper: 72 },
    });
    expect(
      ruleOf("the oscillator J. Welles Wilder published, over 9 days: buy under 20, sell over 80"),
    ).toMatchObject({
      name: "rsi_mean_reversion",
      params: { window: 9, lower: 20, upper: 80 },
    });
    // His other indicators keep their names: the ADX is still refused.
    expect(readRule("Wilder's indicator of trend strength, the ADX, above 25")).toMatchObject({
      kind: "unsupported",
    });
  });

  it("an index of prices stays an index, and named oscillators the language lacks are still refused", () => {
    expect(readRule("buy the 14-day money flow index under 20 when oversold")).toMatchObject({
      kind: "unsupported",
    });
    expect(readRule("the 10-day ultimate oscillator oversold under 30")).toMatchObject({
      kind: "unsupported",
    });
  });
});

describe("a refusal that hinges on one word", () => {
  it("an imperative short on a lower-case ticker is short-only", () => {
    for (const text of [
      "short qqq under the 50 day moving average",
      "short tsla when it loses the 20 day low",
      "short iwm below 100dma, cover above",
    ]) {
      const m = readRule(text);
      expect(m, text).toMatchObject({ kind: "unsupported" });
      expect((m as { reason: string }).reason, text).toMatch(/long only/);
    }
  });

  it("a short leg beside a long leg, in lower case, is no short-only rule", () => {
    expect(readRule("long iwm and short spy when the ratio z-score drops under -2")).toMatchObject({
      kind: "rule",
    });
  });

  it("the short average of a crossover is no short sale", () => {
    expect(ruleOf("short ma above long ma on spy, 10 and 50 days")).toMatchObject({ name: "sma_crossover" });
    expect(ruleOf("buy when the short sma crosses over the long sma, 20 and 100")).toMatchObject({
      name: "sma_crossover",
    });
  });

  it("the writer's own 60/40 or risk-parity portfolio is where the money sits; a 60/40 as the signal is refused", () => {
    expect(
      ruleOf(
        "For the equity sleeve of my 60/40 portfolio I trade IVV: long above the 150-day average, flat below it",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 150 } });
    expect(
      ruleOf(
        "our risk parity book holds GLD; buy it when the 20-day ema crosses over the 60-day ema, sell on the cross down",
      ),
    ).toMatchObject({ name: "ema_crossover", params: { fast: 20, slow: 60 } });
    expect(readRule("switch to a 60/40 portfolio when SPY is below its 200 day average")).toMatchObject({
      kind: "unsupported",
    });
  });

  it("a candle closing beyond a level is the close; a candle closing green is a pattern", () => {
    expect(
      ruleOf(
        "buy when a candle closes under the lower band of a 30-day, 2.5 sd bollinger, sell when a candle closes above the upper band",
      ),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 30, k: 2.5 } });
    expect(readRule("buy after a candle closes red twice")).toMatchObject({ kind: "unsupported" });
  });
});
