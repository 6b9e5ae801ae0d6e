import { describe, expect, it } from "vitest";
import { findSymbols } from "../src/resolver/symbols.ts";
import { firstOf } from "./resolver-helpers.ts";

/**
 * Code read by kind (issue 14): spreadsheet formulas read for their own row, signal columns of nested conditionals,
 * dual momentum over a list of tickers, and a comment that names a variable's ticker. Phrasings of our own, other
 * tickers, numbers and word orders than the held-out sets' misses.
 */
describe("spreadsheet formulas are read for the row they are filled down from", () => {
  it("MAX and MIN over the rows before this one are the channel of the bars before it", async () => {
    expect(
      await firstOf(
        'GLD closes in column B. In C60, copied down: =IF(B60<MIN(B31:B59),"sell",IF(B60>MAX(B5:B59),"buy",""))',
      ),
    ).toMatchObject({
      name: "donchian_breakout",
      params: { window: 55, exit_window: 29 },
      symbols: ["GLD"],
    });
    expect(
      await firstOf(
        'Sheet: column A dates, column B SPY closes. D101: =IF(B101>MAX(B46:B100),1,IF(B101<MIN(B81:B100),0,""))',
      ),
    ).toMatchObject({
      name: "donchian_breakout",
      params: { window: 55, exit_window: 20 },
      symbols: ["SPY"],
    });
    // Absolute references ($B$…) and lower case read the same.
    expect(
      await firstOf(
        'qqq closes are in col b; e.g. in c81: =if(b81>max(b$51:b80),"BUY",if(b81<min(b$71:b80),"SELL",""))',
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 30, exit_window: 10 } });
  });

  it("a z-score column named in the note's words is a series its comparisons read", async () => {
    expect(
      await firstOf(
        "column B = TLT closes. in E30, filled down: =(B30-AVERAGE(B11:B30))/STDEV(B11:B30). Buy when column E falls under -2, sell when it rises above 0.5",
      ),
    ).toMatchObject({
      name: "zscore_reversion",
      params: { window: 20, entry_z: 2, exit_z: 0.5 },
      symbols: ["TLT"],
    });
    expect(
      await firstOf(
        "Closes of XLU in column C. Column D from row 21: =(C21-AVERAGE(OFFSET(C21,-19,0,20)))/STDEV(OFFSET(C21,-19,0,20)); go long when column D is below -1.5 and flat when column D is above 0",
      ),
    ).toMatchObject({
      name: "zscore_reversion",
      params: { window: 20, entry_z: 1.5, exit_z: 0 },
      symbols: ["XLU"],
    });
  });

  it("a formula column read by another formula, and a return told by two cells", async () => {
    expect(
      await firstOf(
        "B holds QQQ closes; C51: =AVERAGE(B2:B51), D51: =IF(B51>C51,1,0) filled down, 1 = long, 0 = cash",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 50 }, symbols: ["QQQ"] });
    expect(
      await firstOf("=IF(C127/C1-1>0,1,0) in D127, column C holds EEM closes, 1 is invested and 0 is cash"),
    ).toMatchObject({ name: "ts_momentum", params: { lookback: 126 }, symbols: ["EEM"] });
  });

  it("AND, OR and NOT are operators, and the column's own previous cell keeps the position", async () => {
    expect(
      await firstOf(
        'closes of DIA in column B; D50, filled down: =IF(AND(AVERAGE(B41:B50)>AVERAGE(B1:B50),AVERAGE(B40:B49)<=AVERAGE(B0:B49)),"BUY",IF(AND(AVERAGE(B41:B50)<AVERAGE(B1:B50),AVERAGE(B40:B49)>=AVERAGE(B0:B49)),"SELL",""))',
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 10, slow: 50 }, symbols: ["DIA"] });
    expect(
      await firstOf(
        'Sheet with XLK closes in column B, =IF(NOT(B30<AVERAGE(B11:B30)),"long","cash") from row 30',
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 20 }, symbols: ["XLK"] });
    expect(
      await firstOf("B = IWM closes. C60: =IF(B60>MAX(B5:B59),1,IF(B60<MIN(B31:B59),0,C59))"),
    ).toMatchObject({
      name: "donchian_breakout",
      params: { window: 55, exit_window: 29 },
      symbols: ["IWM"],
    });
  });

  it("semicolons between arguments, STANDARDIZE, and the column's letter compared in the words", async () => {
    expect(
      await firstOf(
        'Column B holds IWM closes. In C25: =IF(B25>MAX(B5:B24);"buy";IF(B25<MIN(B15:B24);"sell";""))',
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 20, exit_window: 10 }, symbols: ["IWM"] });
    expect(
      await firstOf(
        "XLF closes in column B; C21 onward: =STANDARDIZE(B21;AVERAGE(B2:B21);STDEV(B2:B21)). Buy when C drops below -1.5, sell when C rises above 0",
      ),
    ).toMatchObject({
      name: "zscore_reversion",
      params: { window: 20, entry_z: 1.5, exit_z: 0 },
      symbols: ["XLF"],
    });
  });

  it("two formula columns crossed in the words, rows said after the formula, a cell named before its '='", async () => {
    expect(
      await firstOf(
        "Google sheet: col B closing prices for XLE. col C: =AVERAGE(B2:B11) starting row 11, col D: =AVERAGE(B2:B31) starting row 31. Buy when C crosses above D, sell when C crosses below D.",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 10, slow: 30 }, symbols: ["XLE"] });
    expect(
      await firstOf('spreadsheet with SPY closes in column B: signal in C253 =IF(B253>B1,"IN","OUT")'),
    ).toMatchObject({ name: "ts_momentum", params: { lookback: 252 }, symbols: ["SPY"] });
    // An order told with a level and no subject, beside one formula column, is about that column.
    expect(
      await firstOf(
        "Column B = QQQ. In C15: =(B15-AVERAGE(B2:B15))/STDEV.P(B2:B15) ; long below -2, exit above 0",
      ),
    ).toMatchObject({
      name: "zscore_reversion",
      params: { window: 14, entry_z: 2, exit_z: 0 },
      symbols: ["QQQ"],
    });
  });

  it("a note's own words before the '=', a column said as 'in C', the one formula column called 'the z-score'", async () => {
    expect(
      await firstOf(
        "B: EWJ closes. C101 (filled down) =B101>AVERAGE(B2:B101) ; TRUE means hold, FALSE means cash",
      ),
    ).toMatchObject({ name: "price_above_sma", params: { window: 100 }, symbols: ["EWJ"] });
    expect(
      await firstOf(
        'In my sheet, closes of SLV are in column B and in C I have =IF(B22>MAX(B2:B21),"BUY",IF(B22<MIN(B12:B21),"SELL",C21)) from row 22 down',
      ),
    ).toMatchObject({ name: "donchian_breakout", params: { window: 20, exit_window: 10 }, symbols: ["SLV"] });
    expect(
      await firstOf(
        "IWM daily closes in B. Z-score in C from row 21: =(B21-AVERAGE(B2:B21))/STDEV(B2:B21). I buy when the z-score is below -2 and sell when it is back above zero.",
      ),
    ).toMatchObject({
      name: "zscore_reversion",
      params: { window: 20, entry_z: 2, exit_z: 0 },
      symbols: ["IWM"],
    });
    expect(await firstOf("closes in B (XLV), =IF(B127>B1,1,0) in C127 -> 1 long, 0 cash")).toMatchObject({
      name: "ts_momentum",
      params: { lookback: 126 },
      symbols: ["XLV"],
    });
  });

  it("a formula whose rule is none of the library's is refused as read, not read by its cells' numbers", async () => {
    const r = await firstOf(
      "Column B: SPY closes. In C202, copied down: =IF(AND(B202>AVERAGE(B3:B202),B202>B139),1,0)",
    );
    expect(r.refused).toBe(true);
  });

  it("cells, functions in capitals and R's NA are not tickers", () => {
    expect(findSymbols('=IF(COUNT(B2:B11)=10, ROUND(STDEV.S(B2:B11), 2), "") for GLD')).toEqual(["GLD"]);
    expect(
      findSymbols("Column C holds daily XLE closes; in D300, filled down: =IF(C300>MAX(C260:C299),1,0)"),
    ).toEqual(["XLE"]);
    expect(findSymbols("sig <- ifelse(r < 30, 1, ifelse(r > 70, 0, NA)) on SPY")).toEqual(["SPY"]);
  });

  it("a symbol named only as a filter the text leaves out is not traded", () => {
    expect(findSymbols("Connors' RSI(2) on SPY minus the VIX filter")).toEqual(["SPY"]);
    expect(findSymbols("trade QQQ 50/200 golden cross without the SPY trend filter")).toEqual(["QQQ"]);
    expect(findSymbols("golden cross on SPY with the VIX filter")).toEqual(["SPY", "VIX"]);
  });
});

