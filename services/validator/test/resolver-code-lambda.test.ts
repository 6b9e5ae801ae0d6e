import { describe, expect, it } from "vitest";
import { ruleOf } from "./resolver-helpers.ts";

/**
 * backtesting.py builds indicators as `self.I(lambda x: <body>, series)` from the class's own attributes (`n = 30`
 * read back as `self.n`): the body is the indicator, its parameter the series handed to it.
 */
describe("backtesting.py indicators written as lambdas over class attributes", () => {
  it("bands built from rolling mean and std keep the class's window and width", () => {
    expect(
      ruleOf(
        "class Bands(Strategy):\n    n = 25\n    k = 1.5\n    def init(self):\n        c = self.data.Close\n        self.lo = self.I(lambda s: pd.Series(s).rolling(self.n).mean() - self.k * pd.Series(s).rolling(self.n).std(), c)\n        self.hi = self.I(lambda s: pd.Series(s).rolling(self.n).mean() + self.k * pd.Series(s).rolling(self.n).std(), c)\n    def next(self):\n        if crossover(self.lo, self.data.Close):\n            self.buy()\n        elif crossover(self.data.Close, self.hi):\n            self.position.close()",
      ),
    ).toEqual({ name: "bollinger_bands", params: { window: 25, k: 1.5 } });
  });

  it("two rolling means over the close handed in directly", () => {
    expect(
      ruleOf(
        "class Cross(Strategy):\n    fast = 12\n    slow = 48\n    def init(self):\n        self.f = self.I(lambda v: pd.Series(v).rolling(self.fast).mean(), self.data.Close)\n        self.s = self.I(lambda v: pd.Series(v).rolling(self.slow).mean(), self.data.Close)\n    def next(self):\n        if crossover(self.f, self.s):\n            self.buy()\n        elif crossover(self.s, self.f):\n            self.position.close()",
      ),
    ).toEqual({ name: "sma_crossover", params: { fast: 12, slow: 48 } });
  });
});
