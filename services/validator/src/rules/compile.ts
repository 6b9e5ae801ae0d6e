import { ewmMean, rollingStd } from "../engine/indicators.ts";
import type { Node } from "./parse.ts";
import { parseRule, RuleSyntaxError, show } from "./parse.ts";
import {
  crossedAbove,
  dateFields,
  nanRollingMean,
  roc,
  rollingBeta,
  rollingExtreme,
  rsiOf,
  shift,
  trueRange,
} from "./series.ts";

/** One symbol's bars: closes always, the other price fields when its data has them. */
export interface SymbolBars {
  close: Float64Array;
  open?: Float64Array;
  high?: Float64Array;
  low?: Float64Array;
  volume?: Float64Array;
}

/**
 * The bars a rule reads: the traded symbol's (closes always, the other price fields and dates when the data has
 * them) and, for a rule that names symbols (`close(PEP)`), each named symbol's bars on the same dates
 * (aligned by date beforehand: rules/align.ts). `symbol` is the traded one, so `close(KO)` on KO is `close`.
 */
export interface RuleData extends SymbolBars {
  dates?: readonly string[];
  symbol?: string;
  symbols?: Readonly<Record<string, SymbolBars>>;
}

export const PRICE_FIELDS = ["close", "open", "high", "low", "volume"] as const;
export const DATE_FIELDS = [
  "month",
  "day_of_month",
  "day_of_week",
  "trading_day_of_month",
  "days_to_month_end",
] as const;

interface FnSpec {
  /** Names of the numeric (constant) arguments, after the optional input series. */
  args: string[];
  /** Which of them must be whole numbers ≥ their minimum. */
  min: Record<string, number>;
  /** The input series: optional (default close), required (shift), none (atr), or two series (crosses). */
  series: "optional" | "required" | "none" | "two";
  bool?: boolean;
  doc: string;
}

export const FUNCTIONS: Record<string, FnSpec> = {
  sma: { args: ["n"], min: { n: 1 }, series: "optional", doc: "simple moving average (vbt MA)" },
  ema: {
    args: ["n"],
    min: { n: 1 },
    series: "optional",
    doc: "exponential moving average, span n (vbt MA ewm)",
  },
  rsi: {
    args: ["n"],
    min: { n: 1 },
    series: "optional",
    doc: "RSI, rolling means of gains/losses (vbt RSI)",
  },
  bb_upper: { args: ["n", "k"], min: { n: 1 }, series: "optional", doc: "SMA + k·std (ddof 0, vbt BBANDS)" },
  bb_lower: { args: ["n", "k"], min: { n: 1 }, series: "optional", doc: "SMA − k·std (ddof 0, vbt BBANDS)" },
  macd: {
    args: ["fast", "slow"],
    min: { fast: 1, slow: 1 },
    series: "optional",
    doc: "EMA(fast) − EMA(slow)",
  },
  macd_signal: {
    args: ["fast", "slow", "signal"],
    min: { fast: 1, slow: 1, signal: 1 },
    series: "optional",
    doc: "EMA(signal) of the MACD line",
  },
  highest: {
    args: ["n"],
    min: { n: 1 },
    series: "optional",
    doc: "rolling max of the last n bars, this one included",
  },
  lowest: {
    args: ["n"],
    min: { n: 1 },
    series: "optional",
    doc: "rolling min of the last n bars, this one included",
  },
  roc: { args: ["n"], min: { n: 1 }, series: "optional", doc: "x / x n bars ago − 1 (pct_change(n))" },
  zscore: { args: ["n"], min: { n: 2 }, series: "optional", doc: "(x − SMA(n)) / std(n) (ddof 0)" },
  atr: {
    args: ["n"],
    min: { n: 1 },
    series: "none",
    doc: "EMA (span n) of the true range (vbt ATR default ewm=True)",
  },
  shift: { args: ["k"], min: { k: 0 }, series: "required", doc: "the value k bars ago" },
  log: { args: [], min: {}, series: "required", doc: "natural logarithm (np.log; ≤ 0 gives NaN/-inf)" },
  beta: {
    args: ["n"],
    min: { n: 2 },
    series: "two",
    doc: "rolling OLS slope of y on x (with intercept) over the last n bars: the fitted hedge ratio of a pair",
  },
  crosses_above: { args: [], min: {}, series: "two", bool: true, doc: "vbt crossed_above(a, b)" },
  crosses_below: { args: [], min: {}, series: "two", bool: true, doc: "vbt crossed_below(a, b)" },
};

