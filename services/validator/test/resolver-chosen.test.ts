import { describe, expect, it } from "vitest";
import { firstOf } from "./resolver-helpers.ts";

// The structured reading (issue 14): kinds of text where the RULE chosen was wrong or a rule was refused, found in
// held-out-41..44 and fixed by kind. Every wording here is in none of the phrase sets.
const chosen = async (text: string) => {
  const r = await firstOf(text);
  return r.refused ? { name: "refuse" } : { name: r.name, params: r.params };
};

describe("a person called Tom is addressed or named, not the turn of the month", () => {
  it("after any greeting, at the head of a message, or as the subject of a sentence", async () => {
    expect(
      await chosen(
        "Good afternoon Tom, could you run the price above its 100-day SMA on QQQ and out below it?",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 100 } });
    expect(
      await chosen("Evening Tom. When you have a minute: golden cross on IWM, the usual 50 and 200 days."),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 50, slow: 200 } });
    expect(
      await chosen("Tom asked me to check RSI 2 under 10 on SPY with an exit once RSI is above 80."),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 80 } });
    expect(
      await chosen(
        "Tom, the desk wants GLD held while it sits above its 30-day exponential average, cash below.",
      ),
    ).toMatchObject({ name: "price_above_ema", params: { window: 30 } });
    expect(await chosen("Per Tom's request: RSI 2 below 5 on QQQ, out above 65")).toMatchObject({
      name: "rsi_mean_reversion",
      params: { window: 2, lower: 5, upper: 65 },
    });
  });
  it("the abbreviation keeps its rule: capitals, lower case, or followed by what it names", async () => {
    expect((await chosen("TOM on QQQ, in 2 days before month end")).name).toBe("turn_of_month");
    expect((await chosen("tom effect on IWM")).name).toBe("turn_of_month");
    expect((await chosen("Tom effect on SPY, out on the 3rd trading day")).name).toBe("turn_of_month");
  });
});

describe("a portfolio allocation in the writer's story is context, not outside data", () => {
  it("the writer's own 60/40 or risk-parity book, or a 60/40 benchmark, beside a stated price rule", async () => {
    expect(
      await chosen(
        "In the equity sleeve of our 60/40 portfolio we would buy SPY when it closes above its 200-day average and sell when it closes below.",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 200 } });
    expect(
      await chosen(
        "My risk parity portfolio has a gold leg. On GLD I want to be long while the 50-day SMA is above the 200-day SMA and flat otherwise.",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 50, slow: 200 } });
    expect(
      await chosen(
        "Would an RSI(2) rule on SPY, in below 10 and out above 70, have beaten a plain 60/40 portfolio?",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 70 } });
    expect(
      await chosen(
        "I run a 60/40 mix. For the stock part, hold SPY while it is above its 10-month SMA, cash below.",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 210 } });
  });
  it("an allocation asked for is still refused", async () => {
    expect((await chosen("backtest a 60/40 portfolio of SPY and TLT rebalanced every quarter")).name).toBe(
      "refuse",
    );
    expect((await chosen("risk parity between stocks and bonds, monthly rebalance")).name).toBe("refuse");
  });
});

describe("a rule the writer tried before and judged is not the rule asked for", () => {
  it("'tried the X template, not the same thing', 'used X and it isn't what I need'", async () => {
    expect(
      await chosen(
        "A while ago I used the RSI setup for this and it isn't what I need. Please test a 20-day z-score on XLE: buy when it is under -2 and sell when it is back to 0.",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 20, entry_z: 2, exit_z: 0 } });
    expect(
      await chosen(
        "Yesterday we tried the MACD template and it was not really the same thing. What I want is the 10/40 SMA crossover on QQQ.",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 10, slow: 40 } });
    expect(
      await chosen(
        "This is different from the Donchian rule I ran last month. Hold GLD while the close is above its 100-day simple moving average.",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 100 } });
    expect(
      await chosen(
        "The RSI template you suggested wasn't what I had in mind. Test a 50-day z-score on XLU instead: buy below -2, out at the mean.",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 50, entry_z: 2, exit_z: 0 } });
    expect(
      await chosen(
        "I gave the Bollinger preset a go last month and it wasn't right for this. What I need: 30-day z-score on KO, enter at -2, exit at 0.",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 30, entry_z: 2, exit_z: 0 } });
  });
  it("a rule tried and liked, asked for again, is still that rule", async () => {
    expect(
      await chosen(
        "I tried RSI 2 below 10 on SPY and liked it; can you test it on QQQ with an exit above 70?",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10 } });
  });
});

