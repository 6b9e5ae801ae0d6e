import { describe, expect, it } from "vitest";
import { findSymbols } from "../src/resolver/symbols.ts";
import { ruleOf } from "./resolver-helpers.ts";

// Code in dialects and idioms the other code tests do not cover, in snippets written for this test (none is in a
// phrase set): element-wise operators and rolling functions of Julia, MATLAB and R, a REPL's prompts, tuple
// assignment and destructuring by name, bands built by hand and compared as levels, a frame's ticker column of a
// computed frame, and packages the code loads, which are not tickers.
describe("resolver: array-language and hand-built idioms in code", () => {
  const cases: Array<[string, string, string, Record<string, number>]> = [
    [
      "Julia REPL, broadcast crossing of two EMAs with lag()",
      "julia> fast = ema(cl, n=15)\njulia> slow = ema(cl, n=60)\njulia> enter = (fast .> slow) .& (lag(fast) .<= lag(slow))\njulia> leave = (fast .< slow) .& (lag(fast) .>= lag(slow))",
      "ema_crossover",
      { fast: 15, slow: 60 },
    ],
    [
      "MATLAB movmean/movstd z-score with element-wise division",
      "zs = (px - movmean(px, 40)) ./ movstd(px, 40);\nbuy = zs < -1.75;\nsell = zs > 0.25;",
      "zscore_reversion",
      { window: 40, entry_z: 1.75, exit_z: 0.25 },
    ],
    [
      "R TTR runMean/runSD z-score",
      "z <- (p - runMean(p, n = 35)) / runSD(p, n = 35)\nentry <- z < -2.25\nexit <- z > 0",
      "zscore_reversion",
      { window: 35, entry_z: 2.25, exit_z: 0 },
    ],
    [
      "Julia rolling SMAs compared element-wise as a held state",
      "using RollingFunctions\nfast = rollmean(prices, 25)\nslow = rollmean(prices, 120)\nin_market = fast .> slow",
      "sma_crossover",
      { fast: 25, slow: 120 },
    ],
    [
      "Python prompt lines with a talib RSI",
      ">>> r = talib.RSI(close, timeperiod=6)\n>>> entries = (r < 12) & (r.shift(1) >= 12)\n>>> exits = (r > 85) & (r.shift(1) <= 85)",
      "rsi_mean_reversion",
      { window: 6, lower: 12, upper: 85 },
    ],
    [
      "R zoo rollapply with mean and sd, assigned with <- and no semicolons",
      "library(zoo)\nmu <- rollapply(p, 45, mean, align = 'right')\nsg <- rollapply(p, 45, sd, align = 'right')\nz <- (p - mu) / sg\nentry <- z < -1.5\nexit <- z > 0.5",
      "zscore_reversion",
      { window: 45, entry_z: 1.5, exit_z: 0.5 },
    ],
    [
      "R zoo right-aligned channel with rollmaxr and rollapplyr(…, min)",
      "up <- rollmaxr(Cl(XLK), 35)\ndn <- rollapplyr(Cl(XLK), 12, min)\nbuy <- Cl(XLK) > lag(up)\nsell <- Cl(XLK) < lag(dn)",
      "donchian_breakout",
      { window: 35, exit_window: 12 },
    ],
    [
      "MATLAB movavg with the exponential kind named by a string",
      "a = movavg(p, 'exponential', 9);\nb = movavg(p, 'exponential', 30);\nsignal = a > b;",
      "ema_crossover",
      { fast: 9, slow: 30 },
    ],
    [
      "pandas ewm by centre of mass and by alpha (span = 2·com + 1, 2/alpha − 1)",
      "f = df.close.ewm(com=7).mean()\ns = df.close.ewm(alpha=2/51).mean()\nentries = (f > s) & (f.shift(1) <= s.shift(1))\nexits = (f < s) & (f.shift(1) >= s.shift(1))",
      "ema_crossover",
      { fast: 15, slow: 50 },
    ],
  ];
  for (const [what, text, rule, params] of cases)
    it(`${what} → ${rule} ${JSON.stringify(params)}`, () => {
      expect(ruleOf(text)).toMatchObject({ name: rule, params });
    });
});

