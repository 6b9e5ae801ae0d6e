import { describe, expect, it } from "vitest";
import { compileRule, RuleError } from "../src/rules/compile.ts";
import { parseRule, RuleSyntaxError, show } from "../src/rules/parse.ts";

const colOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RuleSyntaxError || error instanceof RuleError)
      return { col: error.col, msg: error.message };
    throw error;
  }
  throw new Error("no error");
};

describe("rule parser (Pratt)", () => {
  it("binds or < and < not < comparisons < + − < × ÷ < unary minus", () => {
    expect(show(parseRule("a or b and not c > 1 + 2 * -3"))).toBe("(a or (b and not (c > (1 + (2 * -3)))))");
    expect(show(parseRule("(a or b) and c"))).toBe("((a or b) and c)");
    expect(show(parseRule("1 - 2 - 3"))).toBe("((1 - 2) - 3)");
    expect(show(parseRule("close / sma(high, 20) >= 1.05"))).toBe("((close / sma(high, 20)) >= 1.05)");
    expect(show(parseRule("CLOSE > SMA({Fast})".replace("{Fast}", "{fast}")))).toBe("(close > sma({fast}))");
    expect(show(parseRule("crosses_above(sma({fast}), sma({slow}))"))).toBe(
      "crosses_above(sma({fast}), sma({slow}))",
    );
    expect(show(parseRule("x > 1e3"))).toBe("(x > 1000)");
  });

  const cases: Array<[string, number, RegExp]> = [
    ["close > ", 9, /expected a value but found the end of the rule/],
    ["close > sma(20", 15, /expected "," or "\)" in the arguments of sma/],
    ["close >> sma(20)", 8, /expected a value but found ">"/],
    ["close > sma(20) && close > 3", 17, /write "and" instead of "&&"/],
    ["close = 3", 7, /"=" is not a comparison/],
    ["close > 20days", 9, /number cannot run into a name/],
    ["close > sma(20))", 16, /unexpected "\)" after a complete rule/],
    ["close sma(20)", 7, /expected an operator but found "sma"/],
    ["1 < close < 2", 11, /comparisons do not chain/],
    ["close > {Fast}", 9, /a placeholder is \{name\}/],
    ["close > $5", 9, /unexpected character "\$"/],
    ["and close > 1", 1, /"and" needs something on its left/],
    ["   ", 1, /the rule is empty/],
  ];
  for (const [text, col, message] of cases)
    it(`syntax: ${JSON.stringify(text)} → column ${col}`, () => {
      const { col: at, msg } = colOf(() => parseRule(text));
      expect(msg).toMatch(message);
      expect(at).toBe(col);
      // The message shows the text and a caret under the column.
      expect(msg).toContain(`\n  ${text}\n  ${" ".repeat(col - 1)}^`);
    });
});

describe("rule checker: types, names and arguments, with the column", () => {
  const cases: Array<[string, number, RegExp]> = [
    ["close > smaa(20)", 9, /unknown function "smaa"/],
    ["close > price", 9, /unknown name "price"/],
    ["sma(20)", 1, /must be a condition/],
    ["close and sma(5) > 1", 1, /"and" needs a condition on its left/],
    ["not close", 5, /"not" needs a condition/],
    ["close > sma(20, 30, 40)", 9, /sma takes sma\(n\) or sma\(series, n\); got 3 arguments/],
    ["close > sma(2.5)", 13, /sma's n must be a whole number ≥ 1, got 2.5/],
    ["close > sma(close, high)", 20, /sma's n must be a number or a \{placeholder\}, not a series/],
    ["close > shift(close, -1)", 22, /shift's k must be a whole number ≥ 0/],
    ["crosses_above(close > 1, 2)", 15, /needs a number series here, not a condition/],
    ["close > sma", 9, /sma is a function: write sma\(…\)/],
    ["(close > 1) + 2 > 3", 2, /"\+" needs a number on its left, not a condition/],
  ];
  for (const [text, col, message] of cases)
    it(`${JSON.stringify(text)} → column ${col}`, () => {
      const { col: at, msg } = colOf(() => compileRule(text, "close < 1"));
      expect(msg).toMatch(/^entry rule: /);
      expect(msg).toMatch(message);
      expect(at).toBe(col);
    });

  it("names the exit rule when the mistake is there", () => {
    expect(() => compileRule("close > 1", "close <")).toThrow(/^exit rule: expected a value .* at column 8/);
  });

  it("collects placeholders, the ones used as windows, and the fields read", () => {
    const rule = compileRule("rsi({window}) < {lower} and close > sma(high, {trend})", "atr(14) > {x} * 2");
    expect(rule.params).toEqual(["window", "lower", "trend", "x"]);
    expect(rule.integerParams.sort()).toEqual(["trend", "window"]);
    expect(rule.fields.sort()).toEqual(["high", "low"]);
  });
});

describe("any text gives a rule or a RuleError with a column inside it (seeded fuzz)", () => {
  it("20,000 random token soups, 2,000-character nesting", () => {
    const alphabet = [
      "close",
      "sma(",
      "(",
      ")",
      ",",
      "20",
      "{n}",
      ">",
      "<",
      "and",
      "or",
      "not",
      "+",
      "-",
      "*",
    ];
    alphabet.push(
      "/",
      " ",
      "crosses_above(",
      "=",
      "&",
      "1.5",
      "rsi(",
      "month",
      "==",
      "!",
      "shift(",
      "{",
      "}",
      "x",
    );
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let compiled = 0;
    let refused = 0;
    for (let k = 0; k < 20_000; k++) {
      let text = "";
      const len = 1 + Math.floor(rand() * 12);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
      try {
        compileRule(text, "close < 1");
        compiled++;
      } catch (error) {
        expect(error, text).toBeInstanceOf(RuleError);
        const col = (error as RuleError).col!;
        expect(col >= 1 && col <= text.length + 1, `${text}: column ${col}`).toBe(true);
        refused++;
      }
    }
    expect(compiled).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(compiled);
    const deep = `${"(".repeat(995)}close${")".repeat(995)} > 1`;
    expect(compileRule(deep, "close < 1").params).toEqual([]);
  });
});
