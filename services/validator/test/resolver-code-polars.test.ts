import { describe, expect, it } from "vitest";
import { ruleOf } from "./resolver-helpers.ts";

/**
 * polars code names its columns in `pl.col('…')` and defines them in `with_columns(name=…)`: the column read is the
 * indicator defined there, with its own window, and the levels compared with it are its thresholds.
 */
describe("polars columns defined by with_columns and read by pl.col", () => {
  it("an RSI column crossing its levels keeps its window and both levels", () => {
    expect(
      ruleOf(
        "df = df.with_columns(rsi=rsi(pl.col('close'), 9))\nentries = (pl.col('rsi') < 25) & (pl.col('rsi').shift(1) >= 25)\nexits = (pl.col('rsi') > 75) & (pl.col('rsi').shift(1) <= 75)",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 9, lower: 25, upper: 75 } });
  });

  it("a column of another name, plain comparisons", () => {
    expect(
      ruleOf(
        "frame = frame.with_columns(osc=rsi(pl.col('close'), 4))\nlong_entry = pl.col('osc') < 12\nlong_exit = pl.col('osc') > 60",
      ),
    ).toEqual({ name: "rsi_mean_reversion", params: { window: 4, lower: 12, upper: 60 } });
  });
});