describe("'the candle closes above X' is the close above X", () => {
  it("for an average, a channel and the bands", async () => {
    expect(
      await chosen(
        "Take entry when candle closes over the 50 day moving average and exit when candle is closing under it.",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 50 } });
    expect(
      await chosen(
        "Buy if daily candle closes above the 20-day high; sell if the candle closes below the 10-day low.",
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 20, exit_window: 10 } });
    expect(
      await chosen(
        "Bollinger squeeze: when bandwidth is the lowest of 120 days and the candle closes above the upper band, enter; exit when candle closes under the middle band.",
      ),
    ).toMatchObject({ name: "bollinger_squeeze", params: { lookback: 120 } });
    expect(
      await chosen(
        "When bollinger band is very narrow (width lowest in 120 days) and price is closing above the upper band, take long. Exit at middle band close.",
      ),
    ).toMatchObject({ name: "bollinger_squeeze", params: { lookback: 120 } });
  });
  it("a candle's colour or pattern is still refused", async () => {
    expect((await chosen("buy when the candle closes green three days in a row")).name).toBe("refuse");
    expect((await chosen("sell after a bearish engulfing candle")).name).toBe("refuse");
  });
});

describe("'the N-day one' after an average is that average", () => {
  it("two periods of the same average crossing are its crossover", async () => {
    expect(
      await chosen("buy when the 10-day ema climbs over the 40-day one, sell when it slips back under it"),
    ).toMatchObject({ name: "ema_crossover", params: { fast: 10, slow: 40 } });
    expect(
      await chosen("stay long while the 50-day simple average is above the 200-day one, otherwise cash"),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 50, slow: 200 } });
    expect(
      await chosen(
        "enter as the 8-day exponential average moves up through the 21-day one; leave when it falls below",
      ),
    ).toMatchObject({ name: "ema_crossover", params: { fast: 8, slow: 21 } });
    expect(
      await chosen("buy when the 50 sma crosses above the 200 one, sell on the cross back"),
    ).toMatchObject({
      name: "sma_crossover",
      params: { fast: 50, slow: 200 },
    });
  });
});

describe("MACD told by what it computes", () => {
  it("the difference of two EMAs crossing its own average is MACD with that signal", async () => {
    expect(
      await chosen(
        "buy when the gap between the 8-day and 17-day EMAs crosses above its own 9-day EMA; sell when it crosses below",
      ),
    ).toMatchObject({ name: "macd", params: { fast: 8, slow: 17, signal: 9 } });
    expect(
      await chosen(
        "Take the 12-day EMA minus the 26-day EMA; go long when that line rises above its 9-day exponential average and exit when it drops under it.",
      ),
    ).toMatchObject({ name: "macd", params: { fast: 12, slow: 26, signal: 9 } });
    expect(
      await chosen(
        "Signal: the spread of the 5- and 35-day exponential moving averages crossing above a 5-day exponential average of itself.",
      ),
    ).toMatchObject({ name: "macd", params: { fast: 5, slow: 35, signal: 5 } });
    expect(
      await chosen("buy when the 12/26 EMA spread crosses above its 9-day EMA, sell on the cross down"),
    ).toMatchObject({ name: "macd", params: { fast: 12, slow: 26, signal: 9 } });
    expect(
      await chosen(
        "buy when the line formed by subtracting the 26-day EMA from the 12-day EMA crosses above its 9-day EMA",
      ),
    ).toMatchObject({ name: "macd", params: { fast: 12, slow: 26, signal: 9 } });
  });
  it("the difference turning positive, with no average of it, is the EMA crossover", async () => {
    expect(
      await chosen(
        "buy when the difference between the 12- and 26-day EMAs turns positive, sell when it turns negative",
      ),
    ).toMatchObject({ name: "ema_crossover", params: { fast: 12, slow: 26 } });
  });
});

