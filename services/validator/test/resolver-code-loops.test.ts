import { describe, expect, it } from "vitest";
import { plainCode } from "../src/resolver/reading/code/pseudo.ts";
import { ruleOf } from "./resolver-helpers.ts";

/**
 * Pseudo-code written as a loop over the bars or the months (reading/code/loops.ts): a counter's positions and
 * slices, Python's positions from the end, statistics of a window, the code's own position flags, and orders placed
 * at bars of the month. Each rule is read from the code with the code's own numbers.
 */
describe("a loop over the bars: positions, slices and their statistics", () => {
  it("a z-score of the 30 bars before this one, with a bracketed term in the condition", () => {
    expect(
      ruleOf(
        "for t in range(30, len(px)):\n    m = px[t-30:t].mean()\n    s = px[t-30:t].std()\n    if (px[t] - m) / s < -2:\n        buy()\n    elif (px[t] - m) / s > 0.5:\n        sell()",
      ),
    ).toEqual({ name: "zscore_reversion", params: { window: 30, entry_z: 2, exit_z: 0.5 } });
  });

  it("Python's positions from the end: the last 40 bars, this bar, and position flags on either side", () => {
    expect(
      ruleOf(
        "every bar:\n    z = (close[-1] - mean(close[-40:])) / std(close[-40:])\n    if not long and z < -1.5: buy\n    if z > 0.5 and in position: sell",
      ),
    ).toEqual({ name: "zscore_reversion", params: { window: 40, entry_z: 1.5, exit_z: 0.5 } });
  });

  it("a channel of the bars before this one, from the end (`closes[-56:-1]`) and from a counter", () => {
    expect(
      ruleOf(
        "on each bar:\n    top = max(closes[-56:-1])\n    bottom = min(closes[-21:-1])\n    if closes[-1] > top: buy\n    if closes[-1] < bottom: sell",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 55, exit_window: 20 } });
    expect(
      ruleOf(
        "for bar t:\n    if close[t] > max(close[t-30:t]) and flat: buy\n    if close[t] < min(close[t-15:t]) and long: sell",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 30, exit_window: 15 } });
  });

  it("a sum over a window that ends at this bar, divided by its length, is the average", () => {
    expect(
      ruleOf(
        "for i in range(150, n):\n    avg = sum(close[i-149:i+1]) / 150\n    if position == 0 and close[i] > avg: buy\n    if position > 0 and close[i] < avg: sell",
      ),
    ).toEqual({ name: "price_above_sma", params: { window: 150 } });
  });

  it("yesterday's averages from windows that end a bar ago make a crossing", () => {
    expect(
      ruleOf(
        "each day:\n    fast = np.mean(close[-15:]); slow = np.mean(close[-60:])\n    prev_fast = np.mean(close[-16:-1]); prev_slow = np.mean(close[-61:-1])\n    if flat and fast > slow and prev_fast <= prev_slow: buy\n    if long and fast < slow and prev_fast >= prev_slow: sell",
      ),
    ).toEqual({ name: "sma_crossover", params: { fast: 15, slow: 60 } });
  });

  it("a BASIC-style counter (`for t = 50 to …`) reading back from itself", () => {
    expect(
      ruleOf(
        "for t = 50 to last_bar:\n    if close[t] > max(close[t-50:t]): buy\n    if close[t] < min(close[t-25:t]): sell",
      ),
    ).toEqual({ name: "donchian_breakout", params: { window: 50, exit_window: 25 } });
  });

  it("bands from statistics of a window that ends at this bar (`close[t-14:t+1]`)", () => {
    expect(
      ruleOf(
        "for t in range(len(close)):\n    mid = statistics.mean(close[t-14:t+1])\n    dev = statistics.stdev(close[t-14:t+1])\n    if close[t] < mid - 2.5*dev: buy\n    if close[t] > mid + 2.5*dev: sell",
      ),
    ).toEqual({ name: "bollinger_bands", params: { window: 15, k: 2.5 } });
  });

  it("a position the code keeps itself (`position = 1`), and a frame's column from the end", () => {
    expect(
      ruleOf(
        "for i in range(20, len(prices)):\n    mu = np.mean(prices[i-19:i+1])\n    sd = np.std(prices[i-19:i+1], ddof=1)\n    z = (prices[i] - mu) / sd\n    if z < -2.5 and position == 0:\n        buy()\n        position = 1\n    elif z > 0 and position == 1:\n        sell()\n        position = 0",
      ),
    ).toEqual({ name: "zscore_reversion", params: { window: 20, entry_z: 2.5, exit_z: 0 } });
    expect(
      ruleOf(
        "each bar:\n    mu = mean(df['close'][-25:]); sd = std(df['close'][-25:])\n    if flat and (df['close'][-1] - mu) / sd < -2: buy\n    if long and (df['close'][-1] - mu) / sd > 0: sell",
      ),
    ).toEqual({ name: "zscore_reversion", params: { window: 25, entry_z: 2, exit_z: 0 } });
  });

  it("a variable named like a position flag is a condition, not the flag", () => {
    const text =
      "each bar:\n    long = mean(close[-50:]) > mean(close[-200:])\n    if long and close[-1] > mean(close[-50:]): buy";
    expect(plainCode(text)).toContain("if long and close > sma(close, 50): buy");
    expect(plainCode(text.replace("long = ", "trend = "))).toContain("if close > sma(close, 50): buy");
  });
});

describe("a loop over the months: orders at bars of the month", () => {
  it("the last bar of the month less a number, the first bar of the next plus one", () => {
    expect(
      ruleOf(
        "for each month m:\n    buy at the close of last_day(m) - 1\n    sell at the close of first_day(m + 1) + 2",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 1, days_after: 3 } });
  });

  it("the month's last bar itself, and an ordinal trading day of the next month", () => {
    expect(
      ruleOf(
        "for m in months:\n    enter long on the close of bar last_bar(m)\n    exit on the close of the 4th trading day of month m+1",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 0, days_after: 4 } });
  });

  it("bars before the month's last bar in words, a session number of the next month", () => {
    expect(
      ruleOf(
        "for each month mo:\n    go long at the close of last_session(mo) - 3\n    close the position at the close of session 5 of month mo + 1",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 3, days_after: 5 } });
  });

  it("the second-to-last trading day, and the third of the following month", () => {
    expect(
      ruleOf(
        "for month k in history:\n    buy on the close of the second-to-last trading day of k\n    sell on the close of the third trading day of the following month",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 1, days_after: 3 } });
  });

  it("the month's end and start by other names, numbers in words", () => {
    expect(
      ruleOf(
        "for each month m:\n    buy at the close of month_end(m) - 1\n    sell at the close of bom(m + 1) + 3",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 1, days_after: 4 } });
    expect(
      ruleOf(
        "for each month m:\n    buy at the close two bars before the last bar of m\n    sell on the close of the second bar of month m + 1",
      ),
    ).toEqual({ name: "turn_of_month", params: { days_before: 2, days_after: 2 } });
  });

  it("an order at the open is not read as one at the close", () => {
    expect(
      plainCode(
        "for each month m:\n    buy at the open of first_bar(m + 1)\n    sell at the close of last_bar(m)",
      ),
    ).toBe("for each month m:\n    buy at the open of first_bar(m + 1)\n    if days_to_month_end == 0: sell");
  });
});
