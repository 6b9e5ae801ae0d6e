import { describe, expect, it } from "vitest";
import { table } from "./table.ts";

describe("table", () => {
  it("left-aligns the first column, right-aligns the others, three spaces apart (pnpm research's metrics)", () => {
    expect(
      table([
        ["", "strategy", "buy & hold"],
        ["total return", "197.0 %", "158.6 %"],
        ["trades", "10", "n/a"],
      ]),
    ).toBe(
      [
        "               strategy   buy & hold",
        "total return    197.0 %      158.6 %",
        "trades               10          n/a",
      ].join("\n"),
    );
  });

  it("leaves no trailing spaces where the last cells are empty (pnpm backtest's rows)", () => {
    expect(
      table([
        ["#", "fast", "note"],
        ["1", "10", ""],
      ]),
    ).toBe(["#   fast   note", "1     10"].join("\n"));
  });
});