type Kind = "number" | "bool";

export interface CompiledRule {
  entry: Node;
  exit: Node;
  entryText: string;
  exitText: string;
  /** Placeholders in order of first use. */
  params: string[];
  /** Placeholders used as windows/shifts: positive (or ≥ 0) whole numbers. */
  integerParams: string[];
  /** Price fields other than close the rule reads (the data must have them). */
  fields: string[];
  /** Symbols named by `close(SYM)`, `high(SYM)`, …, upper-case, in order of first use. */
  symbols: string[];
  /** Per named symbol, the price fields other than close read from it. */
  symbolFields: Record<string, string[]>;
}

/** Parse and type-check an entry and an exit rule once; evaluation per parameter set reuses the trees. */
export function compileRule(entryText: string, exitText: string): CompiledRule {
  const params: string[] = [];
  const integerParams = new Set<string>();
  const fields = new Set<string>();
  const symbols: string[] = [];
  const symbolFields: Record<string, string[]> = {};
  const check = (source: string, which: string): Node => {
    let tree: Node;
    try {
      tree = parseRule(source);
    } catch (error) {
      if (error instanceof RuleSyntaxError) throw new RuleError(`${which} rule: ${error.message}`, error.col);
      throw error;
    }
    const fail = (reason: string, col: number): never => {
      throw new RuleError(`${which} rule: ${new RuleSyntaxError(reason, col, source).message}`, col);
    };
    const constArg = (node: Node, fn: string, name: string, min: number | undefined) => {
      const walk = (x: Node): void => {
        if (x.kind === "num") return;
        if (x.kind === "param") {
          if (!params.includes(x.name)) params.push(x.name);
          if (min !== undefined && node.kind === "param") integerParams.add(x.name);
          return;
        }
        if (x.kind === "unary" && x.op === "-") {
          walk(x.arg);
          return;
        }
        if (x.kind === "binary" && ["+", "-", "*", "/"].includes(x.op)) {
          walk(x.left);
          walk(x.right);
          return;
        }
        fail(`${fn}'s ${name} must be a number or a {placeholder}, not a series`, x.col);
      };
      walk(node);
      const folded = fold(node);
      if (min !== undefined && folded !== null && !(Number.isInteger(folded) && folded >= min))
        fail(`${fn}'s ${name} must be a whole number ≥ ${min}, got ${folded}`, node.col);
    };
    const kind = (node: Node): Kind => {
      switch (node.kind) {
        case "num":
          return "number";
        case "param":
          if (!params.includes(node.name)) params.push(node.name);
          return "number";
        case "name":
          if ((PRICE_FIELDS as readonly string[]).includes(node.name)) {
            if (node.name !== "close") fields.add(node.name);
            return "number";
          }
          if ((DATE_FIELDS as readonly string[]).includes(node.name)) return "number";
          if (node.name === "true" || node.name === "false") return "bool";
          if (FUNCTIONS[node.name])
            return fail(`${node.name} is a function: write ${node.name}(…)`, node.col);
          return fail(
            `unknown name "${node.name}" (fields: ${[...PRICE_FIELDS, ...DATE_FIELDS].join(", ")})`,
            node.col,
          );
        case "unary":
          if (node.op === "not") {
            if (kind(node.arg) !== "bool")
              fail('"not" needs a condition (a comparison or a cross)', node.arg.col);
            return "bool";
          }
          if (kind(node.arg) !== "number") fail('"-" needs a number', node.arg.col);
          return "number";
        case "binary": {
          const [l, r] = [kind(node.left), kind(node.right)];
          if (node.op === "and" || node.op === "or") {
            if (l !== "bool") fail(`"${node.op}" needs a condition on its left`, node.left.col);
            if (r !== "bool") fail(`"${node.op}" needs a condition on its right`, node.right.col);
            return "bool";
          }
          if (l !== "number") fail(`"${node.op}" needs a number on its left, not a condition`, node.left.col);
          if (r !== "number")
            fail(`"${node.op}" needs a number on its right, not a condition`, node.right.col);
          return ["+", "-", "*", "/"].includes(node.op) ? "number" : "bool";
        }
        case "call": {
          if ((PRICE_FIELDS as readonly string[]).includes(node.fn)) {
            const arg = node.args[0];
            const reserved = (n: string) =>
              (PRICE_FIELDS as readonly string[]).includes(n) ||
              (DATE_FIELDS as readonly string[]).includes(n) ||
              n in FUNCTIONS ||
              n === "true" ||
              n === "false";
            if (node.args.length !== 1 || arg?.kind !== "name" || reserved(arg.name))
              fail(
                `${node.fn}(SYMBOL) takes one ticker, e.g. ${node.fn}(PEP): another symbol's ${node.fn}, aligned by date`,
                arg?.col ?? node.col,
              );
            const symbol = (arg as { name: string }).name.toUpperCase();
            if (!symbols.includes(symbol)) symbols.push(symbol);
            if (node.fn !== "close") {
              symbolFields[symbol] ??= [];
              if (!symbolFields[symbol]!.includes(node.fn)) symbolFields[symbol]!.push(node.fn);
            }
            return "number";
          }
          const spec = FUNCTIONS[node.fn];
          if (!spec)
            return fail(
              `unknown function "${node.fn}" (known: ${Object.keys(FUNCTIONS).join(", ")})`,
              node.col,
            );
          const nSeries = spec.series === "two" ? 2 : spec.series === "required" ? 1 : 0;
          const total = node.args.length;
          const withSeries = spec.series === "optional" && total === spec.args.length + 1;
          const expected = spec.args.length + nSeries;
          if (!withSeries && total !== expected) {
            const form =
              spec.series === "optional"
                ? `${node.fn}(${spec.args.join(", ")}) or ${node.fn}(series, ${spec.args.join(", ")})`
                : spec.series === "two"
                  ? `${node.fn}(a, b)`
                  : spec.series === "required"
                    ? `${node.fn}(series, ${spec.args.join(", ")})`
                    : `${node.fn}(${spec.args.join(", ")})`;
            fail(`${node.fn} takes ${form}; got ${total} argument${total === 1 ? "" : "s"}`, node.col);
          }
          const seriesCount = nSeries + (withSeries ? 1 : 0);
          node.args.forEach((arg, k) => {
            if (k < seriesCount) {
              if (kind(arg) !== "number")
                fail(`${node.fn} needs a number series here, not a condition`, arg.col);
            } else {
              const name = spec.args[k - seriesCount]!;
              constArg(arg, node.fn, name, spec.min[name]);
            }
          });
          if (node.fn === "atr") for (const f of ["high", "low"]) fields.add(f);
          return spec.bool ? "bool" : "number";
        }
      }
    };
    if (kind(tree) !== "bool")
      fail(
        `the ${which} rule must be a condition (a comparison, a cross, and/or/not), not a number`,
        tree.col,
      );
    return tree;
  };
  const entry = check(entryText, "entry");
  const exit = check(exitText, "exit");
  return {
    entry,
    exit,
    entryText,
    exitText,
    params,
    integerParams: [...integerParams],
    fields: [...fields],
    symbols,
    symbolFields,
  };
}

