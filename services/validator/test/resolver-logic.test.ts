import { describe, expect, it } from "vitest";
import { readRule } from "../src/resolver/reading/read-rule.ts";
import { joinSpelled } from "../src/resolver/reading/tokens.ts";
import { bindSlots, type ResolvedStrategy, resolveStrategy } from "../src/resolver/resolve.ts";
import { findSymbols } from "../src/resolver/symbols.ts";
import { firstOf } from "./resolver-helpers.ts";

// The structured reading (issue 14): rules told by their logic rather than their names (pairs, dual momentum,
// momentum, bands). Wordings here are in none of the phrase sets.

describe("pairs with a hedge ratio from a rolling regression", () => {
  it("one symbol regressed on another is a fitted pair: the fit's period is hedge_window, the z window apart", () => {
    expect(
      readRule(
        "buy XOM when zscore(40) of ln(XOM) - b*ln(CVX) < -2.5, b the slope of a 6-month rolling regression of XOM on CVX; exit at 0.5",
      ),
    ).toMatchObject({
      name: "pairs_zscore_fitted",
      params: { window: 40, hedge_window: 126, entry_z: 2.5, exit_z: 0.5 },
    });
    expect(
      readRule(
        "long KO when the 30-day z of its spread to PEP is under -2, hedge from OLS of log KO on log PEP over 90 days",
      ),
    ).toMatchObject({ name: "pairs_zscore_fitted", params: { window: 30, hedge_window: 90 } });
    // A period with a one-letter unit before the fit: "a trailing 90d OLS".
    expect(
      readRule("MO vs PM pair, hedge from a trailing 90d OLS fit, z of the spread over 30 days below -2"),
    ).toMatchObject({ name: "pairs_zscore_fitted", params: { window: 30, hedge_window: 90 } });
  });
});

describe("dual momentum told by its logic", () => {
  it("a positive return that is also above another named symbol's is dual momentum, with the stated lookback", () => {
    expect(
      readRule(
        "stay in QQQ while its 126-day return is above 0 and above IWM's, else IWM on the same test, cash if both negative",
      ),
    ).toMatchObject({ name: "dual_momentum", params: { lookback: 126 } });
    expect(
      readRule(
        "if the six-month gain of EWJ tops zero and is greater than the EWG return, own EWJ; otherwise cash",
      ),
    ).toMatchObject({ name: "dual_momentum", params: { lookback: 126 } });
    // A return above zero alone, on one symbol, is still time-series momentum.
    expect(readRule("own EWJ while its six-month return is above zero")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 126 },
    });
  });

  it("across three named symbols it is the rotation, as when named", async () => {
    const r = await resolveStrategy(
      "each month hold whichever of VTI, VEU and BND has a 90-day return above zero and above the others', else cash",
    );
    expect(r.strategies[0]).toMatchObject({ name: "dual_momentum_rotation", params: { lookback: 90 } });
  });

  it("named by its author with no symbol, it stays dual momentum, bound to the request's symbols later", async () => {
    const r = await resolveStrategy("Gary Antonacci's dual momentum on a 6 month lookback");
    expect(r.symbols).toEqual([]);
    expect(r.strategies[0]).toMatchObject({ rule: { label: "dual_momentum" }, params: { lookback: 126 } });
    const two = bindSlots(r.strategies, ["SPY", "EFA"]) as ResolvedStrategy[];
    expect(two.map((s) => s.rule?.trade)).toEqual(["SPY", "EFA"]);
    expect(two[0]!.text!.entry).toContain("roc(close(EFA), 126)");
    const three = bindSlots(r.strategies, ["SPY", "EFA", "AGG"]) as ResolvedStrategy[];
    expect(three[0]).toMatchObject({ name: "dual_momentum_rotation", params: { lookback: 126 } });
    expect(bindSlots(r.strategies, ["SPY"])).toMatchObject([
      { name: "ts_momentum", params: { lookback: 126 } },
    ]);
    const none = bindSlots(r.strategies, []) as ResolvedStrategy[];
    expect(none).toMatchObject([{ name: "ts_momentum", params: { lookback: 126 } }]);
    expect(none[0]!.reason).toMatch(/on the default symbol \(give two or more symbols/);
  });
});

