import { describe, expect, it } from "vitest";
import { readRule } from "../src/resolver/reading/read-rule.ts";
import { read } from "../src/resolver/reading/reading.ts";
import { wordSalad } from "../src/resolver/reading/untestable.ts";
import { resolveStrategy } from "../src/resolver/resolve.ts";
import { compileRule } from "../src/rules/compile.ts";

// The structured reading (issue 14): what is refused (short-only, exits and sizing no rule has, extra conditions,
// nonsense) and what still resolves beside it. Wordings here are in none of the phrase sets.

describe("short-only requests are refused: the engine is long only", () => {
  it("refuses a rule whose only side is short, saying long only", () => {
    for (const text of [
      "short QQQ whenever it closes under its 50-day SMA and cover once it is back above",
      "go short on a close below the 100-day average",
      "sell short XLK when the 14-day RSI is above 80, buy to cover at 55",
      "open a short position when MACD crosses below its signal; long side disabled, only shorts",
      "shorting IWM on a break of the 20-day low",
    ]) {
      const m = readRule(text);
      expect(m, text).toMatchObject({ kind: "unsupported" });
      expect((m as { reason: string }).reason, text).toMatch(/long only/);
    }
  });

  it("a long rule that sells to exit, or that rules shorts out, is not short; a pair's short leg is the pair's", () => {
    expect(readRule("buy XLK when RSI dips under 25 and sell it when RSI tops 65")).toMatchObject({
      name: "rsi_mean_reversion",
      params: { lower: 25, upper: 65 },
    });
    expect(readRule("long only, never short: close above the 150-day SMA")).toMatchObject({
      name: "price_above_sma",
      params: { window: 150 },
    });
    expect(readRule("short-term trend: buy when the 5-day EMA crosses over the 20-day EMA")).toMatchObject({
      name: "ema_crossover",
    });
    expect(readRule("long GM short F when their spread z-score is below -2")).toMatchObject({
      name: "pairs_zscore",
    });
    // Both sides asked for: the long side is a rule the engine runs.
    expect(readRule("50/200 SMA cross traded long/short")).toMatchObject({ name: "sma_crossover" });
    expect(readRule("death cross and golden cross, the short side as well")).toMatchObject({
      name: "sma_crossover",
    });
    expect(readRule("death cross on the short side only")).toMatchObject({ kind: "unsupported" });
  });
});

describe("an indicator given a condition no series has is refused", () => {
  it("refuses colours, smells, moods and songs of an indicator", () => {
    for (const text of [
      "go long when the MACD line turns purple",
      "buy QQQ once the 50-day average feels confident and the RSI is dancing",
      "enter when the z-score tastes sweet",
      "the Donchian channel is sleeping, so buy",
    ]) {
      const m = readRule(text);
      expect(m, text).toMatchObject({ kind: "unsupported" });
      expect((m as { reason: string }).reason, text).toMatch(/no condition a price series can meet/);
    }
  });

  it("colourful words beside a level, a cross or a period still resolve", () => {
    expect(
      readRule("when the RSI is screaming oversold under 20, buy; sell when it sings above 60"),
    ).toMatchObject({
      name: "rsi_mean_reversion",
      params: { lower: 20, upper: 60 },
    });
    expect(readRule("I feel lucky: buy when the 20-day EMA crosses above the 50-day EMA")).toMatchObject({
      name: "ema_crossover",
      params: { fast: 20, slow: 50 },
    });
  });
});