describe("a signal column of nested conditionals is an entry and an exit", () => {
  it("R ifelse with NA, numpy where with nan, np.select with a nan default", async () => {
    expect(
      await firstOf(
        "library(TTR)\nx <- Cl(QQQ)\ns <- ifelse(SMA(x, 20) > SMA(x, 100), 1, ifelse(SMA(x, 20) < SMA(x, 100), 0, NA))\npos <- na.locf(s)",
      ),
    ).toMatchObject({ name: "sma_crossover", params: { fast: 20, slow: 100 }, symbols: ["QQQ"] });
    expect(
      await firstOf(
        "sig = np.where(rsi < 25, 1, np.where(rsi > 70, 0, np.nan))  # rsi = ta.RSI(close, 7), on XLF\nposition = pd.Series(sig).ffill()",
      ),
    ).toMatchObject({
      name: "rsi_mean_reversion",
      params: { window: 7, lower: 25, upper: 70 },
      symbols: ["XLF"],
    });
    expect(
      await firstOf(
        "rsi = ta.RSI(close, 9)\nsig = np.select([rsi < 20, rsi > 80], [1, 0], default=np.nan)\npos = pd.Series(sig).ffill().shift(1)",
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 9, lower: 20, upper: 80 } });
  });
});

describe("signals written as conditional expressions", () => {
  it("Pine's ternary, Python's `a if c else b` in a comprehension or a lambda", async () => {
    expect(
      await firstOf(
        '//@version=5\nstrategy("x")\nf = ta.ema(close, 12)\ns = ta.ema(close, 30)\nsig = ta.crossover(f, s) ? 1 : ta.crossunder(f, s) ? 0 : nz(sig[1])\n// TLT',
      ),
    ).toMatchObject({ name: "ema_crossover", params: { fast: 12, slow: 30 }, symbols: ["TLT"] });
    expect(
      await firstOf(
        'df["rsi"] = ta.rsi(df.close, 4)\ndf["sig"] = df.rsi.apply(lambda r: 1 if r < 15 else (0 if r > 60 else np.nan))\ndf["pos"] = df.sig.ffill()',
      ),
    ).toMatchObject({ name: "rsi_mean_reversion", params: { window: 4, lower: 15, upper: 60 } });
    expect(
      await firstOf(
        "z = (close - close.rolling(40).mean()) / close.rolling(40).std()\nsignal = [1 if v < -2 else (0 if v > 0 else None) for v in z]\n# on HYG",
      ),
    ).toMatchObject({
      name: "zscore_reversion",
      params: { window: 40, entry_z: 2, exit_z: 0 },
      symbols: ["HYG"],
    });
  });
});