describe("held-out-17..20 categories: the rule told by its logic, not its name", () => {
  it("time-series momentum as the price against itself a span ago, or up over a past span", () => {
    expect(
      readRule("hold TLT only while it trades above where it was 4 months ago, cash otherwise"),
    ).toMatchObject({ name: "ts_momentum", params: { lookback: 84 } });
    expect(readRule("own QQQ whenever today's close is greater than the close 120 days ago")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 120 },
    });
    expect(readRule("stay long EFA as long as it has gained over the last year, else bonds")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 252 },
    });
    expect(readRule("keep DIA if it is positive over the past 2 quarters, otherwise flat")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 126 },
    });
    expect(readRule("invest in VNQ when today's price exceeds the price 150 days earlier")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 150 },
    });
    expect(readRule("long XLB while price > price 30 days ago")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 30 },
    });
    expect(readRule("in the market when close > close[40], out otherwise")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 40 },
    });
    // The price against an average or a channel is still that rule's.
    expect(readRule("buy when the close is above the 50-day high of 20 days ago")).toMatchObject({
      name: "donchian_breakout",
    });
  });

  it("a return above both zero and another symbol's, or beating both of two, is dual momentum", () => {
    expect(readRule("keep DIA while its 9-month return is above both zero and EEM's")).toMatchObject({
      name: "dual_momentum",
      params: { lookback: 189 },
    });
    // (Three symbols: the resolver runs it as the rotation.)
    expect(readRule("long XLK only when its 3-month return beats both XLU's and XLP's")).toMatchObject({
      name: "dual_momentum",
      params: { lookback: 63 },
    });
  });

  it("global equity momentum spelt out is dual momentum", () => {
    expect(readRule("global equity momentum on ACWI and AGG, 6 month lookback")).toMatchObject({
      name: "dual_momentum",
      params: { lookback: 126 },
    });
  });

  it("Connors' rule without his name: a short RSI under a level above a long average, out above a short one", () => {
    expect(
      readRule(
        "2-period RSI below 8 with the close greater than the 150-day average: buy; close above the 7-day average, exit",
      ),
    ).toMatchObject({
      name: "connors_rsi_pullback",
      params: { window: 2, lower: 8, trend: 150, exit_ma: 7 },
    });
    // A plain RSI rule with no average stays mean reversion.
    expect(readRule("4 day RSI less than 20 buy, more than 80 sell")).toMatchObject({
      name: "rsi_mean_reversion",
    });
  });

  it("band tags bought at the lower band are Bollinger's reversion, a tighter band being only its setting", () => {
    expect(
      readRule(
        "with narrower bands (15 days, 1.2 sd), go long on a close under the lower band and sell at the upper band",
      ),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 15, k: 1.2 } });
    // A squeeze named, or a width condition, is still the squeeze.
    expect(
      readRule(
        "buy a close above the upper band (20, 2) after a 6-month bandwidth low; out under the middle band",
      ),
    ).toMatchObject({ name: "bollinger_squeeze", params: { window: 20, k: 2, lookback: 126 } });
    expect(
      readRule("bollinger squeeze: the bands at their tightest, then buy the break of the upper band"),
    ).toMatchObject({ name: "bollinger_squeeze" });
  });

  it("a pair's fit ruled out is the fixed-ratio pair; a rolling N-day beta is the fitted pair", () => {
    expect(
      readRule(
        "spread of KO and PEP, z over 30 days, in at -2, out at 0; not a rolling regression, just a ratio of 1",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { window: 30, hedge: 1 } });
    expect(readRule("pairs XLE/XOP without any fitted hedge ratio, 2 sigma entry")).toMatchObject({
      name: "pairs_zscore",
    });
    expect(readRule("V and MA pair trade with a trailing 90-day beta hedge, z-score 2 in")).toMatchObject({
      name: "pairs_zscore_fitted",
      params: { hedge_window: 90 },
    });
  });

  it("where the idea was read, to whom it is addressed, and the skew of its results are not outside data", async () => {
    expect(
      readRule(
        "Saw this posted on Twitter: buy IWM when it is 2 standard deviations below its 20-day mean, sell at the mean.",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 20, entry_z: 2 } });
    expect(readRule("Read in a tweet: 2-day RSI under 5 above the 200-day average, buy DIA")).toMatchObject({
      name: "connors_rsi_pullback",
    });
    expect(readRule("r/stocks swears by this: RSI(14) under 25 buy, over 75 sell, on XLF")).toMatchObject({
      name: "rsi_mean_reversion",
      params: { lower: 25, upper: 75 },
    });
    expect(readRule("Note to the analyst: run the 50/200 golden cross on XLK.")).toMatchObject({
      name: "sma_crossover",
    });
    expect(
      readRule(
        "Test: log ratio of KO over PEP, 30-day z-score, buy KO at -2, out at the mean. Expect negative skew.",
      ),
    ).toMatchObject({ name: "pairs_zscore" });
    // The data itself is still refused.
    for (const text of [
      "buy SPY when reddit mentions spike",
      "mean reversion on the volatility skew",
      "buy the 20-day breakout after analyst upgrades",
    ])
      expect((await resolveStrategy(text)).refused, text).toBeDefined();
  });

  it("z-score reversion written as its formula in prose, not the average's timing rule", () => {
    expect(
      readRule("go long IEF when (close - sma(40))/std(40) < -2, flat once it is back above 0"),
    ).toMatchObject({
      name: "zscore_reversion",
      params: { window: 40, entry_z: 2, exit_z: 0 },
    });
    expect(readRule("buy XLV if (price - 25d mean) / 25d stdev drops below -1.5")).toMatchObject({
      name: "zscore_reversion",
      params: { window: 25, entry_z: 1.5 },
    });
  });

  it("a season told by its invested span and its cash span is the invested span, whichever comes first", () => {
    expect(
      readRule("seasonal: from May until October sit in bonds, and from November until April be long stocks"),
    ).toMatchObject({ name: "sell_in_may", params: { start_month: 11, end_month: 4 } });
    expect(
      readRule("seasonal: hold equities from December until June, and from July until November stay in cash"),
    ).toMatchObject({ name: "sell_in_may", params: { start_month: 12, end_month: 6 } });
  });
});