/** The value of a constant expression without placeholders, else null. */
function fold(node: Node): number | null {
  if (node.kind === "num") return node.value;
  if (node.kind === "unary" && node.op === "-") {
    const v = fold(node.arg);
    return v === null ? null : -v;
  }
  if (node.kind === "binary" && ["+", "-", "*", "/"].includes(node.op)) {
    const [a, b] = [fold(node.left), fold(node.right)];
    if (a === null || b === null) return null;
    return OPS[node.op]!(a, b);
  }
  return null;
}

/** A rule the caller can fix (syntax, types, arguments, parameters), with the column when there is one. */
export class RuleError extends Error {
  override name = "RuleError";
  constructor(
    message: string,
    readonly col?: number,
  ) {
    super(message);
  }
}

type Value = number | Float64Array;

/**
 * Evaluates compiled rules on one series. Indicator series are cached by their canonical text with the
 * parameters filled in ("sma(close, 20)"), so every distinct (indicator, params) is computed once per
 * series and shared by every parameter set of the sweep.
 */
export class RuleEvaluator {
  private readonly cache = new Map<string, Float64Array>();
  private dates: ReturnType<typeof dateFields> | null = null;
  readonly n: number;

  constructor(readonly data: RuleData) {
    this.n = data.close.length;
  }

