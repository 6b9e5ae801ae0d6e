import { describe, expect, it } from "vitest";
import { readRule } from "../src/resolver/reading/read-rule.ts";
import { resolveStrategy } from "../src/resolver/resolve.ts";

/**
 * Pairs code pasted from pandas notebooks that fits its hedge ratio over a rolling window (statsmodels RollingOLS,
 * rolling cov / var, OLS, np.polyfit or linregress over `y[i-n:i]` in a loop) and then takes the spread's z-score
 * over another window: the fitted pairs rule, hedge_window the fit's window and window the z-score's, traded on the
 * spread's first symbol whatever order the code names them in.
 */
async function pairOf(code: string) {
  const match = readRule(code);
  const resolved = await resolveStrategy(code);
  const leg = resolved.strategies[0];
  return {
    code: match?.kind === "rule" ? match.code : undefined,
    name: leg?.rule?.label,
    params: leg?.params,
    trade: leg?.rule?.trade,
    entry: leg?.text?.entry,
  };
}

describe("pandas pairs code with a fitted hedge ratio reads as pairs_zscore_fitted", () => {
  it("statsmodels RollingOLS with a constant, its slope picked by name or by column", async () => {
    expect(
      await pairOf(`import statsmodels.api as sm
from statsmodels.regression.rolling import RollingOLS
y = np.log(df["KO"])
x = sm.add_constant(np.log(df["PEP"]))
beta = RollingOLS(y, x, window=60).fit().params["PEP"]
spread = y - beta * np.log(df["PEP"])
z = (spread - spread.rolling(20).mean()) / spread.rolling(20).std()
entries = z < -2
exits = z > 0`),
    ).toEqual({
      code: true,
      name: "pairs_zscore_fitted",
      params: { window: 20, hedge_window: 60, entry_z: 2, exit_z: 0 },
      trade: "KO",
      entry: "zscore(log(close(KO)) - beta(log(close(KO)), log(close(PEP)), 60) * log(close(PEP)), 20) < -2",
    });
    expect(
      await pairOf(`LOOKBACK = 120
ko = np.log(prices["KO"])
pep = np.log(prices["PEP"])
model = RollingOLS(ko, sm.add_constant(pep), window=LOOKBACK).fit()
hedge_ratio = model.params.iloc[:, 1]
resid = ko - hedge_ratio * pep
zs = (resid - resid.rolling(40).mean()) / resid.rolling(40).std()
entries = zs < -2.5
exits = zs > -0.5`),
    ).toMatchObject({
      code: true,
      name: "pairs_zscore_fitted",
      params: { window: 40, hedge_window: 120, entry_z: 2.5, exit_z: -0.5 },
      trade: "KO",
    });
  });

  it("a rolling cov / var slope, the residual not called a spread", async () => {
    expect(
      await pairOf(`a = np.log(px["GLD"]); b = np.log(px["GDX"])
hr = a.rolling(120).cov(b) / b.rolling(120).var()
resid = a - hr * b
zz = (resid - resid.rolling(30).mean()) / resid.rolling(30).std()
long = zz < -1.5
flat = zz > 0`),
    ).toMatchObject({
      code: true,
      name: "pairs_zscore_fitted",
      params: { window: 30, hedge_window: 120, entry_z: 1.5, exit_z: 0 },
      trade: "GLD",
    });
  });

  it("a fit in a loop over the bars: np.polyfit, statsmodels OLS, scipy linregress", async () => {
    // polyfit(x, y) names PEP first; the spread is KO's, so KO is traded.
    const polyfit = await pairOf(`hedge = []
for i in range(90, len(df)):
    slope, intercept = np.polyfit(np.log(df.PEP[i-90:i]), np.log(df.KO[i-90:i]), 1)
    hedge.append(slope)
df["hedge"] = pd.Series(hedge, index=df.index[90:])
df["spread"] = np.log(df.KO) - df["hedge"] * np.log(df.PEP)
df["z"] = (df.spread - df.spread.rolling(20).mean()) / df.spread.rolling(20).std()
buy = df.z < -2
sell = df.z >= 0`);
    expect(polyfit).toMatchObject({
      code: true,
      name: "pairs_zscore_fitted",
      params: { window: 20, hedge_window: 90, entry_z: 2, exit_z: 0 },
      trade: "KO",
    });
    expect(polyfit.entry).toContain("beta(log(close(KO)), log(close(PEP)), 90)");
    // No word of pairs or spreads in it: read from the words alone, this was a one-symbol z-score.
    expect(
      await pairOf(`hedge = []
for i in range(90, len(df)):
    slope, intercept = np.polyfit(np.log(df.PEP[i-90:i]), np.log(df.KO[i-90:i]), 1)
    hedge.append(slope)
resid = np.log(df.KO) - pd.Series(hedge) * np.log(df.PEP)
z = (resid - resid.rolling(20).mean()) / resid.rolling(20).std()
entries = z < -2
exits = z > 0`),
    ).toMatchObject({
      code: true,
      name: "pairs_zscore_fitted",
      params: { window: 20, hedge_window: 90, entry_z: 2, exit_z: 0 },
      trade: "KO",
    });
    expect(
      await pairOf(`betas = pd.Series(index=df.index, dtype=float)
for t in range(60, len(df)):
    X = sm.add_constant(np.log(df["EWC"].iloc[t-60:t]))
    res = sm.OLS(np.log(df["EWA"].iloc[t-60:t]), X).fit()
    betas.iloc[t] = res.params[1]
spread = np.log(df["EWA"]) - betas * np.log(df["EWC"])
z = (spread - spread.rolling(15).mean()) / spread.rolling(15).std()
long_entry = z < -2
long_exit = z > 0`),
    ).toMatchObject({
      code: true,
      name: "pairs_zscore_fitted",
      params: { window: 15, hedge_window: 60, entry_z: 2, exit_z: 0 },
      trade: "EWA",
    });
    expect(
      await pairOf(`from scipy.stats import linregress
for i in range(250, len(df)):
    fit = linregress(np.log(df.XLE[i-249:i+1]), np.log(df.XOM[i-249:i+1]))
    df.loc[df.index[i], "beta"] = fit.slope
df["spread"] = np.log(df.XOM) - df["beta"] * np.log(df.XLE)
m = df.spread.rolling(50).mean()
s = df.spread.rolling(50).std()
df["z"] = (df.spread - m) / s
buy = df.z < -1.5
sell = df.z > 0.5`),
    ).toMatchObject({
      code: true,
      name: "pairs_zscore_fitted",
      params: { window: 50, hedge_window: 250, entry_z: 1.5, exit_z: 0.5 },
      trade: "XOM",
    });
  });

  it("a fit that is no rolling slope is not read as one", () => {
    // A quadratic fit, and two windows of different lengths: no beta(y, x, n) of the rule.
    for (const fit of [
      "np.polyfit(np.log(df.PEP[i-90:i]), np.log(df.KO[i-90:i]), 2)",
      "np.polyfit(np.log(df.PEP[i-60:i]), np.log(df.KO[i-90:i]), 1)",
    ]) {
      const code = `hedge = []
for i in range(90, len(df)):
    slope, intercept = ${fit}
    hedge.append(slope)
resid = np.log(df.KO) - pd.Series(hedge) * np.log(df.PEP)
z = (resid - resid.rolling(20).mean()) / resid.rolling(20).std()
entries = z < -2
exits = z > 0`;
      const m = readRule(code);
      expect(m?.kind === "rule" && m.code, fit).toBeFalsy();
    }
  });
});
