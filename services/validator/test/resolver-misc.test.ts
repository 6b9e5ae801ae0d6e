import { describe, expect, it } from "vitest";
import { ruleOf } from "./resolver-helpers.ts";

// Issue 14, fifth session: kinds of misreading found by earlier fixers, each fixed by kind and tested here in
// wordings of this file's own (none is a phrase of a committed set).

describe("one component replaced, the rest at their defaults", () => {
  it("'<component> X instead of the usual Y' sets that component and keeps the others' textbook values", () => {
    expect(ruleOf("MACD on IWM with signal 4 in place of the standard 9")).toEqual({
      name: "macd",
      params: { fast: 12, slow: 26, signal: 4 },
    });
    expect(ruleOf("run macd, slow line 39 rather than the default 26")).toEqual({
      name: "macd",
      params: { fast: 12, slow: 39, signal: 9 },
    });
    expect(ruleOf("macd on xlk but the signal line at 6, not the normal 9")).toEqual({
      name: "macd",
      params: { fast: 12, slow: 26, signal: 6 },
    });
    expect(ruleOf("MACD: fast ema 8 instead of the usual 12")).toEqual({
      name: "macd",
      params: { fast: 8, slow: 26, signal: 9 },
    });
  });

  it("a single number beside a MACD that names no component stays the textbook rule", () => {
    expect(ruleOf("macd crossover on dia")).toEqual({
      name: "macd",
      params: { fast: 12, slow: 26, signal: 9 },
    });
    expect(ruleOf("MACD 8 17 9 on qqq")).toEqual({ name: "macd", params: { fast: 8, slow: 17, signal: 9 } });
  });
});