describe("wrong rules and refusals of held-out-21, 22, 24, by kind", () => {
  it("buy and hold told indirectly: left untouched, a do-nothing baseline, kept for the whole test without selling", () => {
    for (const text of [
      "invest in SPY on day one and leave it untouched: the do-nothing baseline for my other systems",
      "as a comparison, buy QQQ once and keep it for the whole sample without ever selling",
      "simply put the money in IWM, keeping them the entire period",
    ])
      expect(readRule(text), text).toMatchObject({ name: "buy_and_hold" });
  });

  it("two averages named by their periods alone are a crossover", () => {
    expect(
      readRule(
        "take a 10-day and a 50-day average on DIA; long when the 10 crosses above the 50, out when it crosses below",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 10, slow: 50 } });
    expect(readRule("8 34 ema crossover on XLE")).toMatchObject({
      name: "ema_crossover",
      params: { fast: 8, slow: 34 },
    });
    // A pair of averages is not a pairs trade.
    expect(
      readRule(
        "use a pair of simple moving averages, 15 and 60 days: buy XLK when the 15-day SMA crosses over the 60-day one",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 15, slow: 60 } });
    // One average crossed by the price keeps the timing rule; an RSI level is no second period.
    expect(readRule("buy when price crosses above the 100 day sma")).toMatchObject({
      name: "price_above_sma",
      params: { window: 100 },
    });
  });

  it("a named rule the writer rules out does not win", () => {
    expect(
      readRule(
        "I want the 10/30 EMA cross on SPY, not the MACD signal line version, just the averages crossing",
      ),
    ).toMatchObject({ name: "ema_crossover", params: { fast: 10, slow: 30 } });
    // The squeeze ruled out leaves the band trade; a MACD named again beside the one ruled out is still a MACD.
    expect(
      readRule("not the bollinger squeeze, the plain one: buy DIA under the lower band of 20 days and 2 sd"),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 20, k: 2 } });
    expect(
      readRule("not the standard MACD, a faster MACD with fast 5, slow 35, signal 5 on SPY, price above it"),
    ).toMatchObject({ name: "macd" });
  });

  it("a standard-deviation envelope is Bollinger's; a judgment of the band setting is no squeeze", () => {
    expect(
      readRule(
        "buy XLU under the bottom of a 30-day 2.5 sd envelope, sell above its top band, lower band entry",
      ),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 30, k: 2.5 } });
    expect(readRule("a 5% moving average envelope on SPY")).toMatchObject({ kind: "unsupported" });
    expect(
      readRule(
        "go long SLV at the lower bollinger and out at the upper bollinger, 15 days 1.8 sd, are these bands too narrow?",
      ),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 15, k: 1.8 } });
  });

  it("abbreviations spelled out letter by letter, as dictation writes them", () => {
    expect(joinSpelled("the r s i and the m a c d")).toBe("the rsi and the macd");
    expect(joinSpelled("a b c of trading")).toBe("a b c of trading");
    expect(joinSpelled("buy a s m a cross")).toBe("buy a sma cross");
    expect(
      readRule(
        "buy spy when the five day r.s.i. goes below fifteen and sell when it goes above seventy five",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 5, lower: 15, upper: 75 } });
  });

  it("dual momentum as a ticket: a return above zero and above the return of another named symbol", () => {
    expect(
      readRule(
        "Long rule: 12-month return of SPY > 0 and > 12-month return of IEF; otherwise cash. Symbols: SPY, IEF",
      ),
    ).toMatchObject({ name: "dual_momentum", params: { lookback: 252 } });
  });

  it("time-series momentum against the price a span before", () => {
    expect(
      readRule("stay in QQQ while its close is above the close of 6 months before, otherwise cash"),
    ).toMatchObject({ name: "ts_momentum", params: { lookback: 126 } });
  });

  it("an indicator of a thing no market has, rhymes, birthdays and colours asked of an indicator are refused", () => {
    for (const text of [
      "the moving average of a dog's barking: buy SPY after 20 quiet days",
      "buy the ETF whose name rhymes with my horoscope when the RSI is low",
      "which colour of the RSI line makes the trend turn profitable?",
      "trade the MACD on the fund manager's birthday each year and the bollinger band's colour",
    ])
      expect(readRule(text), text).toMatchObject({ kind: "unsupported" });
    // Real rules beside such words still resolve.
    for (const [text, name] of [
      ["buy when the MACD histogram colour turns green from red", "macd"],
      ["the RSI of a stock under 30 is a buy, above 70 a sell", "rsi_mean_reversion"],
      ["a moving average of a 50 day window on SPY, hold above it", "price_above_sma"],
      ["golden cross of a fast and a slow average on SPY", "sma_crossover"],
    ] as const)
      expect(readRule(text), text).toMatchObject({ name });
  });
});