describe("held-out-14/16 categories: exits and sizing the library lacks, buy and hold untold, z in standard deviations", () => {
  const refusedFor = (text: string) => {
    const m = readRule(text);
    expect(m, text).toMatchObject({ kind: "unsupported" });
    return m as { reason: string; closest?: string[] };
  };

  it("a stop or a target measured from the entry is refused even when the entry is a library rule, naming both", () => {
    const target = refusedFor("MACD on XLF, but sell as soon as the trade is up 8% from my buy price");
    expect(target.reason).toMatch(/"[^"]*8%[^"]*" is an exit no library rule has/);
    expect(target.reason).toMatch(/the entry reads as macd/);
    expect(target.closest?.[0]).toBe("macd");
    for (const text of [
      "20-day z-score under -2 on TLT with a 4% stop",
      "ema 9/21 cross on ETH-USD, exit on a 12% drop from the peak",
      "bollinger 20 2 fade, profit target 2 ATR",
      "golden cross on DIA, stopped out if it falls 6 percent below the entry",
      "trend following 50/200 sma crossover with tight stops",
    ])
      expect(refusedFor(text).reason, text).toMatch(/is an exit no library rule has/);
  });

  it("volatility targeting, risk per trade, scaling and leverage above one are refused as sizing", async () => {
    const text = "10-month SMA timing on EFA, positions sized to a 12% annual vol target";
    const vol = refusedFor(text);
    expect(vol.reason).toMatch(/is sizing no library rule has/);
    expect(vol.closest?.[0]).toBe("price_above_sma");
    // The resolver's refusal lists the entry's rule first, in its reason and in `closest`.
    const resolved = await resolveStrategy(text);
    expect(resolved.refused?.reason).toMatch(/the closest rules: price_above_sma, /);
    expect(resolved.refused?.closest[0]?.name).toBe("price_above_sma");
    for (const text of [
      "donchian 55/20 on GLD, risking 1% of equity per trade",
      "golden cross on QQQ run at 3x leverage",
      "sma 50/200 crossover, volatility-scaled positions",
      "rsi 2 under 10 on SPY, averaging down on each new low",
      "ts momentum 12 months on SPY, levered up to 1.5x",
      "50/200 cross on EWJ, no more than 2% risk per trade",
    ])
      expect(refusedFor(text).reason, text).toMatch(/is sizing no library rule has/);
  });

  it("fees, slippage, dates, cash, no leverage and 1x are details of the back-test, not refusals", async () => {
    for (const text of [
      "golden cross on SPY, commission $1 per trade, slippage 0.05%, from 2000, 100k starting cash",
      "50/200 sma crossover, unlevered, 1x gross, 3 bps fees",
      "golden cross, no leverage and no margin",
      "price above the 200-day sma on TQQQ, a 3x leveraged ETF",
      "Relative Strength Index (9) below 25, take profit when it gets to 75",
      "ema 10/30 with no trailing stop and no vol targeting, just the cross",
      "we leverage the 50/200 sma cross on EWG as our only signal",
    ])
      expect(readRule(text), text).toMatchObject({ kind: "rule" });
    // A rule built on data we do not have is refused for that, not for its stop.
    const moon = await resolveStrategy("buy at the full moon with a stop loss");
    expect(moon.refused?.reason).toMatch(/^refused: /);
    expect(moon.refused?.reason).not.toMatch(/exit no library rule has/);
  });

  it("buy and hold told without its words: never sold, simply held since a year, passive", () => {
    for (const text of [
      "what did a never-sold stake in MSFT return, 5 bps fees?",
      "if I had simply held TLT from 2005, what's the sharpe?",
      "just hold QQQ since 2010 and report the drawdown",
      "IWM bought once in 2012 and left alone",
      "the passive line for VNQ over the whole sample",
    ])
      expect(readRule(text), text).toMatchObject({ kind: "rule", name: "buy_and_hold" });
    // A named rule still wins over a hold told in passing.
    expect(readRule("hold SPY from 2010 while it is above the 200-day")).toMatchObject({
      name: "price_above_sma",
    });
  });

  it("targets, partial exits and exposure above 100 % are read in other shapes; a stop at an N-day low is the channel exit", () => {
    for (const text of [
      "long XLK on the 50/200 cross, out at a 25% gain or a 12% loss",
      "RSI(3) under 15 on SMH, 3:1 reward to risk",
      "close the trade if it drops 7% from where I bought, entry on a 55 day high",
      "macd 12 26 9 on NVDA, sell half at +10%",
    ])
      expect(refusedFor(text).reason, text).toMatch(/is an exit no library rule has/);
    expect(refusedFor("price above the 150-day sma on XLV with 150% exposure").reason).toMatch(
      /"150% exposure" is sizing/,
    );
    expect(readRule("40-day breakout on SLV, trailing stop under the 15-day low")).toMatchObject({
      name: "donchian_breakout",
      params: { window: 40, exit_window: 15 },
    });
    expect(readRule("sma 20/100 on IWM, aiming for a target of 8% a year")).toMatchObject({ kind: "rule" });
    expect(readRule("zscore reversion, 25-day window, in at -2, out at +0.5")).toMatchObject({
      name: "zscore_reversion",
      params: { exit_z: 0.5 },
    });
    for (const text of [
      "a lump sum into EFA in 2009, then left alone",
      "park 20k in XLP in 2011 and forget about it",
      "stay fully invested in VOO; what was the worst drawdown?",
    ])
      expect(readRule(text), text).toMatchObject({ kind: "rule", name: "buy_and_hold" });
  });

  it("a question about how a symbol did over a span, with no rule in it, is buy and hold; with a rule, the rule", () => {
    for (const text of [
      "how did XLE do between 2008 and 2018?",
      "what was the CAGR of VNQ from 2005 through 2020",
      "worst drawdown of ETH-USD since 2018, 10 bps fees",
      "IWM performance over the past fifteen years",
      "sitting in TLT through thick and thin since 2002, sharpe?",
      "as a long-term investor I buy ACWI and sit tight",
    ])
      expect(readRule(text), text).toMatchObject({ kind: "rule", name: "buy_and_hold" });
    expect(readRule("how did the death cross do on IWM since 2000?")).toMatchObject({
      name: "sma_crossover",
    });
    expect(readRule("what was XLE's return while above its 100-day since 2005")).toMatchObject({
      name: "price_above_sma",
    });
  });

  it("bracket orders, break-even stops, volatility-managed or 1/vol weights and de-levering are refused", () => {
    for (const text of [
      "20-day donchian on SLV placed as a bracket order",
      "macd 12 26 9 on XLI, then move the stop to break-even once it's in profit",
      "volatility-managed 10-month sma timing on EFA",
      "ema 20/50 on QQQ with position weights of 1/sigma",
      "golden cross on SPY but de-lever when volatility spikes",
    ])
      expect(readRule(text), text).toMatchObject({ kind: "unsupported" });
  });

  it("z-score reversion told in standard deviations from an average", () => {
    expect(
      readRule("go long XLU once it trades 2.5 standard devs under its 40-day moving average, out at z 0.5"),
    ).toMatchObject({
      name: "zscore_reversion",
      params: { window: 40, entry_z: 2.5, exit_z: 0.5 },
    });
    expect(readRule("EEM: long at two stddevs below the 30-day mean, out at +0.25 sigma")).toMatchObject({
      name: "zscore_reversion",
      params: { window: 30, entry_z: 2, exit_z: 0.25 },
    });
    // The action after an arrow: the level above the mean is where the long ends.
    expect(readRule("SLV: z vs the 40d mean under -2 → long; z over +0.75 → flat")).toMatchObject({
      name: "zscore_reversion",
      params: { window: 40, entry_z: 2, exit_z: 0.75 },
    });
    // A price against its own mean is no pair of symbols.
    expect(readRule("long EWZ when the z-score of price vs its 15-day mean is below -2.5")).toMatchObject({
      name: "zscore_reversion",
      params: { window: 15, entry_z: 2.5 },
    });
    // "devs below" is not "de vs below": no pair is read from inside a word.
    expect(readRule("buy SLV when the close is 1.5 std deviations below the 60 day average")).toMatchObject({
      name: "zscore_reversion",
      params: { window: 60, entry_z: 1.5 },
    });
  });
});