describe("a pairs rule told without its tickers is the rule, bound to the request's symbols", () => {
  it("fitted and fixed hedge ratios, stated generically", async () => {
    expect(
      await chosen(
        "Take two cointegrated stocks, hedge with a rolling OLS beta over 90 days, and buy the first one when the z-score of the spread falls below -2; exit at 0.",
      ),
    ).toMatchObject({ name: "pairs_zscore_fitted", params: { hedge_window: 90, entry_z: 2, exit_z: 0 } });
    expect(
      await chosen(
        "Textbook pairs trade: the log price ratio of two related stocks, a 30-day z-score, long the first stock below -2 and out at zero.",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { window: 30, entry_z: 2, exit_z: 0 } });
    expect(
      await chosen(
        "long stock A when the z-score of the log spread between stock A and stock B, 40 days, is under -2; exit at 0",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { window: 40, entry_z: 2 } });
  });
  it("a pair told with its settings only: 'pairs with a rolling OLS hedge ratio', a Gatev-style spread", async () => {
    expect(
      await chosen("Pairs with a rolling 90-day OLS hedge ratio; in at z = -2, out at 0."),
    ).toMatchObject({
      name: "pairs_zscore_fitted",
      params: { hedge_window: 90, entry_z: 2, exit_z: 0 },
    });
    expect(
      await chosen(
        "Gatev-style pairs: trade the spread when it diverges by 2 standard deviations over 60 days, close at convergence (0).",
      ),
    ).toMatchObject({ name: "pairs_zscore", params: { window: 60, entry_z: 2 } });
  });
  it("a pairs rule named with no setting and no legs is still refused", async () => {
    expect((await chosen("pairs trading with cointegration")).name).toBe("refuse");
  });
  it("a pair with one ticker named is still refused", async () => {
    expect((await chosen("pairs trading on KO with a 20-day z-score of the spread, in at -2")).name).toBe(
      "refuse",
    );
  });
});

describe("SQL window functions are the indicators they compute", () => {
  it("lag(…) over (…) is a shifted close, avg(…) over N preceding rows an SMA", async () => {
    expect(
      await chosen(
        "select d, case when close / lag(close, 252) over (order by d) > 1 then 1 else 0 end as pos from px;",
      ),
    ).toMatchObject({ name: "ts_momentum", params: { lookback: 252 } });
    expect(
      await chosen(
        "select d,\n  case when close > avg(close) over (order by d rows between 199 preceding and current row) then 1 else 0 end as invested\nfrom bars where ticker = 'SPY';",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 200 } });
    expect(
      await chosen(
        "select d, case when close > lag(close, 63) over (partition by sym order by d) then 1 else 0 end as held from px where sym = 'IWM'",
      ),
    ).toMatchObject({ name: "ts_momentum", params: { lookback: 63 } });
    expect(
      await chosen(
        "SELECT d, CASE WHEN close > AVG(close) OVER (ORDER BY d ROWS 99 PRECEDING) THEN 1 ELSE 0 END AS pos FROM spy",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 100 } });
  });
  it("a column aliased 'as z' from avg and stddev windows is the z-score the lines after trade", async () => {
    expect(
      await chosen(
        "select d, (close - avg(close) over (order by d rows between 29 preceding and current row)) / stddev_pop(close) over (order by d rows between 29 preceding and current row) as z from px where sym = 'XLU';\nbuy when z < -2, sell when z > 0",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 30, entry_z: 2, exit_z: 0 } });
  });
});

describe("buy and hold told as numbered or separate steps", () => {
  it("buying first, then doing nothing, in its own step or sentence", async () => {
    expect(await chosen("1) buy QQQ with everything on the first bar 2) do nothing more")).toMatchObject({
      name: "buy_and_hold",
    });
    expect(
      await chosen("Buy IWM at the first close. Then do nothing else until the data ends."),
    ).toMatchObject({
      name: "buy_and_hold",
    });
    expect(await chosen("Step one: purchase VTI on day one; step two: nothing else.")).toMatchObject({
      name: "buy_and_hold",
    });
    expect(await chosen("a) Put all the money into VTI on the first day. b) Do nothing else.")).toMatchObject(
      {
        name: "buy_and_hold",
      },
    );
  });
  it("a purchase with a condition, then nothing otherwise, is that condition's rule", async () => {
    expect(
      await chosen("Buy SPY when RSI(2) is under 10. Otherwise do nothing; sell when RSI(2) is over 70."),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 70 } });
    expect(
      (
        await chosen(
          "buy QQQ once it closes above the 100-day average, then do nothing until it closes below",
        )
      ).name,
    ).toBe("price_above_sma");
    expect(
      await chosen(
        "Sell SPY when it closes below the 200-day SMA and put the money in cash. Then do nothing until it closes above the 200-day SMA again, and buy.",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 200 } });
  });
});