  /** The indicator series computed so far, by canonical key ("sma(close, 20)"): each exactly once. */
  cachedKeys(): string[] {
    return [...this.cache.keys()];
  }

  /** A condition as 0/1 per bar (NaN comparisons are false, as in pandas). */
  condition(node: Node, params: Record<string, number>): Float64Array {
    const v = this.value(node, params);
    const out = new Float64Array(this.n);
    if (typeof v === "number") out.fill(v ? 1 : 0);
    else for (let i = 0; i < this.n; i++) out[i] = v[i] ? 1 : 0;
    return out;
  }

  /** Bars of history the rule's windows need before a signal can fire (a refusal bound, not exact). */
  warmup(node: Node, params: Record<string, number>): number {
    switch (node.kind) {
      case "call": {
        const spec = FUNCTIONS[node.fn];
        if (!spec) return 0; // close(SYM) and the other fields of a named symbol
        const nSeries = spec.series === "two" ? 2 : spec.series === "required" ? 1 : 0;
        const seriesCount = nSeries + (node.args.length > spec.args.length + nSeries ? 1 : 0);
        const inner = Math.max(0, ...node.args.slice(0, seriesCount).map((a) => this.warmup(a, params)));
        const nums = node.args.slice(seriesCount).map((a) => this.constant(a, params));
        const names = spec.args;
        const windows = names.map((nm, k) => (nm === "k" && node.fn !== "shift" ? 0 : nums[k]!));
        const own =
          node.fn === "macd_signal"
            ? Math.max(windows[0]!, windows[1]!) + windows[2]!
            : Math.max(0, ...windows);
        return inner + own;
      }
      case "unary":
        return this.warmup(node.arg, params);
      case "binary":
        return Math.max(this.warmup(node.left, params), this.warmup(node.right, params));
      default:
        return 0;
    }
  }

  private constant(node: Node, params: Record<string, number>): number {
    switch (node.kind) {
      case "num":
        return node.value;
      case "param": {
        const v = params[node.name];
        if (v === undefined)
          throw new RuleError(`no value for {${node.name}}: pass it with --param or the grid`);
        return v;
      }
      case "unary":
        return -this.constant(node.arg, params);
      case "binary": {
        const [a, b] = [this.constant(node.left, params), this.constant(node.right, params)];
        return node.op === "+" ? a + b : node.op === "-" ? a - b : node.op === "*" ? a * b : a / b;
      }
      default:
        throw new RuleError(`not a constant: ${show(node)}`, node.col);
    }
  }

  private field(name: string): Float64Array {
    if (name === "close") return this.data.close;
    if ((PRICE_FIELDS as readonly string[]).includes(name)) {
      const row = this.data[name as "open" | "high" | "low" | "volume"];
      if (!row) throw new RuleError(`the rule reads "${name}" but the data has only closes`);
      return row;
    }
    if (!this.data.dates) throw new RuleError(`the rule reads "${name}" but the data has no dates`);
    this.dates ??= dateFields(this.data.dates);
    return this.dates[name as keyof ReturnType<typeof dateFields>];
  }

