import { describe, expect, it } from "vitest";
import { configMonths } from "../src/resolver/reading/code/config.ts";
import { show } from "../src/rules/parse.ts";
import { ruleOf } from "./resolver-helpers.ts";

// Snippets written for this test (none is in a phrase set): a whole signal delayed one bar (R quantmod's `Lag`,
// pandas `.shift(1)`) is the signal the backtest trades on the next bar; R's `<-` assignment beside a comment in
// words is no comparison; and a configuration listing the months held or sat out is the season those months make.
describe("resolver: a position signal lagged one bar is the signal itself", () => {
  const cases: Array<[string, string, string, Record<string, number>]> = [
    [
      "R: SMA with n = and Lag(ifelse(…), 1)",
      'getSymbols("DIA")\navg <- SMA(Cl(DIA), n = 120)\nposition <- Lag(ifelse(Cl(DIA) > avg, 1, 0), 1)',
      "price_above_sma",
      { window: 120 },
    ],
    [
      "R: TTR runMean, the lagged regime",
      "m <- runMean(Cl(XLK), 150)\nregime <- Lag(ifelse(Cl(XLK) > m, 1, 0))",
      "price_above_sma",
      { window: 150 },
    ],
    [
      "R: two averages, the lagged state of the fast above the slow",
      "fast <- SMA(Cl(TLT), 15)\nslow <- SMA(Cl(TLT), 90)\nsig <- Lag(ifelse(fast > slow, 1, 0))",
      "sma_crossover",
      { fast: 15, slow: 90 },
    ],
    [
      "pandas: a boolean signal shifted one bar",
      "df['signal'] = (df['close'] > df['close'].rolling(80).mean()).shift(1)",
      "price_above_sma",
      { window: 80 },
    ],
  ];
  for (const [what, text, rule, params] of cases)
    it(`${what} → ${rule} ${JSON.stringify(params)}`, () => {
      expect(ruleOf(text)).toMatchObject({ name: rule, params });
    });
});

describe("resolver: R's arrow assigns, and the comment's conditions read the names it assigned", () => {
  const cases: Array<[string, string, string, Record<string, number>]> = [
    [
      "log spread of two closes, runMean / runSD, entry and exit in a comment",
      "s <- log(Cl(GLD)) - log(Cl(GDX))\nzz <- (s - runMean(s, 60)) / runSD(s, 60)\n# long GLD if zz < -2, flat once zz > 0",
      "pairs_zscore",
      { window: 60, entry_z: 2, exit_z: 0, hedge: 1 },
    ],
    [
      "the comment's entry and exit joined by 'and'",
      "ratio <- log(Cl(KO)) - log(Cl(PEP))\nscore <- (ratio - runMean(ratio, 20)) / runSD(ratio, 20)\n# enter when score < -1.5 and exit when score > 0",
      "pairs_zscore",
      { window: 20, entry_z: 1.5, exit_z: 0, hedge: 1 },
    ],
    [
      "one symbol's z-score, and `z <-2` in the comment is z below -2",
      "x <- Cl(SPY)\nz <- (x - runMean(x, 30)) / runSD(x, 30)\n# buy when z <-2, sell when z > 0.5",
      "zscore_reversion",
      { window: 30, entry_z: 2, exit_z: 0.5 },
    ],
  ];
  for (const [what, text, rule, params] of cases)
    it(`${what} → ${rule} ${JSON.stringify(params)}`, () => {
      expect(ruleOf(text)).toMatchObject({ name: rule, params });
    });
});

describe("resolver: a configuration listing the months held", () => {
  const cases: Array<[string, string, Record<string, number>]> = [
    [
      "JSON with the months invested",
      '{"strategy": "seasonal", "symbol": "SPY", "invested_months": [10, 11, 12, 1, 2, 3, 4]}',
      { start_month: 10, end_month: 4 },
    ],
    [
      "YAML with the months held by name",
      "rules:\n  hold_months: [Nov, Dec, Jan, Feb, Mar]\n  ticker: QQQ",
      { start_month: 11, end_month: 3 },
    ],
    [
      "only the months in cash: the rest of the year is held",
      "season:\n  cash_months: [6, 7, 8, 9]\n  asset: DIA",
      { start_month: 10, end_month: 5 },
    ],
    [
      "YAML's block lists, one month a line",
      "strategy:\n  symbol: EFA\n  months_held:\n    - 10\n    - 11\n    - 12\n    - 1\n    - 2\n    - 3\n  months_flat:\n    - 4\n    - 5\n    - 6\n    - 7\n    - 8\n    - 9",
      { start_month: 10, end_month: 3 },
    ],
    [
      "TOML with both sides, out first",
      "[calendar]\nmonths_out = [5, 6, 7, 8, 9]\nmonths_in = [10, 11, 12, 1, 2, 3, 4]",
      { start_month: 10, end_month: 4 },
    ],
  ];
  for (const [what, text, params] of cases)
    it(`${what} → sell_in_may ${JSON.stringify(params)}`, () => {
      expect(ruleOf(text)).toMatchObject({ name: "sell_in_may", params });
    });

  it("reads the held months as the season's condition", () => {
    expect(show(configMonths('"long_months": ["november", "december", "january"]')!)).toBe(
      "((month >= 11) or (month <= 1))",
    );
  });

  it("reads no season from lists that overlap, leave months unsaid, or name no month", () => {
    expect(configMonths("long_months: [11, 12, 1]\nflat_months: [1, 5, 6]")).toBeNull();
    expect(configMonths("long_months: [11, 12, 1]\nflat_months: [5, 6]")).toBeNull();
    expect(configMonths("hold_months: [3, 6, 9, 12]")).toBeNull();
    expect(configMonths("long_months: [13, 1]")).toBeNull();
    expect(configMonths("windows: [20, 50]")).toBeNull();
  });

  it("a short side's months are not read as the long-only season", () => {
    expect(configMonths("short_months: [5, 6, 7, 8, 9, 10]")).toBeNull();
  });
});
