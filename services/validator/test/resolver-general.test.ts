import { describe, expect, it } from "vitest";
import { resolveStrategy } from "../src/resolver/resolve.ts";
import { correctSpelling } from "../src/rules/spelling.ts";

// The general rules added after held-out-4.json, each on wordings that are in none of the phrase sets.
const known = new Set(["SPY", "GOOG", "AAPL", "MSFT", "INTC"]);
const first = async (text: string) => {
  const r = await resolveStrategy(text, { knownSymbols: known });
  return {
    r,
    s: r.strategies[0],
    name: r.refused ? "refuse" : (r.strategies[0]?.rule?.label ?? r.strategies[0]?.name),
  };
};

describe("resolver: general rules (after held-out-4.json)", () => {
  it("corrects trading words one edit away, and leaves ordinary words near them alone", () => {
    expect(correctSpelling("stochastik exponental averege crossovr")).toBe(
      "stochastic exponential average crossover",
    );
    for (const word of ["gross", "simply", "position", "loving", "hurtle", "crossed", "averages", "moving"])
      expect(correctSpelling(word)).toBe(word);
  });

  it("misspelt rules resolve as spelt right, with their numbers", async () => {
    const ema = await first("exponental moving averege crossover 9 and 21");
    expect(ema.name).toBe("ema_crossover");
    expect(ema.s?.params).toEqual({ fast: 9, slow: 21 });
    const bb = await first("bollingr band reversal 30 period 2.5 std");
    expect(bb.name).toBe("bollinger_bands");
    expect(bb.s?.params).toEqual({ window: 30, k: 2.5 });
    expect((await first("stochastik oscillator under 20")).name).toBe("refuse");
  });

  it("BB / bbands shorthand is Bollinger, not a z-score", async () => {
    const bb = await first("buy the lower bbands touch, 50 day, 1.5 sd");
    expect(bb.name).toBe("bollinger_bands");
    expect(bb.s?.params).toEqual({ window: 50, k: 1.5 });
  });

  it("an average moving through another is a crossover; one falling under the other is its exit", async () => {
    const up = await first("go long as the 30-day average pierces the 90-day average");
    expect(up.name).toBe("sma_crossover");
    expect(up.s?.params).toEqual({ fast: 30, slow: 90 });
    const down = await first("get out when the 10 ema drops below the 40 ema");
    expect(down.name).toBe("ema_crossover");
    expect(down.s?.params).toEqual({ fast: 10, slow: 40 });
  });

  it("z-score entries and exits stated as 'N z' and 'exit at N'", async () => {
    const z = await first(
      "mean reversion: buy at 1.5 z below the 40 day mean, out when it gets back to -0.5",
    );
    expect(z.name).toBe("zscore_reversion");
    expect(z.s?.params).toEqual({ window: 40, entry_z: 1.5, exit_z: -0.5 });
    const pair = await first("the ratio between XOM and CVX, in at 2 z, exit at 0.25");
    expect(pair.name).toBe("pairs_zscore");
    expect(pair.s?.params).toMatchObject({ entry_z: 2, exit_z: 0.25 });
    expect(pair.r.symbols).toEqual(["XOM", "CVX"]);
    // A period after "exit" is not a level.
    const days = await first("z-score below -2, exit after 5 days");
    expect(days.s?.params?.exit_z).toBe(0);
  });

  it("an RSI period given as its lookback or length", async () => {
    const r = await first("relative strength index, length 9, buy below 25");
    expect(r.s?.params).toMatchObject({ window: 9, lower: 25 });
  });

  it("comparing which of two symbols did better is dual momentum, however it is worded", async () => {
    const r = await first("hold whichever of SPY and GOOG had the bigger 3 month gain return");
    expect(r.name).toBe("dual_momentum");
    expect(r.s?.params).toEqual({ lookback: 63 });
  });

  it("turn of the month entered at the month's final close", async () => {
    const r = await first("enter at the final close of each month, exit on the 2nd trading day");
    expect(r.name).toBe("turn_of_month");
    expect(r.s?.params).toEqual({ days_before: 0, days_after: 2 });
  });

  it("signals from data the validator does not have are refused by name, even with a trading word", async () => {
    for (const text of [
      "buy the stocks trending on stocktwits",
      "go long after analyst upgrades with momentum",
      "trend trade the meme stocks",
    ]) {
      const r = await first(text);
      expect(r.name, text).toBe("refuse");
      expect(r.r.refused?.reason, text).toMatch(/is not in the market data/);
    }
    // A rule the text states still wins over a stray word about the news.
    expect((await first("golden cross on SPY, ignore the news")).name).toBe("sma_crossover");
  });
});

// The general rules added after held-out-5.json, on wordings in no set.
describe("resolver: general rules (after held-out-5.json)", () => {
  it("formula notation: underscores, comparison signs and log spreads", async () => {
    const ma = await first("position = close_t > EMA_50_t");
    expect(ma.name).toBe("price_above_ema");
    expect(ma.s?.params).toEqual({ window: 50 });
    const spread = await first("z of log(AAPL) - 0.8*log(MSFT) over 40 days, enter beyond 1.5 sigma");
    expect(spread.name).toBe("pairs_zscore");
    expect(spread.s?.params).toMatchObject({ window: 40, entry_z: 1.5 });
    expect(spread.r.symbols).toEqual(["AAPL", "MSFT"]);
  });

  it("periods joined by 'by', 'x', '&' or 'to', and periods labelled fast/slow", async () => {
    for (const text of [
      "sma 20x80 crossover",
      "simple moving average cross, 20 & 80",
      "20 to 80 ma crossover",
    ]) {
      const r = await first(text);
      expect(r.name, text).toBe("sma_crossover");
      expect(r.s?.params, text).toEqual({ fast: 20, slow: 80 });
    }
    const labelled = await first("exponential average crossover with slow 55 and fast 13");
    expect(labelled.name).toBe("ema_crossover");
    expect(labelled.s?.params).toEqual({ fast: 13, slow: 55 });
  });

  it("one stated average alone is price against it; beside another indicator it is not", async () => {
    const r = await first("the 30-week sma system for MSFT");
    expect(r.name).toBe("price_above_sma");
    expect(r.s?.params).toEqual({ window: 150 });
    expect((await first("bollinger bands on a 30 day moving average")).name).toBe("bollinger_bands");
  });

  it("buy and hold named as the yardstick is not the strategy", async () => {
    const r = await first("can a 6 month momentum filter outperform plain buy and hold?");
    expect(r.name).toBe("ts_momentum");
    expect(r.s?.params).toEqual({ lookback: 126 });
    expect((await first("just buy and hold SPY")).name).toBe("buy_and_hold");
  });

  it("a return that exceeds zero is absolute momentum; positioning and valuation data are refused", async () => {
    const r = await first("stay long while the 3-month return tops zero");
    expect(r.name).toBe("ts_momentum");
    expect(r.s?.params).toEqual({ lookback: 63 });
    for (const text of ["ride the gamma squeeze", "buy low price-to-book names", "fade high short interest"])
      expect((await first(text)).name, text).toBe("refuse");
  });
});
