import { describe, expect, it } from "vitest";
import { readRule } from "../src/resolver/reading/read-rule.ts";

// Pasted code read by its library's conventions, in snippets written for this test (none is in a phrase set):
// TA-Lib's BBANDS returns its bands upper first (two names for its three bands are the outer ones), and code that
// slices Python's way indexes Python's way and says "flat" and "long" for its position (reading/code/loops.ts). Each
// must be read from the code itself (`code: true`), not guessed from its words.
const cases: Array<[string, string, string, Record<string, number>]> = [
  [
    "BBANDS destructured by position into names of no meaning",
    "a, b, c = talib.BBANDS(close, timeperiod=25, nbdevup=2, nbdevdn=2)\nentries = (close < c) & (close.shift(1) >= c.shift(1))\nexits = (close > a) & (close.shift(1) <= a.shift(1))",
    "bollinger_bands",
    { window: 25, k: 2 },
  ],
  [
    "a squeeze on BBANDS' bands with positional periods",
    "bu, bm, bl = talib.BBANDS(px, 40, 1.5, 1.5)\nwidth = bu - bl\nsq = width.shift(1) <= 1.1 * width.rolling(200).min()\nentries = sq & (px > bu) & (px.shift(1) <= bu.shift(1))\nexits = (px < bm) & (px.shift(1) >= bm.shift(1))",
    "bollinger_squeeze",
    { window: 40, k: 1.5, lookback: 200 },
  ],
  [
    "two names for three bands are the outer ones",
    "b1, b2 = bbands(close, 15, 2.5)\nentries = crossunder(close, b2)\nexits = crossover(close, b1)",
    "bollinger_bands",
    { window: 15, k: 2.5 },
  ],
  [
    "numpy statistics of the last rows, px[-1] as this bar, flat/long as the position",
    "on each bar:\n    m = np.mean(px[-30:]); s = np.std(px[-30:])\n    z = (px[-1] - m) / s\n    if flat and z < -2: buy\n    if long and z > 0.5: sell",
    "zscore_reversion",
    { window: 30, entry_z: 2, exit_z: 0.5 },
  ],
  [
    "a channel of the rows before the last",
    "hi = max(close[-21:-1])\nlo = min(close[-11:-1])\nif flat and close[-1] > hi: buy\nif long and close[-1] < lo: sell",
    "donchian_breakout",
    { window: 20, exit_window: 10 },
  ],
];

describe("resolver: code read by its library's conventions", () => {
  for (const [what, text, rule, params] of cases)
    it(`${what} → ${rule} ${JSON.stringify(params)}`, () => {
      expect(readRule(text)).toMatchObject({ kind: "rule", name: rule, params, code: true });
    });

  it("a variable named `long` that the code defines is a condition, not the position", () => {
    const text =
      "long = close > sma(close, 50)\nif long and rsi(close, 2) < 5: buy\nif close > sma(close, 5): sell";
    expect(readRule(text)).toMatchObject({
      kind: "rule",
      name: "connors_rsi_pullback",
      params: { window: 2, lower: 5, trend: 50, exit_ma: 5 },
      code: true,
    });
  });
});