describe("held-out-25..28 categories, in other wordings", () => {
  it("'X instead of Y' takes X; MACD fills unnamed components from the other stated periods", async () => {
    expect(
      (await firstOf("MACD with a 7 period trigger line, otherwise the standard 12 and 26")).params,
    ).toEqual({
      fast: 12,
      slow: 26,
      signal: 7,
    });
    expect(
      (await firstOf("MACD on QQQ, fast EMA of 10 rather than the usual 12, slow 26 and signal 9 as always"))
        .params,
    ).toEqual({ fast: 10, slow: 26, signal: 9 });
  });
  it("a squeeze's lookback as 'all year' / 'all quarter', and a free period as the window beside it", async () => {
    expect(
      (await firstOf("buy the upper band break once bollinger width is as narrow as it has been all quarter"))
        .params,
    ).toMatchObject({ lookback: 63 });
    expect(
      (await firstOf("bollinger sqeeze 15 day 2.5 sd, width the tightest of the quarter, IWM")).params,
    ).toEqual({ window: 15, k: 2.5, lookback: 63 });
  });
  it("ticket ids are no tickers", () => {
    expect(findSymbols("ref QA-17: golden cross on XLF")).toEqual(["XLF"]);
    expect(findSymbols("ticket for DEV-4 : sma 10 30 cross on IWM")).toEqual(["IWM"]);
  });
  it("'stay outside' / 'on the sidelines' is a season's cash span", async () => {
    expect(
      (await firstOf("be long December to May and on the sidelines from June to November")).params,
    ).toEqual({
      start_month: 12,
      end_month: 5,
    });
    expect(
      (
        await firstOf(
          "seasonal: hold stocks from October until April, stay outside of them from May until September",
        )
      ).params,
    ).toEqual({ start_month: 10, end_month: 4 });
  });
  it("a window keyword inside a regression's call is the hedge window", async () => {
    expect(
      await firstOf(
        "hedge via rolling_beta(GLD, GDX, lookback=90), spread z-score over 15 days, enter below -1.5, out at 0",
      ),
    ).toMatchObject({ name: "pairs_zscore_fitted", params: { window: 15, hedge_window: 90 } });
    expect(
      await firstOf(
        "beta = RollingOLS(log(XOM), log(CVX), window=120); spread = log(XOM) - beta*log(CVX); z = zscore(spread, 20); buy XOM if z < -2; sell if z > 0",
      ),
    ).toMatchObject({ name: "pairs_zscore_fitted", params: { window: 20, hedge_window: 120 } });
  });
  it("'crosses down/up through N' sets the side of an RSI level", async () => {
    expect(
      (await firstOf("rsi(9): long once it moves down thru 28, flat when it goes back up past 72")).params,
    ).toEqual({ window: 9, lower: 28, upper: 72 });
  });
  it("refuses an indicator of the sky with arithmetic on a rule's name, and 'stoch'", async () => {
    expect((await firstOf("the MACD of the summer weather divided by the death cross")).refused).toBe(true);
    expect((await firstOf("slow stoch 5 3 on SPY, long when it is below 25")).refused).toBe(true);
    // Neither alone: a cross on a symbol and an RSI of the close still resolve.
    expect((await firstOf("golden cross on SPY, times the RSI of the close")).refused).toBe(false);
  });
});