describe("dual momentum written as code over a list of tickers", () => {
  it("the strongest return held while positive, cash otherwise", async () => {
    expect(
      await firstOf(
        "px = prices[['SPY', 'EFA']]\nmom = px.pct_change(252).iloc[-1]\npick = mom.idxmax()\nposition = pick if mom[pick] > 0 else 'cash'",
      ),
    ).toMatchObject({ name: "dual_momentum", params: { lookback: 252 }, symbols: ["SPY", "EFA"] });
    expect(
      await firstOf(
        "lookback = 126\nret = data[['QQQ', 'TLT']].pct_change(lookback).iloc[-1]\nwinner = ret.idxmax()\nhold = winner if ret.max() > 0 else None",
      ),
    ).toMatchObject({ name: "dual_momentum", params: { lookback: 126 }, symbols: ["QQQ", "TLT"] });
    expect(
      await firstOf(
        "r <- ROC(Cl(merge(SPY, EFA)), n = 126)\nbest <- which.max(last(r))\nhold <- if (last(r)[best] > 0) names(r)[best] else 'cash'",
      ),
    ).toMatchObject({ name: "dual_momentum", params: { lookback: 126 }, symbols: ["SPY", "EFA"] });
    expect(
      await firstOf(
        'r <- ROC(prices[, c("VTI", "VEU")], n = 189)\nbest <- names(which.max(tail(r, 1)))\nif (max(tail(r, 1)) > 0) hold(best) else hold("cash")',
      ),
    ).toMatchObject({ name: "dual_momentum", params: { lookback: 189 }, symbols: ["VTI", "VEU"] });
  });

  it("the strongest held whatever its sign is relative momentum alone, not dual momentum", async () => {
    const r = await firstOf("ret = px[['IWM', 'SPY']].pct_change(63).iloc[-1]\nhold = ret.idxmax()");
    expect(r.name).not.toBe("dual_momentum");
  });
});

