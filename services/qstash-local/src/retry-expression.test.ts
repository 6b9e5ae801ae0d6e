import { describe, expect, it } from "vitest";
import { compileRetryDelay, RetryExpressionError } from "./retry-expression.ts";

describe("retry-delay expressions", () => {
  it.each([
    ["1000", 0, 1000],
    ["1000 * (1 + retried)", 2, 3000],
    ["pow(2, retried) * 1000", 3, 8000],
    ["max(1000, pow(2, retried) * 100)", 1, 1000],
    ["min(5, 3, 9)", 0, 3],
    ["sqrt(16) + abs(-2) + floor(1.7) + ceil(1.2) + round(2.5)", 0, 12],
    ["exp(0) * 10", 0, 10],
    ["10000 * (1 + retried * (retried + 3) / 2)", 2, 60000],
    ["-retried + 10", 4, 6],
    ["2 ^ 3 ^ 2", 0, 512],
    ["7 % 4", 0, 3],
    ["1e3", 0, 1000],
  ])("%s with retried=%i is %d", (source, retried, want) => {
    expect(compileRetryDelay(source)(retried)).toBe(want);
  });

  it("clamps negative and non-finite results to 0", () => {
    expect(compileRetryDelay("0 - 5")(0)).toBe(0);
    expect(compileRetryDelay("1 / 0")(0)).toBe(0);
  });

  it.each([
    ["", "empty"],
    ["1000 +", "end"],
    ["process.exit(1)", 'unexpected character "."'],
    ["process", 'unknown name "process"'],
    ["__proto__(1)", 'unknown name "__proto__"'],
    ["constructor", 'unknown name "constructor"'],
    ["pow(2)", "pow() takes 2 to 2 arguments"],
    ["(1 + 2", 'expected ")"'],
    ["1 $ 2", 'unexpected character "$"'],
    ["retried retried", 'unexpected "retried"'],
    ["x".repeat(600), "longer than"],
  ])("rejects %j", (source, message) => {
    expect(() => compileRetryDelay(source)).toThrow(RetryExpressionError);
    expect(() => compileRetryDelay(source)).toThrow(message);
  });
});