describe("'short <ticker> <condition>' in lower case is a short-only rule", () => {
  it("is refused as short", async () => {
    expect((await chosen("short qqq under the 50 day")).name).toBe("refuse");
    expect((await chosen("short tsla when rsi is above 80, cover at 50")).name).toBe("refuse");
  });
  it("the short average of a crossover is no short", async () => {
    expect((await chosen("buy when the short ma crosses above the long ma on spy")).name).toBe(
      "sma_crossover",
    );
  });
});

describe("months of the writer's story are no season", () => {
  it("months told as when the writer did something, beside a stated rule", async () => {
    expect(
      await chosen(
        "Between March and September I was travelling, so only now: buy SPY when RSI(2) is under 10, sell when it is over 70.",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 70 } });
    expect(
      await chosen(
        "Since January I've been paper trading this: buy GLD above its 50-day EMA, sell below it. It's now October.",
      ),
    ).toMatchObject({ name: "price_above_ema", params: { window: 50 } });
  });
  it("months with being in or out, or alone as a span, are still the season", async () => {
    expect(await chosen("Seasonal filter on QQQ. Season: November to April.")).toMatchObject({
      name: "sell_in_may",
      params: { start_month: 11, end_month: 4 },
    });
    expect(await chosen("only own IWM from October through May, otherwise cash")).toMatchObject({
      name: "sell_in_may",
      params: { start_month: 10, end_month: 5 },
    });
  });
});

describe("a rule's word in its everyday sense names no rule", () => {
  it("a YouTube channel, a breakout session, a budget squeeze, spreading the word, a pair of monitors", async () => {
    expect(
      await chosen(
        "I run a small YouTube channel about investing. For the next video: hold SPY above its 200-day SMA, cash below.",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 200 } });
    expect(
      await chosen(
        "After the breakout session at the conference I wanted this: buy QQQ when RSI(2) drops under 5, sell when it tops 60.",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 5, upper: 60 } });
    expect(
      await chosen(
        "Budget squeeze at work, so I'm doing this myself: buy XLU when its 20-day z-score is below -2, sell at 0.",
      ),
    ).toMatchObject({ name: "zscore_reversion", params: { window: 20, entry_z: 2, exit_z: 0 } });
    expect(await chosen("Please spread the word if this works: golden cross on EFA.")).toMatchObject({
      name: "sma_crossover",
    });
    expect(
      await chosen(
        "I bought a new pair of monitors for this. Buy TLT on a 40-day high, sell on a 20-day low.",
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 40, exit_window: 20 } });
  });
  it("the rule's own senses stay: a channel breakout, a Bollinger squeeze, a pair of stocks", async () => {
    expect((await chosen("20-day channel breakout on GLD, exit on the 10-day low")).name).toBe(
      "donchian_breakout",
    );
    expect((await chosen("Bollinger squeeze on QQQ, 6-month low in band width")).name).toBe(
      "bollinger_squeeze",
    );
    expect(
      (await chosen("a pair of banks, JPM and BAC: 30-day z of the spread, in at -2, out at 0")).name,
    ).toBe("pairs_zscore");
  });
});

describe("a rule someone else gave, turned down for another, is not the rule asked for", () => {
  it("the reported rule's sentence or clause goes when the writer prefers another", async () => {
    expect(
      await chosen(
        "In 2008 I lost 40% and my advisor said to sell in May. I'd now rather hold VTI only above its 10-month SMA.",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 210 } });
    expect(
      await chosen("A friend swears by the MACD, but I want the 50/200 SMA cross on SPY."),
    ).toMatchObject({
      name: "sma_crossover",
      params: { fast: 50, slow: 200 },
    });
    expect(
      await chosen(
        "My broker keeps pushing the golden cross. Instead I want RSI(2): buy SPY under 10, sell over 70.",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 70 } });
  });
  it("a reported rule the writer asks to test is that rule", async () => {
    expect(
      await chosen("A friend said RSI 2 under 10 works on SPY with an exit above 70. Can you test it?"),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 70 } });
    expect(
      (await chosen("My advisor told me to sell in May and go away. Can you test that on SPY?")).name,
    ).toBe("sell_in_may");
  });
});

describe("a sentence withdrawing an earlier request names no rule", () => {
  it("'ignore my earlier email about X', 'disregard the X ticket', 'forget the X idea'", async () => {
    expect(
      await chosen(
        "P.S. ignore my earlier email about the Donchian thing. Real request: RSI(5) below 20 buy, above 80 sell, on XLK.",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 5, lower: 20, upper: 80 } });
    expect(
      await chosen(
        "Please disregard the MACD ticket from Monday. What we need is the 20/60 SMA crossover on DIA.",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 20, slow: 60 } });
    expect(
      await chosen("Forget the RSI idea. New plan: buy GLD on a 30-day high and sell on a 15-day low."),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 30, exit_window: 15 } });
  });
});