  private cached(key: string, compute: () => Float64Array): Float64Array {
    let row = this.cache.get(key);
    if (!row) {
      row = compute();
      this.cache.set(key, row);
    }
    return row;
  }

  private series(v: Value): Float64Array {
    return typeof v === "number" ? new Float64Array(this.n).fill(v) : v;
  }

  value(node: Node, params: Record<string, number>): Value {
    switch (node.kind) {
      case "num":
      case "param":
        return this.constant(node, params);
      case "name":
        if (node.name === "true") return 1;
        if (node.name === "false") return 0;
        return this.field(node.name);
      case "unary": {
        const v = this.value(node.arg, params);
        if (node.op === "-") return typeof v === "number" ? -v : v.map((x) => -x);
        return typeof v === "number" ? (v ? 0 : 1) : v.map((x) => (x ? 0 : 1));
      }
      case "binary":
        return this.binary(node.op, this.value(node.left, params), this.value(node.right, params));
      case "call":
        return this.call(node, params);
    }
  }

  private binary(op: string, a: Value, b: Value): Value {
    const f = OPS[op]!;
    if (typeof a === "number" && typeof b === "number") return f(a, b);
    const out = new Float64Array(this.n);
    if (typeof a === "number") for (let i = 0; i < this.n; i++) out[i] = f(a, (b as Float64Array)[i]!);
    else if (typeof b === "number") for (let i = 0; i < this.n; i++) out[i] = f(a[i]!, b);
    else for (let i = 0; i < this.n; i++) out[i] = f(a[i]!, b[i]!);
    return out;
  }

  /** `close(PEP)`: the named symbol's field on the traded symbol's dates (its own field when it is the traded one). */
  private symbolField(fn: string, symbol: string): Float64Array {
    if (symbol === this.data.symbol?.toUpperCase()) return this.field(fn);
    const bars = this.data.symbols?.[symbol];
    if (!bars)
      throw new RuleError(
        `the rule reads ${fn}(${symbol}) but ${symbol}'s data was not loaded with this run (request it in symbols / another --csv)`,
      );
    const row = bars[fn as keyof SymbolBars];
    if (!row) throw new RuleError(`the rule reads ${fn}(${symbol}) but ${symbol}'s data has only closes`);
    if (row.length !== this.n)
      throw new RuleError(
        `${symbol}'s bars (${row.length}) are not aligned with the traded series (${this.n})`,
      );
    return row;
  }

  /**
   * `beta(y, x, n)`: the slope of the OLS fit of y on x (with intercept) over the n bars ending at each bar, so
   * it reads no future bar; NaN until n bars are there (numpy, two-pass: Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²).
   */
  private beta(node: Extract<Node, { kind: "call" }>, params: Record<string, number>): Float64Array {
    const n = this.constant(node.args[2]!, params);
    if (!(Number.isInteger(n) && n >= 2))
      throw new RuleError(`beta's n must be a whole number ≥ 2, got ${n}`, node.args[2]!.col);
    if (n >= this.n)
      throw new RuleError(`beta's n (${n}) is not shorter than the data (${this.n} bars)`, node.col);
    const [y, x] = [node.args[0]!, node.args[1]!];
    return this.cached(`beta(${show(y, params)}, ${show(x, params)}, ${n})`, () =>
      rollingBeta(this.series(this.value(y, params)), this.series(this.value(x, params)), n),
    );
  }