describe("held-out-17..20 categories: refusals wrongly made or missed", () => {
  const refused = (text: string) => {
    const m = readRule(text);
    expect(m, text).toMatchObject({ kind: "unsupported" });
    return (m as { reason: string }).reason;
  };

  it("indicator names piled into no rule are refused as word salad", () => {
    for (const text of [
      // An indicator of another's signal, and an indicator used as a verb.
      "compute the MACD of the RSI of the bands and buy it when the z-score the MACD",
      "bollinger my rsi until the macd of the bollinger agrees",
      // Colours, fruit, dimensions with indicator names.
      "the pink mango RSI breakout from another dimension",
      "turquoise unicorn MACD crossover, doctors hate it",
      // A named cross used as a verb, with moods.
      "death cross your vibes and RSI the MACD before the bands close",
    ])
      expect(refused(text), text).toMatch(/piles indicator names into no rule/);
  });

  it("an indicator computed on another's signal is refused alone, not run on the price", () => {
    for (const text of [
      "go long XLK when the RSI(9) of the MACD is under 25, flat above 60",
      "MACD of the Bollinger band width crossing zero",
    ])
      expect(refused(text), text).toMatch(/an indicator computed on another indicator/);
    // The input the language composes: a price field, or an average or z-score of anything.
    expect(readRule("the RSI(14) of the close under 30 on SPY, out above 70")).toMatchObject({
      name: "rsi_mean_reversion",
    });
  });

  it("real rules naming two indicators, or one told warmly, still resolve", () => {
    expect(
      readRule("my favourite setup: the 50-day SMA crossing above the 200-day SMA on DIA"),
    ).toMatchObject({
      kind: "rule",
      name: "sma_crossover",
    });
    expect(
      readRule("a Bollinger squeeze on XLK: bands 20, 2 at their narrowest in six months"),
    ).toMatchObject({
      name: "bollinger_squeeze",
    });
    expect(
      readRule("signal line = 9-day EMA of the MACD (12, 26); buy the cross up, sell the cross down"),
    ).toMatchObject({ name: "macd" });
    // At most one sign of nonsense each: three families named at once, a composable average of the MACD, a warm word.
    for (const text of [
      "RSI, MACD and Bollinger all exist, but test only RSI(3): buy under 15, sell over 60",
      "a smoothed MACD: the 5-day EMA of the MACD line crossing zero",
      "my favourite trade: RSI(2) under 10 on SPY, out above 70",
      "z-score the spread of KO and PEP over 60 days, enter at -2",
    ])
      expect(wordSalad(read(text)), text).toBeNull();
  });

  it("a short-only rule is refused whatever the case of 'short' and however the ticker follows", () => {
    for (const text of [
      "Short NVDA once its 10-day RSI passes 85, cover under 40",
      "SHORT the XLE when it closes below the 100-day average, cover above it",
      "Sell IWM short on a break of the 20-day low and cover on a 10-day high",
    ])
      expect(refused(text), text).toMatch(/long only/);
    // A pair's legs with capitals stay the pair; "Short-term" is not a short.
    expect(readRule("Long KO Short PEP when their spread z-score drops under -2")).toMatchObject({
      name: "pairs_zscore",
    });
    expect(readRule("Short-term swing on QQQ: buy when RSI(2) < 5, sell when RSI(2) > 60")).toMatchObject({
      name: "rsi_mean_reversion",
    });
  });

  it("stops and sizing left out by a verb are not asked for, a whole list of them included", () => {
    for (const text of [
      "55-day breakout, 20-day exit on SLV; omit the Turtle unit sizing and the 2N stop this time",
      "10/30 EMA cross on EEM without the position sizing or the trailing stop",
      "golden cross on EWZ, ignoring the volatility targeting",
      "Donchian 40 in 15 out on USO, we are skipping the money management and the ATR stop",
    ])
      expect(readRule(text), text).toMatchObject({ kind: "rule" });
    // The omission ends at its clause: a stop asked for after it is still refused.
    expect(refused("golden cross on EWZ, skip the filter and use a 3% stop")).toMatch(/is an exit/);
    expect(refused("ema 5/20 on XLU without a trend filter, then a trailing stop")).toMatch(/is an exit/);
    // "no" governs one noun: the target after it is asked for.
    expect(refused("zscore 30 under -2 on TLT, no stop loss and a 4% profit target")).toMatch(/is an exit/);
    // The Turtles' unit sizing asked for is refused as sizing.
    expect(refused("20-day Donchian breakout on GLD with unit sizing")).toMatch(/is sizing/);
  });

  it("outside data named as the idea's source, its audience or its expected outcome is not a signal", async () => {
    for (const text of [
      "Found on Twitter: buy XLV when its 20-day z-score is under -2, sell at 0",
      "A wallstreetbets post says: golden cross on AMD. Can you test it?",
      "For our analysts: MACD 12 26 9 on MSFT, buy the signal cross up, sell the cross down",
      "Test: RSI(2) under 5 on DIA, sell above 65. Expected: short holds and a left skew.",
    ])
      expect(readRule(text), text).toMatchObject({ kind: "rule" });
    // Outside data as the signal is still refused.
    for (const text of [
      "buy the stocks most mentioned on Reddit when RSI dips",
      "RSI(2) under 10 on SPY after analyst upgrades",
      "go long XLF when the news sentiment turns positive",
    ])
      expect((await resolveStrategy(text)).refused?.reason, text).toMatch(/not in the market data/);
  });
});