describe("resolver: tuple assignment and destructuring by name", () => {
  it("class attributes assigned as a tuple keep each number (`n, k = 30, 1.5`)", () => {
    const text =
      "class Bands(Strategy):\n    n, k = 30, 1.5\n    def init(self):\n        self.upper, self.lower = self.I(BBANDS, self.data.Close, self.n, self.k)\n    def next(self):\n        if crossover(self.lower, self.data.Close):\n            self.buy()\n        elif crossover(self.data.Close, self.upper):\n            self.position.close()";
    expect(ruleOf(text)).toMatchObject({ name: "bollinger_bands", params: { window: 30, k: 1.5 } });
  });
  it.each([
    ["Bollinger reversion on XLV, window, k = 35, 2.5", "bollinger_bands", { window: 35, k: 2.5 }],
    ["ema crossover with (fast, slow) = (8, 34) on QQQ", "ema_crossover", { fast: 8, slow: 34 }],
    [
      "zscore reversion; window, entry_z, exit_z = 40, 1.75, 0.25",
      "zscore_reversion",
      { window: 40, entry_z: 1.75, exit_z: 0.25 },
    ],
  ] as const)("a tuple assignment in a spec: %s", (text, rule, params) => {
    expect(ruleOf(text)).toMatchObject({ name: rule, params });
  });
  it("bands destructured as (upper, lower) take the parts by name, not by position", () => {
    const text =
      "upper, lower = bbands(close, 15, 2.5)\nentries = crossed_below(close, lower)\nexits = crossed_above(close, upper)";
    expect(ruleOf(text)).toMatchObject({ name: "bollinger_bands", params: { window: 15, k: 2.5 } });
  });
});

describe("resolver: bands built by hand and compared as levels", () => {
  it("zipline-style mean ± k·std with .iloc[-1] as this bar and a held flag in the guard", () => {
    const text =
      "def handle_data(context, data):\n    s = data.history(context.asset, 'price', 100, '1d')\n    avg = s.rolling(35).mean()\n    dev = s.rolling(35).std()\n    hi, lo = avg + 1.5*dev, avg - 1.5*dev\n    last = s.iloc[-1]\n    if last < lo.iloc[-1] and not context.in_position:\n        order_target_percent(context.asset, 1)\n    elif last > hi.iloc[-1] and context.in_position:\n        order_target_percent(context.asset, 0)";
    expect(ruleOf(text)).toMatchObject({ name: "bollinger_bands", params: { window: 35, k: 1.5 } });
  });
  it("pandas bands compared with the close as levels, the flag first in the guard", () => {
    const text =
      "mid = df.close.rolling(45).mean()\nsd = df.close.rolling(45).std()\nif not invested and df.close.iloc[-1] < (mid - 2.5 * sd).iloc[-1]: buy()\nelif invested and df.close.iloc[-1] > (mid + 2.5 * sd).iloc[-1]: sell()";
    expect(ruleOf(text)).toMatchObject({ name: "bollinger_bands", params: { window: 45, k: 2.5 } });
  });
  it("an order sized with a nested call is still all-in or nothing", () => {
    const text =
      "m = px.rolling(20).mean(); v = px.rolling(20).std()\nif px.iloc[-1] < (m - 2*v).iloc[-1]:\n    order_target_percent(sid(24), 1.0)\nelif px.iloc[-1] > (m + 2*v).iloc[-1]:\n    order_target_percent(sid(24), 0.0)";
    expect(ruleOf(text)).toMatchObject({ name: "bollinger_bands", params: { window: 20, k: 2 } });
  });
  it("a share of the account passed beside a nested call is sizing, refused", () => {
    const text =
      "if px.iloc[-1] < lower.iloc[-1]:\n    order_target_percent(symbol('XLE'), 0.4)\nelif px.iloc[-1] > upper.iloc[-1]:\n    order_target_percent(symbol('XLE'), 0)";
    expect(ruleOf(text)).toMatchObject({ kind: "unsupported" });
  });
});

describe("resolver: a ticker's column of a frame computed from every close", () => {
  it("pct_change over the frame, then each ticker's column, reads as dual momentum", () => {
    const text =
      "mom = closes.pct_change(189)\nhold_qqq = (mom['QQQ'] > 0) & (mom['QQQ'] > mom['TLT'])\nhold_tlt = (mom['TLT'] > 0) & (mom['TLT'] > mom['QQQ'])";
    expect(ruleOf(text)).toMatchObject({ name: "dual_momentum", params: { lookback: 189 } });
  });
  it("a frame's returns by attribute (`ret.EFA`) too", () => {
    const text = "ret = px.pct_change(63)\nin_efa = (ret.EFA > 0) & (ret.EFA > ret.AGG)";
    expect(ruleOf(text)).toMatchObject({ name: "dual_momentum", params: { lookback: 63 } });
  });
});

describe("resolver: packages the code loads are not tickers", () => {
  it.each([
    ["library(PerformanceAnalytics)\nlibrary(TTR)\nx <- RSI(Cl(GLD), n = 7)", ["GLD"]],
    ['require("TTR"); getSymbols("XLU")', ["XLU"]],
    ["julia> using MarketData, TSFrames\njulia> px = cl(AAPL)", ["AAPL"]],
    ["import QQQ_tools as qt\nsig = qt.cross(SPY)", ["SPY"]],
  ])("%s", (text, symbols) => {
    expect(findSymbols(text)).toEqual(symbols);
  });
});