  private call(node: Extract<Node, { kind: "call" }>, params: Record<string, number>): Value {
    if ((PRICE_FIELDS as readonly string[]).includes(node.fn))
      return this.symbolField(node.fn, (node.args[0] as { name: string }).name.toUpperCase());
    const spec = FUNCTIONS[node.fn]!;
    if (node.fn === "beta") return this.beta(node, params);
    if (spec.series === "two") {
      const a = this.value(node.args[0]!, params);
      const b = this.value(node.args[1]!, params);
      return node.fn === "crosses_above" ? crossedAbove(a, b, this.n) : crossedAbove(b, a, this.n);
    }
    const hasSeries =
      spec.series === "required" || (spec.series === "optional" && node.args.length > spec.args.length);
    const input = hasSeries ? node.args[0]! : ({ kind: "name", name: "close", col: node.col } as Node);
    const nums = node.args.slice(hasSeries ? 1 : 0).map((a) => this.constant(a, params));
    spec.args.forEach((name, k) => {
      const min = spec.min[name];
      const v = nums[k]!;
      if (min !== undefined && !(Number.isInteger(v) && v >= min))
        throw new RuleError(
          `${node.fn}'s ${name} must be a whole number ≥ ${min}, got ${v}`,
          node.args[k]?.col,
        );
      if (min !== undefined && v >= this.n)
        throw new RuleError(
          `${node.fn}'s ${name} (${v}) is not shorter than the data (${this.n} bars)`,
          node.col,
        );
    });
    const key = `${node.fn}(${[...(spec.series === "none" ? [] : [show(input, params)]), ...nums].join(", ")})`;
    return this.cached(key, () => {
      const x = spec.series === "none" ? this.data.close : this.series(this.value(input, params));
      const [p, q, r] = nums as [number, number, number];
      switch (node.fn) {
        case "sma":
          return nanRollingMean(x, p);
        case "ema":
          return ewmMean(x, p);
        case "rsi":
          return rsiOf(x, p);
        case "bb_upper":
        case "bb_lower": {
          const mid = this.cached(`sma(${show(input, params)}, ${p})`, () => nanRollingMean(x, p));
          const sd = this.cached(`std(${show(input, params)}, ${p})`, () => rollingStd(x, p, mid));
          const k = node.fn === "bb_upper" ? q : -q;
          return mid.map((m, i) => m + k * sd[i]!);
        }
        case "macd":
        case "macd_signal": {
          const fast = this.cached(`ema(${show(input, params)}, ${p})`, () => ewmMean(x, p));
          const slow = this.cached(`ema(${show(input, params)}, ${q})`, () => ewmMean(x, q));
          const line = this.cached(`macd(${show(input, params)}, ${p}, ${q})`, () =>
            fast.map((f, i) => f - slow[i]!),
          );
          return node.fn === "macd" ? line : ewmMean(line, r);
        }
        case "highest":
          return rollingExtreme(x, p, true);
        case "lowest":
          return rollingExtreme(x, p, false);
        case "roc":
          return roc(x, p);
        case "zscore": {
          const mid = this.cached(`sma(${show(input, params)}, ${p})`, () => nanRollingMean(x, p));
          const sd = this.cached(`std(${show(input, params)}, ${p})`, () => rollingStd(x, p, mid));
          return x.map((v, i) => (v - mid[i]!) / sd[i]!);
        }
        case "atr": {
          const tr = this.cached("true_range", () =>
            trueRange(this.field("high"), this.field("low"), this.data.close),
          );
          // vectorbt's ATR default is ewm=True: the span-n EMA (adjust=False) of the true range.
          return ewmMean(tr, p);
        }
        case "shift":
          return shift(x, p);
        case "log":
          return x.map(Math.log);
        default:
          throw new RuleError(`unknown function ${node.fn}`, node.col);
      }
    });
  }
}

const OPS: Record<string, (a: number, b: number) => number> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => a / b,
  "<": (a, b) => (a < b ? 1 : 0),
  "<=": (a, b) => (a <= b ? 1 : 0),
  ">": (a, b) => (a > b ? 1 : 0),
  ">=": (a, b) => (a >= b ? 1 : 0),
  "==": (a, b) => (a === b ? 1 : 0),
  // pandas: NaN != x is True, every other comparison with NaN is False.
  "!=": (a, b) => (a !== b ? 1 : 0),
  and: (a, b) => (a && b ? 1 : 0),
  or: (a, b) => (a || b ? 1 : 0),
};