describe("a library rule with a condition from another indicator family (reading/combined.ts)", () => {
  // Every refusal's suggested rule text is valid rule language (placeholders included).
  const refusal = (text: string) => {
    const m = readRule(text);
    expect(m, text).toMatchObject({ kind: "unsupported" });
    const rule = /entry "([^"]+)", exit "([^"]+)"/.exec(m?.kind === "unsupported" ? m.reason : "");
    expect(rule, text).not.toBeNull();
    expect(() => compileRule(rule![1]!, rule![2]!)).not.toThrow();
    return m?.kind === "unsupported" ? m : { reason: "", closest: [] };
  };

  it("refuses the combination, naming the condition and the rule text that tests it", () => {
    const ema = refusal("enter on a 20/100 EMA crossover but only if RSI(10) is over 55");
    expect(ema.reason).toContain('"rsi(10) is over 55"');
    expect(ema.reason).toContain('entry "crosses_above(ema(20), ema(100)) and rsi(10) > 55"');
    expect(ema.closest?.[0]).toBe("ema_crossover");
    const bands = refusal("bollinger band buy signal confirmed by RSI under 25");
    expect(bands.reason).toContain("crosses_below(close, bb_lower(20, 2)) and rsi(14) < 25");
    expect(bands.closest?.[0]).toBe("bollinger_bands");
    // The filter's period is not the channel's: the channel keeps what the text gives it.
    const channel = refusal("turtle 20-day channel breakout, 150 day ema filter");
    expect(channel.reason).toContain('"150-day ema filter"');
    expect(channel.reason).toContain("close > shift(highest(20), 1) and close > ema(150)");
    const misread = refusal("channel breakout system with a 120 day sma filter");
    expect(misread.reason).toContain("close > shift(highest(20), 1) and close > sma(120)");
    expect(refusal("long on MACD signal-line crosses when the z-score is under -1").reason).toContain(
      "crosses_above(macd(12, 26), macd_signal(12, 26, 9)) and zscore(20) < -1",
    );
    expect(refusal("RSI 7 beneath 20 and a close under the lower bollinger band").reason).toContain(
      "rsi(7) < 20",
    );
  });

  it("an RSI above a level beside another rule is that rule's filter, not an RSI pullback with lower = upper", () => {
    expect(refusal("ten month moving average timing, long only while RSI is above 55").reason).toContain(
      "close > sma(210) and rsi(14) > 55",
    );
    expect(refusal("12 month time-series momentum gated by RSI(9) over 50").reason).toContain(
      "roc(252) > 0 and rsi(9) > 50",
    );
  });

  it("MACD against its own signal is the macd rule alone and an extra condition beside another rule", async () => {
    expect(readRule("the macd line holding over its signal line")).toMatchObject({ name: "macd" });
    const channel = refusal("55 day breakout, taken only while MACD is over the signal");
    expect(channel.reason).toContain(
      "close > shift(highest(55), 1) and macd(12, 26) > macd_signal(12, 26, 9)",
    );
    // The resolver answers with the refusal, the library rule listed first.
    const resolved = await resolveStrategy("buy lower bollinger band touches once MACD is above its signal");
    expect(resolved.strategies).toEqual([]);
    expect(resolved.refused?.reason).toContain("macd(12, 26) > macd_signal(12, 26, 9)");
    expect(resolved.refused?.closest[0]?.name).toBe("bollinger_bands");
  });

  it("an average called a filter is Connors' own trend filter, and an extra condition on any other rule", () => {
    expect(readRule("RSI(3) dips under 8 with a 150 day sma filter")).toMatchObject({
      name: "connors_rsi_pullback",
      params: { window: 3, lower: 8, trend: 150 },
    });
    expect(refusal("MACD 8 17 9 using the 150-day EMA as a trend filter").reason).toContain(
      "crosses_above(macd(8, 17), macd_signal(8, 17, 9)) and close > ema(150)",
    );
    expect(refusal("a 40-bar z-score below -1.5 with a 120 day sma filter").reason).toContain(
      "zscore(40) < -1.5 and close > sma(120)",
    );
    expect(refusal("8/21 ema cross with a 100 day sma filter").reason).toContain(
      "crosses_above(ema(8), ema(21)) and close > sma(100)",
    );
  });

  it("an RSI kept between two levels or moving above one, beside another rule, is that rule's filter", () => {
    expect(refusal("5/35 sma crossover while the RSI(7) sits between 45 and 65").reason).toContain(
      "crosses_above(sma(5), sma(35)) and rsi(7) > 45 and rsi(7) < 65",
    );
    expect(refusal("long once the rsi climbs above 55 with the close over the 80 day ema").reason).toContain(
      "close > ema(80) and rsi(14) > 55",
    );
    // The RSI's own two levels still make the RSI rule.
    expect(readRule("buy as RSI(10) dips under 28, sell when it rises over 68")).toMatchObject({
      name: "rsi_mean_reversion",
      params: { window: 10, lower: 28, upper: 68 },
    });
  });

  it("an RSI filter with no level stated is refused too, the level left a placeholder to sweep", () => {
    const bands = refusal("lower-band bollinger entries, but with an RSI(4) filter");
    expect(bands.reason).toContain("crosses_below(close, bb_lower(20, 2)) and rsi(4) < {rsi_level}");
    expect(bands.reason).toContain("--param rsi_level=");
    expect(refusal("an RSI filter on top of the 5/20 ema crossover").reason).toContain(
      "crosses_above(ema(5), ema(20)) and rsi(14) > {rsi_level}",
    );
    expect(readRule("skip the RSI filter, plain bollinger bands")).toMatchObject({ name: "bollinger_bands" });
    expect(readRule("RSI(2) dip strategy with a 150 day sma filter")).toMatchObject({
      name: "connors_rsi_pullback",
    });
  });

  it("a rule cited rather than asked for is set aside, so the rule asked for resolves", () => {
    expect(readRule("straight out of the MACD chapter: a 12/48 sma crossover")).toMatchObject({
      name: "sma_crossover",
      params: { fast: 12, slow: 48 },
    });
    expect(readRule("compared with the RSI: long while the close is over its 150 day sma")).toMatchObject({
      name: "price_above_sma",
      params: { window: 150 },
    });
    expect(readRule("leave the RSI out, only close above the 100 day average")).toMatchObject({
      kind: "rule",
    });
    expect(readRule("unlike the bollinger version, a 30 day donchian breakout")).toMatchObject({
      name: "donchian_breakout",
      params: { window: 30 },
    });
  });

  it("two rules compared, or one told as history, are no combination", () => {
    expect(readRule("the 20/60 sma crossover on IWM versus RSI(10) under 25 on IWM")).toMatchObject({
      kind: "rule",
    });
    expect(readRule("we used to run RSI below 30; this time a 40 day donchian breakout")).toMatchObject({
      kind: "rule",
    });
  });

  it("an exit from another family is the exit of the rule text, not a filter on its entry", () => {
    const exit = refusal("buy the 10/30 sma cross and sell when RSI(14) is over 80");
    expect(exit.reason).toContain('entry "crosses_above(sma(10), sma(30))", exit "rsi(14) > 80"');
  });

  it("still resolves the combinations the library has and mentions that are no condition", () => {
    expect(
      readRule("RSI(3) under 15 with price over the 200-day SMA, exit on a close above the 10 day SMA"),
    ).toMatchObject({
      name: "connors_rsi_pullback",
      params: { window: 3, lower: 15, trend: 200, exit_ma: 10 },
    });
    expect(
      readRule("bollinger bandwidth at its 6-month low then a close above the upper band"),
    ).toMatchObject({
      name: "bollinger_squeeze",
    });
    expect(readRule("buy 1.5 standard deviations under the 30 day mean, exit at the mean")).toMatchObject({
      name: "zscore_reversion",
      params: { window: 30, entry_z: 1.5 },
    });
    expect(readRule("MACD histogram flips positive")).toMatchObject({ name: "macd" });
    expect(readRule("buy when the 30 day z-score is below -1.5, sell at 0")).toMatchObject({
      name: "zscore_reversion",
    });
    expect(readRule("skip the RSI, go with a 50/200 SMA crossover")).toMatchObject({ name: "sma_crossover" });
    expect(readRule("RSI(2) under 10, sell above 70; no MACD above 0 filter needed")).toMatchObject({
      kind: "rule",
    });
  });
});

