import { describe, expect, it } from "vitest";
import { isRuleRequest, strategyRequestSchema } from "./backtest.ts";

const paths = (value: unknown) => {
  const r = strategyRequestSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
};

describe("strategy request: a template or a rule", () => {
  it("accepts a template and a rule with a grid; tells them apart", () => {
    const t = strategyRequestSchema.parse({ name: "macd", params: { fast: 12, slow: 26, signal: 9 } });
    const r = strategyRequestSchema.parse({
      entry: "close > sma({n})",
      exit: "close < sma({n})",
      grid: { n: [50, 200] },
    });
    expect(isRuleRequest(t)).toBe(false);
    expect(isRuleRequest(r)).toBe(true);
    expect(
      strategyRequestSchema.parse({ name: "rule", entry: "true", exit: "false", label: "buy_and_hold" })
        .label,
    ).toBe("buy_and_hold");
  });

  it.each([
    ["unknown template", { name: "astrology" }, "name"],
    ["nothing", {}, "name"],
    ["entry without exit", { entry: "close > 1" }, "exit"],
    ["exit without entry", { exit: "close > 1" }, "entry"],
    ["name rule without conditions", { name: "rule" }, "entry"],
    ["a template name with conditions", { name: "macd", entry: "a", exit: "b" }, "name"],
    ["label without a rule", { name: "macd", label: "x" }, "label"],
    ["empty entry", { entry: "", exit: "close < 1" }, "entry"],
    ["oversized rule", { entry: "x".repeat(2001), exit: "close < 1" }, "entry"],
    ["unknown field", { name: "macd", when: "now" }, ""],
  ])("%s is refused at its field", (_label, value, path) => {
    expect(paths(value)).toContain(path);
  });
});
