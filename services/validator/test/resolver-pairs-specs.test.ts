import { describe, expect, it } from "vitest";
import { firstOf, ruleOf } from "./resolver-helpers.ts";

/**
 * Pairs rules whose hedge ratio is fitted, told the ways the fit's window gets lost: a spec sheet of "key: value"
 * lines where the fit's own line holds its window, a rolling beta told in prose ("the beta is re-estimated over a
 * trailing 90 days"), and pasted code whose second leg is a ticker spelt like a price field (`px['LOW']`, Lowe's).
 */
describe("a spec line labelled by the fit holds the hedge window", () => {
  it("the fit's window after a comma on its own line, the z-score's on the next", () => {
    expect(
      ruleOf(
        "legs: MA, V\nbeta: rolling OLS of log MA on log V, 180 days\nz-score window: 30\nentry: z < -2\nexit: z > 0",
      ),
    ).toEqual({
      name: "pairs_zscore_fitted",
      params: { window: 30, hedge_window: 180, entry_z: 2, exit_z: 0 },
    });
    expect(
      ruleOf(
        "pair: XLE vs XOP\nhedge: rolling regression beta, 220 bars\nspread z lookback: 40\nentry: z <= -2\nexit: z >= 0",
      ),
    ).toEqual({
      name: "pairs_zscore_fitted",
      params: { window: 40, hedge_window: 220, entry_z: 2, exit_z: 0 },
    });
  });

  it("the fit's line names its window after the method, whatever the z-score's line says", () => {
    expect(
      ruleOf(
        "pairs: GLD / GDX\nbeta: rolling regression of GLD on GDX over 90 days\nzscore lookback: 15\nbuy when z < -2, sell when z > 0",
      ),
    ).toEqual({
      name: "pairs_zscore_fitted",
      params: { window: 15, hedge_window: 90, entry_z: 2, exit_z: 0 },
    });
    expect(
      ruleOf("Pair XOM CVX. Hedge: rolling OLS, 6 months. Z window: 30 days. Entry z < -1.5, exit at 0"),
    ).toEqual({
      name: "pairs_zscore_fitted",
      params: { window: 30, hedge_window: 126, entry_z: 1.5, exit_z: 0 },
    });
    expect(
      ruleOf(
        "legs: KO, PEP\nhedge ratio: trailing OLS slope, 200 bars\nz window: 45\nentry: z < -2\nexit: z > 0.5",
      ),
    ).toEqual({
      name: "pairs_zscore_fitted",
      params: { window: 45, hedge_window: 200, entry_z: 2, exit_z: 0.5 },
    });
  });
});

describe("a rolling beta told in prose is a fitted hedge ratio", () => {
  it("re-estimated, recalculated or calculated rolling over a window", () => {
    expect(
      ruleOf(
        "trade KO and PEP as a pair; the hedge ratio is re-estimated over a trailing 90 days and I buy KO when the spread's 20-day z-score is under -2, out at 0",
      ),
    ).toEqual({
      name: "pairs_zscore_fitted",
      params: { window: 20, hedge_window: 90, entry_z: 2, exit_z: 0 },
    });
    expect(
      ruleOf(
        "pair GLD/GDX with a beta recalculated every day from the last 120 days, z score over 40 days, enter at -2 exit at 0",
      ),
    ).toEqual({
      name: "pairs_zscore_fitted",
      params: { window: 40, hedge_window: 120, entry_z: 2, exit_z: 0 },
    });
    expect(
      ruleOf(
        "Pairs on MA and V: beta computed rolling across 75 days, go long MA when the z-score of the spread over 25 days is below -1.8 and close at the mean",
      ),
    ).toEqual({
      name: "pairs_zscore_fitted",
      params: { window: 25, hedge_window: 75, entry_z: 1.8, exit_z: 0 },
    });
  });

  it("a stated beta stays a fixed hedge ratio", () => {
    expect(
      ruleOf("pair GLD/GDX with a beta of 1.2, z score over 40 days, enter at -2 exit at 0"),
    ).toMatchObject({
      name: "pairs_zscore",
    });
  });
});

describe("a ticker spelt like a price field, subscripted beside another ticker, is a symbol", () => {
  const code = (a: string, b: string) => `from statsmodels.regression.rolling import RollingOLS
${a}
beta = RollingOLS(y, sm.add_constant(x), window=150).fit().params.iloc[:, 1]
spread = y - beta * x
z = (spread - spread.rolling(35).mean()) / spread.rolling(35).std()
${b}`;
  it("Lowe's as px['LOW'] next to px['HD'], in tuples, on one line or with prose after", async () => {
    for (const text of [
      code("y = np.log(px['HD'])\nx = np.log(px['LOW'])", "entries = z < -2\nexits = z > 0"),
      code('y, x = np.log(closes["HD"]), np.log(closes["LOW"])', "go_long = z < -2\nexit_long = z > 0"),
      code("y = np.log(px['HD']); x = np.log(px['LOW'])", "buy HD when z < -2, exit when z > 0"),
    ])
      expect({ text, ...(await firstOf(text)) }).toEqual({
        text,
        refused: false,
        name: "pairs_zscore_fitted",
        params: { window: 35, hedge_window: 150, entry_z: 2, exit_z: 0 },
        symbols: ["HD", "LOW"],
      });
  });

  it("a frame of price fields alone keeps 'LOW' a field", async () => {
    const r = await firstOf(
      "df['MID'] = (df['HIGH'] + df['LOW']) / 2\nentries = df['CLOSE'] > df['MID'].rolling(20).mean()\nexits = df['CLOSE'] < df['MID'].rolling(20).mean()",
    );
    expect(r.symbols).not.toContain("LOW");
    expect(r.symbols).not.toContain("HIGH");
  });
});