describe("a day-of-week filter on a rule is refused, with the rule-language condition that expresses it", () => {
  it("refuses the filter rather than dropping it, naming day_of_week with Monday = 0", () => {
    for (const [text, day] of [
      ["buy XLF on Tuesdays when RSI(2) is under 5, sell above the 5-day average", 1],
      ["death cross on IWM, but only act on Fridays", 4],
      ["go long DIA every Wednesday when the close is above its 100-day average", 2],
      ["Bollinger bands on GLD with a weekday filter", 0],
    ] as const) {
      const m = readRule(text);
      expect(m, text).toMatchObject({ kind: "unsupported" });
      expect((m as { reason: string }).reason, text).toContain(`day_of_week == ${day}`);
    }
  });

  it("the condition it names compiles in the rule language", () => {
    expect(() => compileRule("rsi(2) < 5 and day_of_week == 1", "close > sma(5)")).not.toThrow();
  });

  it("a day told once, in the story, is no filter", () => {
    expect(readRule("On Thursday we talked about the golden cross on SPY; please run it")).toMatchObject({
      name: "sma_crossover",
    });
    expect(
      readRule("every Monday I look at the 200-day average on QQQ: hold it while the close is above"),
    ).toMatchObject({
      name: "price_above_sma",
      params: { window: 200 },
    });
  });
});

describe("a position size of all of it is the library's own sizing", () => {
  it("runs the rule when the size is 100 %, 1.0 or all-in, and refuses any other size", async () => {
    for (const [text, name] of [
      ["Entry: the first bar. Exit: none. Position size: 100%. Symbol: VTI", "buy_and_hold"],
      ["ema 10/40 cross on XLI, position sizing = 1.0", "ema_crossover"],
      ["donchian 30/15 on GLD with position size all-in", "donchian_breakout"],
    ] as const) {
      const r = await resolveStrategy(text);
      expect(r.refused, text).toBeUndefined();
      expect(r.strategies[0]?.rule?.label ?? r.strategies[0]?.name, text).toBe(name);
    }
    for (const text of [
      "ema 10/40 cross on XLI, position size 50%",
      "donchian 30/15 on GLD, position size 1.5",
      "golden cross on DIA with a position sizer by ATR",
    ])
      expect((await resolveStrategy(text)).refused, text).toBeDefined();
  });
});