describe("a comment naming a variable by its ticker", () => {
  it("makes a loop's fit over the variables the hedge window and the z-score's the window", async () => {
    expect(
      await firstOf(
        "# y: GDX, x: GLD\nfor i in range(60, len(y)):\n    h[i] = np.polyfit(np.log(x[i-60:i]), np.log(y[i-60:i]), 1)[0]\ns = np.log(y) - h * np.log(x)\nz = (s - s.rolling(15).mean()) / s.rolling(15).std()\nentries = z < -2\nexits = z > 0",
      ),
    ).toMatchObject({
      name: "pairs_zscore_fitted",
      params: { window: 15, hedge_window: 60, entry_z: 2, exit_z: 0 },
      symbols: ["GDX", "GLD"],
    });
    expect(
      await firstOf(
        "# a = KO, b = PEP\nfor i in range(90, len(a)):\n    hedge[i] = np.polyfit(np.log(b[i-90:i]), np.log(a[i-90:i]), 1)[0]\ns = np.log(a) - hedge * np.log(b)\nz = (s - s.rolling(30).mean()) / s.rolling(30).std()\nentries = z < -2.5\nexits = z > 0",
      ),
    ).toMatchObject({
      name: "pairs_zscore_fitted",
      params: { window: 30, hedge_window: 90, entry_z: 2.5, exit_z: 0 },
      symbols: ["KO", "PEP"],
    });
    expect(
      await firstOf(
        "# y = XLE, x = XOP\nfor t in range(250, len(y)):\n    b[t] = sm.OLS(np.log(y[t-250:t]), sm.add_constant(np.log(x[t-250:t]))).fit().params[1]\nspr = np.log(y) - b * np.log(x)\nz = (spr - spr.rolling(20).mean()) / spr.rolling(20).std()\nbuy = z < -1.5\nsell = z > 0.5",
      ),
    ).toMatchObject({
      name: "pairs_zscore_fitted",
      params: { window: 20, hedge_window: 250, entry_z: 1.5, exit_z: 0.5 },
    });
  });
});

describe("positions scaled by volatility in code are sizing, refused", () => {
  it("1 / vol weights, a volatility target, a spreadsheet's 0.1/STDEV", async () => {
    for (const text of [
      "inv_vol = 1 / returns.rolling(20).std()\nweights = inv_vol / inv_vol.sum()\n# SPY, IEF",
      "target_vol = 0.10\nlev = target_vol / (ret.rolling(60).std() * np.sqrt(252))\npos = (close > close.rolling(200).mean()) * lev  # SPY",
      "=IF(B201>AVERAGE(B2:B201),0.1/STDEV(B182:B201),0)   (column B: SPY)",
    ])
      expect((await firstOf(text)).refused).toBe(true);
  });
});