describe("outside data in the writer's life is no signal of the rule", () => {
  it("debt, dividends or earnings of the writer, in a clause that states no condition", async () => {
    expect(
      await chosen(
        "Good news: I finally paid off my debt in 2020. Now I want to hold SPY only above its 200-day SMA and sit in cash below it.",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 200 } });
    expect(
      await chosen(
        "I reinvest dividends by hand in my IRA. Separately, test RSI(2) under 10 buy, over 70 sell on SPY.",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 70 } });
    expect(
      await chosen("My dividends all go to my IRA, so test RSI(2) under 10 buy, over 70 sell on SPY."),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 2, lower: 10, upper: 70 } });
  });
  it("outside data as the signal, or a one-clause text built on it, is still refused", async () => {
    expect(
      (await chosen("buy SPY when the news sentiment turns positive and sell when it turns negative")).name,
    ).toBe("refuse");
    expect(
      (
        await chosen(
          "train an LSTM on the last 60 closes to predict tomorrow's return; long if the forecast > 0, else flat",
        )
      ).name,
    ).toBe("refuse");
    expect(
      (await chosen("Trade QQQ around earnings. Buy 2 days before the report, sell after it.")).name,
    ).toBe("refuse");
  });
});

describe("an indicator the language lacks, set aside, does not refuse the rule asked for", () => {
  it("ruled out, left behind or judged before the rule", async () => {
    expect(
      await chosen(
        "I used to trade Ichimoku clouds but gave up on them. Now I want a plain golden cross on SPY.",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 50, slow: 200 } });
    expect(
      await chosen(
        "Not Keltner channels, Bollinger bands: buy SPY at the lower band (20, 2), sell at the upper band.",
      ),
    ).toMatchObject({ name: "bollinger_bands", params: { window: 20, k: 2 } });
    expect(
      await chosen("Stochastics never worked for me. RSI(2) under 10 buy, over 70 sell, on QQQ."),
    ).toMatchObject({
      name: "rsi_mean_reversion",
      params: { window: 2, lower: 10, upper: 70 },
    });
    expect(
      await chosen("Instead of the VWAP stuff my friend does, I want to hold SPY above its 200-day SMA."),
    ).toMatchObject({ name: "price_above_sma", params: { window: 200 } });
  });
  it("asked for, it is still refused", async () => {
    expect((await chosen("buy SPY when the stochastic crosses above 20")).name).toBe("refuse");
    expect((await chosen("Ichimoku cloud breakout on BTC-USD")).name).toBe("refuse");
  });
});

describe("a share of the capital short of all of it is sizing; all of it is the all-in rule", () => {
  it("half, a third or 30 % of the cash is refused as sizing", async () => {
    expect((await chosen("buy SPY with half my cash when RSI(2) < 10, sell above 70")).name).toBe("refuse");
    expect(
      (await chosen("put 30% of the account into QQQ when it closes above the 50-day SMA, sell below")).name,
    ).toBe("refuse");
  });
  it("all the cash or 100 % of the account is no sizing", async () => {
    expect(
      await chosen("Buy QQQ with all my cash when RSI(2) < 10, sell everything above 70."),
    ).toMatchObject({
      name: "rsi_mean_reversion",
    });
    expect(await chosen("Put 100% of the account into VTI on the first day and never sell.")).toMatchObject({
      name: "buy_and_hold",
    });
  });
});

describe("buy and hold as steps that wait or hold to the last bar", () => {
  it("'wait 20 years', 'hold until the last bar'; held to a day of the month is the calendar rule", async () => {
    expect(await chosen("Step 1: buy VOO. Step 2: wait 20 years. Step 3: profit.")).toMatchObject({
      name: "buy_and_hold",
    });
    expect(
      await chosen("1) purchase SPY at the open of day one 2) hold until the last bar 3) report"),
    ).toMatchObject({
      name: "buy_and_hold",
    });
    expect(
      (
        await chosen(
          "buy SPY 2 days before month end and hold until the last day of the month, then sell on the 3rd trading day",
        )
      ).name,
    ).toBe("turn_of_month");
  });
});
