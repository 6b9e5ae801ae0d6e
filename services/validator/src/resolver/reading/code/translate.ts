import { FUNCTIONS } from "../../../rules/compile.ts";
import type { Node } from "../../../rules/parse.ts";
import { calendarCall } from "./calendar-calls.ts";
import { delayedLine } from "./delayed-line.ts";
import {
  ABOVE,
  BELOW,
  CLOSE,
  DATE_ALIASES,
  DATE_FIELDS,
  EMA,
  FIELD_OF,
  FIELDS,
  HIGHEST,
  INDICATORS,
  LOWEST,
  MODULES,
  OWNERS,
  ROC,
  RSI,
  RULE_INDICATORS,
  SAME,
  SMA,
  STD,
  TICKER,
} from "./dialect.ts";
import type { CNode } from "./parse-code.ts";

/**
 * Code idioms of many dialects → the rule language's tree. One table of meanings, not one per platform:
 * `ta.sma(close, n)`, `MA(C, n)`, `Average(Close, n)`, `bt.ind.SMA(period=n)`, `vbt.MA.run(close, n)`,
 * `close.rolling(n).mean()` and `average(c1:cn)` are all `sma(n)`; `ewm(span=n)`, `XAverage`, `ewm=True`,
 * `MODE_EMA` make it `ema(n)`; crossings from `ta.crossover`, `Cross(a, b)`, `crossed_above`, `crosses over`
 * and the shifted pair of comparisons. Multi-output indicators (MACD, Bollinger) are objects whose parts are
 * read by field or by destructuring. A name that is neither a price field nor a variable the code defined stays
 * unread (null), so `ta.rsi(moon_phase, 14)` matches no rule.
 */

export type Value =
  | Node
  | { obj: Record<string, Node>; tuple: Node[] }
  | { pending: string; of: Node; n: number };
export type Env = Map<string, Value>;

export const num = (value: number): Node => ({ kind: "num", value, col: 0 });
export const nm = (name: string): Node => ({ kind: "name", name, col: 0 });
export const call = (fn: string, ...args: Node[]): Node => ({ kind: "call", fn, args, col: 0 });
const bin = (op: Extract<Node, { kind: "binary" }>["op"], left: Node, right: Node): Node => ({
  kind: "binary",
  op,
  left,
  right,
  col: 0,
});
export const isNode = (v: Value | null | undefined): v is Node => !!v && "kind" in v;

/**
 * Functions named with their period, as spreadsheets and pseudo-code write them: `ret63(SPY)`, `roc20`, `sma50`,
 * `ema21`, `rsi14`, `mom12`, `hhv20`: the indicator of that period, on the argument's series (a bare ticker is its
 * close) or on the close when called with nothing or written as a plain name.
 */
const SUFFIXED =
  /^(ret|rets|return|returns|roc|mom|momentum|sma|ma|ema|rsi|highest|hhv|hh|lowest|llv|ll|std|stdev|sd|zscore|z)_?(\d+)$/;
const SUFFIX_FN: Record<string, string> = {
  ret: "roc",
  rets: "roc",
  return: "roc",
  returns: "roc",
  roc: "roc",
  mom: "roc",
  momentum: "roc",
  sma: "sma",
  ma: "sma",
  ema: "ema",
  rsi: "rsi",
  highest: "highest",
  hhv: "highest",
  hh: "highest",
  lowest: "lowest",
  llv: "lowest",
  ll: "lowest",
  std: "std",
  stdev: "std",
  sd: "std",
  zscore: "zscore",
  z: "zscore",
};
function suffixed(name: string, src: Node): Node | null {
  const m = SUFFIXED.exec(name.toLowerCase());
  if (!m || Number(m[2]) < 1) return null;
  const fn = SUFFIX_FN[m[1]!]!;
  const n = Number(m[2]);
  // std keeps its series explicit, as the translator's rolling std does.
  return fn === "std" ? call(fn, src, num(n)) : call(fn, ...withSrc(src, [n]));
}

/** The function's own name, lower-case: `ta.sma` → sma, `bt.ind.SMA` → sma, `vbt.MA.run` → ma. */
function fnName(fn: CNode): { name: string; recv?: CNode } {
  if (fn.k === "name") return { name: fn.v.toLowerCase() };
  if (fn.k === "attr") {
    if (fn.name === "run" && fn.obj.k === "attr") return { name: fn.obj.name.toLowerCase() };
    return { name: fn.name.toLowerCase(), recv: fn.obj };
  }
  return { name: "" };
}

/** A dotted path of names: `self.data.close` → ["self", "data", "close"]; null for anything else. */
function pathOf(n: CNode): string[] | null {
  if (n.k === "name") return [n.v];
  if (n.k === "attr") {
    const p = pathOf(n.obj);
    return p ? [...p, n.name] : null;
  }
  if (n.k === "index" && n.idx.length === 1 && n.idx[0]!.k === "str") {
    const p = pathOf(n.obj);
    return p ? [...p, n.idx[0]!.v] : null;
  }
  return null;
}

export class Translator {
  /** Plain names given to an indicator as its series that are neither fields nor variables ("moon_phase"). */
  readonly unknown: string[] = [];
  /** The last series argument split() could not read, for the caller to record when the call is an indicator. */
  private missing: string | null = null;
  /**
   * Frames whose string subscripts name tickers (`px['HD']`): on them a price field's name in capitals is one more
   * ticker (`px['LOW']`, Lowe's), as a frame of closes holds no fields.
   */
  tickerFrames: ReadonlySet<string> = new Set();
  /** Bollinger bands a snippet names but never defines (code/bands.ts), when its code speaks of bands. */
  bands: ((name: string) => Node | null) | null = null;
  constructor(
    readonly env: Env,
    readonly excel = false,
  ) {}

  /** A variable the code defined, looked up by its path with or without the owner (`self.rsi`, `df['left']`). */
  lookup(path: string[]): Value | undefined {
    const keys = [path.join(".")];
    if (path.length > 1 && OWNERS.has(path[0]!.toLowerCase())) keys.push(path.slice(1).join("."));
    for (const key of keys) if (this.env.has(key)) return this.env.get(key);
    // `self.macd.signal`: a field of an object variable.
    if (path.length >= 2) {
      const owner = this.lookup(path.slice(0, -1));
      const field = path.at(-1)!.toLowerCase();
      if (owner && "obj" in owner && owner.obj[field]) return owner.obj[field];
      // `model.params.iloc`, `spread.values`: the same series.
      if (isNode(owner) && SAME.has(field)) return owner;
    }
    return undefined;
  }

  /** A name or path read as a series: a variable, a price or date field, or a ticker's close. */
  series(path: string[]): Value | null {
    // pandas accessors: `price.vbt.crossed_above(…)` is a method of the series itself.
    if (path.length > 1 && path.at(-1) === "vbt") return this.series(path.slice(0, -1));
    const v = this.lookup(path);
    if (v) return v;
    // `df["EWC"].iloc`, `px.KO.values`: the same series as the path before it.
    if (path.length >= 2 && SAME.has(path.at(-1)!.toLowerCase())) return this.series(path.slice(0, -1));
    const last = path.at(-1)!;
    const low = last.toLowerCase();
    // `close["V"]`, `px["C"]`, `df.MA`: a column named in capitals, a letter or two, is a ticker (Visa, Citi,
    // Mastercard), not the one-letter field it would be in lower case.
    if (path.length >= 2 && last.length <= 2 && TICKER.test(last) && !MODULES.has(path[0]!.toLowerCase()))
      return call("close", nm(last));
    const tickerColumn = path.length === 2 && this.tickerFrames.has(path[0]!) && /^[A-Z]{2,5}$/.test(last);
    if (CLOSE.has(low) && !tickerColumn) return nm("close");
    // A lone `p` handed to an indicator and never defined is the price, as numeric code writes it.
    if (path.length === 1 && last === "p") return nm("close");
    if (FIELDS.has(low) && !tickerColumn) return nm(FIELD_OF[low] ?? low);
    if (DATE_FIELDS.has(low)) return nm(low);
    if (path.length === 1 && DATE_ALIASES[low]) return nm(DATE_ALIASES[low]);
    // backtrader's data feeds (`self.data`, `self.datas[0]`, `self.data0`) read as their close by default.
    if (/^datas?\d*$/.test(low) && path.length <= 2) return nm("close");
    if (low === "true" || low === "false") return nm(low);
    if (path.length >= 2 && TICKER.test(last) && !MODULES.has(path[0]!.toLowerCase())) {
      // A ticker's column of a frame computed from every symbol's close (`r = px.pct_change(126)`, then `r['IWM']`)
      // is that computation on the ticker's close.
      const frame = this.lookup(path.slice(0, -1));
      if (isNode(frame) && frame.kind !== "num" && usesClose(frame)) return onTicker(frame, last);
      return call("close", nm(last));
    }
    // Excel: a cell of the price column ("c252") is the close of that row.
    if (this.excel && /^[a-z]{1,2}\d+$/i.test(last)) return nm("close");
    const band = path.length === 1 ? this.bands?.(last) : null;
    if (band) return band;
    // `close > sma50`: an indicator named with its period, of the close.
    if (path.length === 1) return suffixed(last, nm("close"));
    return null;
  }

  node(n: CNode): Node | null {
    const v = this.value(n);
    return isNode(v) ? v : null;
  }

  /** Numbers of an indicator call: positional (after the series) then the keyword periods. */
  private split(
    args: CNode[],
    kw: Record<string, CNode>,
  ): { src: Node; nums: number[]; kw: Record<string, number> } | null {
    let src: Node = nm("close");
    let sourced = false;
    const nums: number[] = [];
    for (const a of args) {
      // A number, or a variable holding one (an input, a parameter): `ta.sma(close, fastLen)`.
      const v = a.k === "str" ? null : this.node(a);
      if (v?.kind === "num") nums.push(v.value);
      else if (a.k === "str") continue;
      else if (!sourced && nums.length === 0) {
        // A ticker in capitals the code never defines (`roc(QQQ, 126)`, `sma(TLT, 50)`) is that ticker's close.
        const ticker = !v && a.k === "name" && TICKER.test(a.v) ? call("close", nm(a.v)) : null;
        if (!v && !ticker && a.k === "name" && /^[a-z][a-z0-9_]*$/i.test(a.v)) this.missing = a.v;
        if (!v && !ticker) return null;
        src = v ?? ticker!;
        sourced = true;
      } else return null;
    }
    const kwn: Record<string, number> = {};
    for (const [key, a] of Object.entries(kw)) {
      const v = this.node(a);
      if (v?.kind === "num") kwn[key] = v.value;
    }
    return { src, nums, kw: kwn };
  }

  value(n: CNode): Value | null {
    switch (n.k) {
      case "num":
        return num(n.v);
      case "str":
        return null;
      case "name":
      case "attr": {
        const path = pathOf(n);
        if (path) return this.series(path);
        if (n.k !== "attr") return null;
        const owner = this.value(n.obj);
        const field = this.field(owner, n.name);
        if (field) return field;
        // `self.datas[0].close`, `data[0].Close`: a price field of whatever data object holds it.
        const low = n.name.toLowerCase();
        if (!(owner && "obj" in owner) && (CLOSE.has(low) || FIELDS.has(low)))
          return CLOSE.has(low) ? nm("close") : nm(FIELD_OF[low] ?? low);
        return null;
      }
      case "index":
        return this.index(n);
      case "unary": {
        const a = this.node(n.arg);
        if (!a) return null;
        if (n.op === "-" && a.kind === "num") return num(-a.value);
        return { kind: "unary", op: n.op, arg: a, col: 0 };
      }
      case "bin":
        return this.binary(n);
      case "call":
        return this.call(n);
      default:
        return null;
    }
  }

  private field(owner: Value | null, name: string): Value | null {
    if (owner && "obj" in owner) return owner.obj[name.toLowerCase()] ?? null;
    return isNode(owner) && SAME.has(name.toLowerCase()) ? owner : null;
  }

  private index(n: Extract<CNode, { k: "index" }>): Value | null {
    const path = pathOf(n);
    if (path) {
      const s = this.series(path);
      if (s) return s;
    }
    const base = this.value(n.obj);
    if (!base) return null;
    const i = n.idx[0];
    // `y[i-90:i]` inside a loop over the bars: the last 90 bars up to each one, for a fit over them (polyfit, OLS).
    const bars = i?.k === "bin" && i.op === ":" && n.idx.length === 1 ? loopWindow(i) : null;
    if (bars !== null) return isNode(base) ? { pending: "window", of: base, n: bars } : null;
    // `np.polyfit(x, y, 1)[0]`: the slope of a fit's outputs.
    if ("tuple" in base && i?.k === "num") return base.tuple[i.v] ?? null;
    // A fitted slope's `.params["PEP"]`, `.params[1]`, `.params.iloc[:, 1]`: the slope, not a bar offset.
    if (isNode(base) && base.kind === "call" && base.fn === "beta") return base;
    // pandas `.iloc[:, 0]`, `.values`: the same series.
    if (!i || i.k === "slice" || n.idx.length > 1) return base;
    const k = i.k === "num" ? i.v : i.k === "unary" && i.arg.k === "num" ? -i.arg.v : null;
    if (k === null || !isNode(base)) return null;
    // pandas `.iloc[-1]` / `.iat[-1]` is the last row, this bar, and `.iloc[-2]` the one before it.
    const positional = n.obj.k === "attr" && /^i(?:loc|at)$/.test(n.obj.name) && k < 0;
    const back = positional ? -k - 1 : Math.abs(k);
    // Pine/EasyLanguage `x[1]` and backtrader `x[-1]` are one bar ago; `x[0]` is this bar.
    return back === 0 ? base : call("shift", base, num(back));
  }

  private binary(n: Extract<CNode, { k: "bin" }>): Value | null {
    // Excel range "c153:c252": the rows it spans.
    if (n.op === ":") {
      const a = /(\d+)$/.exec(n.left.k === "name" ? n.left.v : "");
      const b = /(\d+)$/.exec(n.right.k === "name" ? n.right.v : "");
      return a && b ? { pending: "range", of: nm("close"), n: Number(b[1]) - Number(a[1]) + 1 } : null;
    }
    const left = this.node(n.left);
    const right = this.node(n.right);
    if (!left || !right) return null;
    const op = n.op === "**" || n.op === "%" ? null : (n.op as Extract<Node, { kind: "binary" }>["op"]);
    if (!op) return null;
    // `g.cumcount() + 1`: the trading day of the month, counted from 1.
    if (op === "+" && right.kind === "num" && right.value === 1 && left.kind === "binary" && left.op === "-")
      if (left.right.kind === "num" && left.right.value === 1) return left.left;
    // bt.ind.CrossOver(a, b) is +1 on the cross up and -1 on the cross down.
    if (
      (op === ">" || op === "<") &&
      left.kind === "call" &&
      left.fn === "crosses_above" &&
      right.kind === "num"
    )
      if (right.value === 0) return op === ">" ? left : call("crosses_below", ...left.args);
    return bin(op, left, right);
  }

  private call(n: Extract<CNode, { k: "call" }>): Value | null {
    const { name, recv } = fnName(n.fn);
    const first = n.args[0];
    // polars: `pl.col('rsi')` is the column, and `df.with_columns(rsi=…)` (pandas `df.assign(rsi=…)`) defines it.
    if (name === "col" && recv?.k === "name" && /^(?:pl|polars)$/.test(recv.v) && first?.k === "str")
      return this.series([first.v]);
    if ((name === "with_columns" || name === "assign") && recv && Object.keys(n.kw).length) {
      for (const [k, v] of Object.entries(n.kw)) {
        const value = this.value(v);
        if (value) this.env.set(k, value);
      }
      return null;
    }
    // backtrader's delayed line: `self.data.close(-1)` is the close one bar back, `(0)` today's.
    const delayed = delayedLine(n, name, recv);
    if (delayed !== undefined) {
      const line = this.node(n.fn);
      return line ? (delayed === 0 ? line : call("shift", line, num(delayed))) : null;
    }
    // Method calls on a pending rolling/ewm window: `.mean()`, `.std()`, `.max()`, `.min()`, `.cov(x)`, `.var()`.
    if (recv) {
      const base = this.value(recv);
      if (base && "pending" in base) return this.finish(base, name, n);
    }
    const method = recv && !(recv.k === "name" && MODULES.has(recv.v.toLowerCase())) && !isModulePath(recv);
    if (method) {
      const self = this.node(recv);
      const numArg = (d: number) => {
        const a = first ?? n.kw.window ?? n.kw.periods ?? n.kw.span;
        if (a === undefined) return d;
        const v = this.node(a);
        return v?.kind === "num" ? v.value : null;
      };
      if (name === "rolling") {
        const w = numArg(-1);
        return self && w && w > 0 ? { pending: "rolling", of: self, n: w } : null;
      }
      if (name === "ewm") {
        // The same EMA by its span, its centre of mass (span = 2·com + 1) or its alpha (span = 2/alpha − 1).
        const given = (k: string) => {
          const v = n.kw[k] ? this.node(n.kw[k]) : null;
          const folded = v ? constant(v) : null;
          return folded !== null && folded > 0 ? folded : null;
        };
        const com = given("com");
        const alpha = given("alpha");
        const span =
          given("span") ?? (com !== null ? 2 * com + 1 : alpha !== null && alpha <= 1 ? 2 / alpha - 1 : null);
        const bars =
          span === null ? null : Math.abs(span - Math.round(span)) < 1e-6 ? Math.round(span) : span;
        return self && bars !== null && bars >= 1 ? { pending: "ewm", of: self, n: bars } : null;
      }
      if (name === "shift") {
        const k = numArg(1);
        return self && k !== null ? call("shift", self, num(k)) : null;
      }
      if (name === "pct_change") {
        const k = numArg(1);
        return self && k !== null ? call("roc", self, num(k)) : null;
      }
      if (
        ABOVE.has(name.replace(/^[a-z]+_(?=crossed)/, "")) ||
        BELOW.has(name.replace(/^[a-z]+_(?=crossed)/, ""))
      ) {
        const other = first ? this.node(first) : null;
        if (!self || !other) return null;
        return call(
          ABOVE.has(name.replace(/^[a-z]+_(?=crossed)/, "")) ? "crosses_above" : "crosses_below",
          self,
          other,
        );
      }
      if (name === "isin" && self?.kind === "name" && self.name === "month" && first?.k === "list")
        return monthSet(first.items.flatMap((i) => (i.k === "num" ? [i.v] : [])));
      if (name === "cumcount") {
        const descending = n.kw.ascending?.k === "name" && /^false$/i.test(n.kw.ascending.v);
        return descending ? nm("days_to_month_end") : bin("-", nm("trading_day_of_month"), num(1));
      }
      if (["mean", "fit", "values", "dropna", "get", "astype", "fillna", "to_numpy", "copy"].includes(name))
        return self;
    }
    return this.function(name, n);
  }

  /** The pending window's statistic: rolling(n).mean() = sma, .std() = std, .max() = highest, ewm().mean() = ema. */
  private finish(
    p: { pending: string; of: Node; n: number },
    method: string,
    n: Extract<CNode, { k: "call" }>,
  ): Value | null {
    if (p.pending === "ewm") return method === "mean" ? call("ema", p.of, num(p.n)) : null;
    if (p.pending === "cov") {
      // `y.rolling(n).cov(x) / x.rolling(n).var()` is the rolling OLS slope: beta(y, x, n).
      return null;
    }
    const stat: Record<string, string> = {
      mean: "sma",
      std: "std",
      max: "highest",
      min: "lowest",
      var: "var",
    };
    if (method === "cov") {
      const x = n.args[0] ? this.node(n.args[0]) : null;
      return x ? call("cov", p.of, x, num(p.n)) : null;
    }
    const fn = stat[method];
    return fn ? call(fn, p.of, num(p.n)) : null;
  }

  private function(name: string, n: Extract<CNode, { k: "call" }>): Value | null {
    const { args, kw } = n;
    // Excel AVERAGE(C153:C252): the mean of the rows the range spans.
    const range =
      args.length === 1 && args[0]!.k === "bin" && args[0]!.op === ":" ? this.value(args[0]!) : null;
    if (range && "pending" in range && SMA.has(name)) return call("sma", num(range.n));
    if (range && "pending" in range && HIGHEST.has(name)) return call("highest", num(range.n));
    if (range && "pending" in range && LOWEST.has(name)) return call("lowest", num(range.n));
    // Wrappers that keep their condition: np.where(cond, 1, 0), Excel if(cond, 1, 0), AFL IIf(cond, 1, 0).
    if ((name === "where" || name === "if" || name === "iif" || name === "ifelse") && args.length === 3) {
      const yes = args[1]!;
      const no = args[2]!;
      const held = (a: CNode) =>
        (a.k === "num" && a.v > 0) ||
        (a.k === "str" && /^(?:long|buy|in|hold|invested|yes|true|1)$/i.test(a.v.trim())) ||
        (a.k === "name" && /^true$/i.test(a.v));
      if (held(yes)) return this.value(args[0]!);
      // IF(cond, 0, 1), IF(cond, "CASH", "LONG"): held when the condition is false.
      if (held(no)) {
        const c = this.node(args[0]!);
        return c ? { kind: "unary", op: "not", arg: c, col: 0 } : null;
      }
      return null;
    }
    if (name === "log" || name === "ln") {
      const v = args[0] ? this.value(args[0]) : null;
      if (v && "pending" in v && v.pending === "window") return { ...v, of: call("log", v.of) };
      return isNode(v) ? call("log", v) : null;
    }
    // statsmodels add_constant(x): the intercept's column changes no slope; pd.Series(values, index=…): the values.
    if ((name === "add_constant" || name === "series") && args[0]) return this.value(args[0]);
    // A regression of y on x over a window: statsmodels OLS(y[i-n:i], X[i-n:i]) and its .params, numpy
    // polyfit(x, y, 1) (slope first), scipy linregress(x, y) (.slope): the rolling OLS slope beta(y, x, n).
    if ((name === "ols" || name === "polyfit" || name === "linregress") && args.length >= 2) {
      const [a, b] = [this.value(args[0]!), this.value(args[1]!)];
      const [y, x] = name === "ols" ? [a, b] : [b, a];
      const degree = args[2] ? this.node(args[2]) : num(1);
      if (!y || !x || !("pending" in y) || !("pending" in x) || degree?.kind !== "num" || degree.value !== 1)
        return null;
      if (y.pending !== "window" || x.pending !== "window" || y.n !== x.n) return null;
      const slope = call("beta", y.of, x.of, num(y.n));
      if (name === "ols") return slope;
      return { obj: { slope, beta: slope, coef: slope }, tuple: [slope, nm("intercept")] };
    }
    if (name === "security" || name === "foreign" || name === "setforeign") {
      const sym = args[0];
      return sym?.k === "str" && TICKER.test(sym.v.toUpperCase())
        ? call("close", nm(sym.v.toUpperCase()))
        : null;
    }
    if (name === "month") return nm("month");
    // `bars_until_month_end(t)`, `weekday(date)`: a calendar counter called on the bar (code/calendar-calls.ts).
    const field = calendarCall(name, args);
    if (field) return field;
    // R zoo `rollapply(x, 30, mean)` / `rollapplyr(x, width = 30, FUN = sd)`: the named statistic over the window.
    if ((name === "rollapply" || name === "rollapplyr") && args[0]) {
      const x = this.node(args[0]);
      const w = args[1] ?? kw.width;
      const f = args[2] ?? kw.fun;
      const bars = w ? this.node(w) : null;
      const stat = f?.k === "name" ? ROLL_STAT[f.v.toLowerCase()] : undefined;
      if (!x || bars?.kind !== "num" || !stat) return null;
      const made = call(stat, x, bars);
      return stat === "std" ? made : call(stat, ...withSrc(x, [bars.value]));
    }
    // MATLAB `movavg(p, 'exponential', 12)` / `tsmovavg(p, 'e', 12)`: the kind of average named by its string.
    if ((name === "movavg" || name === "tsmovavg") && args.some((a) => a.k === "str")) {
      const kind = (args.find((a) => a.k === "str") as { v: string }).v.toLowerCase();
      const s = this.split(args, kw);
      const period = s?.nums[0];
      if (!s || period === undefined) return null;
      if (/^e(?:xp\w*)?$/.test(kind)) return call("ema", ...withSrc(s.src, [period]));
      if (/^s(?:imple)?$/.test(kind)) return call("sma", ...withSrc(s.src, [period]));
      return null;
    }
    // Quantopian/zipline `data.history(asset, 'price', bars, '1d')` and `data.current(asset, 'close')`: the close.
    if (
      (name === "history" || name === "current") &&
      args.some((a) => a.k === "str" && /^(?:price|close)$/i.test(a.v))
    )
      return nm("close");
    // backtesting.py self.I(SMA, self.data.Close, n): the indicator function applied to the rest.
    if (name === "i" && args[0] && (args[0].k === "name" || args[0].k === "attr") && args.length >= 2)
      return this.call({ k: "call", fn: args[0], args: args.slice(1), kw });
    // R quantmod: Cl(SPY), Ad(SPY) are a symbol's close; Lag(x, k) is k bars ago.
    if ((name === "cl" || name === "ad") && args.length === 1) {
      const a = args[0]!;
      if (a.k === "name" && TICKER.test(a.v)) return call("close", nm(a.v));
      return this.value(a);
    }
    if (name === "lag" && args[0]) {
      const x = this.node(args[0]);
      const k = args[1] ?? kw.k;
      const bars = k ? this.node(k) : num(1);
      return x && bars?.kind === "num" ? call("shift", x, bars) : null;
    }
    // Inputs with their defaults: Pine input(9) / input.int(9, "Fast"), AmiBroker Param("Fast", 9, …) and
    // Optimize("Fast", 9, …), pandas-ta style defaults: the number the code runs with.
    if (name === "input" || ((name === "int" || name === "float") && n.fn.k === "attr")) {
      const d = kw.defval ?? args[0];
      const v = d ? this.node(d) : null;
      return v?.kind === "num" ? v : null;
    }
    if ((name === "param" || name === "optimize") && args[0]?.k === "str" && args[1]) {
      const v = this.node(args[1]);
      return v?.kind === "num" ? v : null;
    }
    // AmiBroker Ref(x, -k): the value k bars ago.
    if (name === "ref" && args.length === 2) {
      const x = this.node(args[0]!);
      const k = args[1]!;
      const bars = k.k === "unary" && k.arg.k === "num" ? k.arg.v : k.k === "num" ? Math.abs(k.v) : null;
      return x && bars !== null ? (bars === 0 ? x : call("shift", x, num(bars))) : null;
    }
    if (name === "rollingols" && args.length >= 2) {
      const y = this.node(args[0]!);
      const x = this.node(args[1]!);
      // The window a literal or a variable holding one (`window=lookback`).
      const w = kw.window ?? args[2];
      const bars = w ? this.node(w) : null;
      return y && x && bars?.kind === "num" ? call("beta", y, x, num(bars.value)) : null;
    }
    if (SUFFIXED.test(name) && args.length <= 1 && Object.keys(kw).length === 0) {
      const a = args[0];
      // `ret63(SPY)`: a ticker the code never defines is that ticker's close.
      const src = !a
        ? nm("close")
        : (this.node(a) ?? (a.k === "name" && TICKER.test(a.v) ? call("close", nm(a.v)) : null));
      return src ? suffixed(name, src) : null;
    }
    // The rule language's own shift(x, k), inside code.
    if (name === "shift" && args.length === 2) {
      const x = this.node(args[0]!);
      const k = this.node(args[1]!);
      return x && k?.kind === "num" ? (k.value === 0 ? x : call("shift", x, num(Math.abs(k.value)))) : null;
    }
    if (name === "from_holding") return { obj: { holding: nm("true") }, tuple: [] };
    if (name === "ima") return this.metaTraderMA(args);
    if (ABOVE.has(name) || BELOW.has(name)) {
      // NinjaScript CrossAbove(a, b, 1): the last argument is the lookback of the cross, one bar.
      const lookback = args[2];
      if (args.length !== 2 && !(args.length === 3 && lookback?.k === "num" && lookback.v === 1)) return null;
      const a = this.node(args[0]!);
      const b = this.node(args[1]!);
      return a && b ? call(ABOVE.has(name) ? "crosses_above" : "crosses_below", a, b) : null;
    }
    if (name === "bbandtop" || name === "bbandbot") {
      const s = this.split(args, kw);
      if (s?.nums.length !== 2) return null;
      return call(name === "bbandtop" ? "bb_upper" : "bb_lower", ...withSrc(s.src, s.nums));
    }
    this.missing = null;
    const s = this.split(args, kw);
    if (!s) {
      if (this.missing && INDICATORS.some((set) => set.has(name))) this.unknown.push(this.missing);
      return null;
    }
    // The rule language's own indicators inside code that has variables (`bb_upper(10, 1.5)` beside `width[1]`),
    // with their numbers as the language takes them.
    const own = RULE_INDICATORS.has(name) ? FUNCTIONS[name] : undefined;
    if (own && s.nums.length === own.args.length && Object.keys(kw).length === 0)
      return call(name, ...withSrc(s.src, s.nums));
    const period = s.nums[0] ?? s.kw.period ?? s.kw.length ?? s.kw.window ?? s.kw.timeperiod ?? s.kw.n;
    const ewm = kw.ewm?.k === "name" && /^true$/i.test(kw.ewm.v);
    if (SMA.has(name) && period !== undefined) return call(ewm ? "ema" : "sma", ...withSrc(s.src, [period]));
    if (EMA.has(name) && period !== undefined) return call("ema", ...withSrc(s.src, [period]));
    if (RSI.has(name)) return call("rsi", ...withSrc(s.src, [period ?? 14]));
    if (ROC.has(name) && period !== undefined) return call("roc", ...withSrc(s.src, [period]));
    if (HIGHEST.has(name) && period !== undefined) return call("highest", ...withSrc(s.src, [period]));
    if (LOWEST.has(name) && period !== undefined) return call("lowest", ...withSrc(s.src, [period]));
    if (STD.has(name) && period !== undefined) return call("std", s.src, num(period));
    if (name === "macd") {
      const f =
        s.nums[0] ?? s.kw.period_me1 ?? s.kw.fast ?? s.kw.fastperiod ?? s.kw.fast_window ?? s.kw.fastlength;
      const sl =
        s.nums[1] ?? s.kw.period_me2 ?? s.kw.slow ?? s.kw.slowperiod ?? s.kw.slow_window ?? s.kw.slowlength;
      const g = s.nums[2] ?? s.kw.period_signal ?? s.kw.signal ?? s.kw.signalperiod ?? s.kw.signal_window;
      if (f === undefined || sl === undefined) return null;
      const line = call("macd", ...withSrc(s.src, [f, sl]));
      // EasyLanguage MACD(Close, f, s) is the line alone; its signal is an XAverage of it (normalised later).
      if (g === undefined) return line;
      const signal = call("macd_signal", ...withSrc(s.src, [f, sl, g]));
      return { obj: { macd: line, signal, macdline: line, signalline: signal }, tuple: [line, signal] };
    }
    // EasyLanguage BollingerBand(price, length, numDevs) is one line: the signed number of deviations picks the
    // side (−2 is the lower band with k 2, +2 the upper, 0 the middle line).
    if (name === "bollingerband" && s.nums.length === 2) {
      const [w, k] = s.nums as [number, number];
      if (k === 0) return call("sma", ...withSrc(s.src, [w]));
      return call(k > 0 ? "bb_upper" : "bb_lower", ...withSrc(s.src, [w, Math.abs(k)]));
    }
    if (name === "bb" || name === "bbands" || name === "bollingerbands" || name === "bollinger") {
      const w = s.nums[0] ?? s.kw.period ?? s.kw.window ?? s.kw.length ?? s.kw.n ?? s.kw.timeperiod ?? 20;
      const k =
        s.nums[1] ??
        s.kw.devfactor ??
        s.kw.alpha ??
        s.kw.mult ??
        s.kw.nbdevup ??
        s.kw.sd ??
        s.kw.std ??
        s.kw.k ??
        s.kw.num_std ??
        s.kw.nbdev ??
        2;
      const mid = call("sma", ...withSrc(s.src, [w]));
      const up = call("bb_upper", ...withSrc(s.src, [w, k]));
      const lo = call("bb_lower", ...withSrc(s.src, [w, k]));
      return {
        obj: { mid, middle: mid, mavg: mid, top: up, upper: up, up, bot: lo, lower: lo, dn: lo },
        // TA-Lib's BBANDS returns (upper, middle, lower); Pine's ta.bb and MATLAB's bollinger the middle first.
        tuple: name === "bbands" ? [up, mid, lo] : [mid, up, lo],
      };
    }
    return null;
  }

  /** MetaTrader iMA(symbol, timeframe, period, shift, MODE_SMA|MODE_EMA, PRICE_CLOSE). */
  private metaTraderMA(args: CNode[]): Value | null {
    const period = args[2];
    const mode = args[4];
    if (period?.k !== "num" || mode?.k !== "name") return null;
    if (mode.v === "MODE_EMA") return call("ema", num(period.v));
    if (mode.v === "MODE_SMA") return call("sma", num(period.v));
    return null;
  }
}

/**
 * The bars a slice over a loop's counter spans: `i-90:i`, `i-89:i+1`, `t - 60 : t` are 90, 90 and 60 bars; null for
 * any other slice (two counters, a fixed range). A counter ± a literal on each side, the same counter on both.
 */
function loopWindow(slice: Extract<CNode, { k: "bin" }>): number | null {
  const side = (n: CNode): { at: string; plus: number } | null => {
    if (n.k === "name") return { at: n.v, plus: 0 };
    if (n.k !== "bin" || (n.op !== "+" && n.op !== "-") || n.right.k !== "num") return null;
    const inner = side(n.left);
    return inner && { at: inner.at, plus: inner.plus + (n.op === "+" ? n.right.v : -n.right.v) };
  };
  const [from, to] = [side(slice.left), side(slice.right)];
  if (!from || !to || from.at !== to.at) return null;
  const bars = to.plus - from.plus;
  return Number.isInteger(bars) && bars >= 2 ? bars : null;
}

const isModulePath = (n: CNode): boolean => {
  const p = pathOf(n);
  return !!p && MODULES.has(p[0]!.toLowerCase()) && p.length <= 3 && !p.some((x) => /close|data/i.test(x));
};

/** The series argument is left out when it is the close, as the rule language writes it. */
function withSrc(src: Node, nums: number[]): Node[] {
  const rest = nums.map(num);
  return src.kind === "name" && src.name === "close" ? rest : [src, ...rest];
}

/** A set of months held, e.g. [10, 11, 12, 1, 2, 3], as the season rule's "month >= 10 or month <= 3". */
export function monthSet(months: number[]): Value | null {
  const set = new Set(months);
  if (set.size === 0 || set.size >= 12) return null;
  // The season starts at the month whose predecessor is out, and ends at the month whose successor is out.
  const prev = (m: number) => ((m + 10) % 12) + 1;
  const next = (m: number) => (m % 12) + 1;
  const starts = [...set].filter((m) => !set.has(prev(m)));
  const ends = [...set].filter((m) => !set.has(next(m)));
  if (starts.length !== 1 || ends.length !== 1) return null;
  const [s, e] = [starts[0]!, ends[0]!];
  if (s > e) return bin("or", bin(">=", nm("month"), num(s)), bin("<=", nm("month"), num(e)));
  return bin("and", bin(">=", nm("month"), num(s)), bin("<=", nm("month"), num(e)));
}

/** R's statistics passed to zoo's rollapply by name. */
const ROLL_STAT: Record<string, string> = { mean: "sma", sd: "std", max: "highest", min: "lowest" };

/** A constant expression's value (`2/41`, `-3`), or null. */
function constant(n: Node): number | null {
  if (n.kind === "num") return n.value;
  if (n.kind === "unary" && n.op === "-") {
    const v = constant(n.arg);
    return v === null ? null : -v;
  }
  if (n.kind !== "binary") return null;
  const [a, b] = [constant(n.left), constant(n.right)];
  if (a === null || b === null) return null;
  if (n.op === "+") return a + b;
  if (n.op === "-") return a - b;
  if (n.op === "*") return a * b;
  if (n.op === "/") return b === 0 ? null : a / b;
  return null;
}

/** Indicators' numbers after the series, which the rule language leaves out when it is the close. */
const NUMBERS: Record<string, number> = {
  sma: 1,
  ema: 1,
  rsi: 1,
  roc: 1,
  highest: 1,
  lowest: 1,
  zscore: 1,
  bb_upper: 2,
  bb_lower: 2,
  macd: 2,
  macd_signal: 3,
};
const implicitClose = (n: Extract<Node, { kind: "call" }>) =>
  NUMBERS[n.fn] === n.args.length && n.args.every((a) => a.kind === "num");

/** Whether a series is computed from the bare close (not a named ticker's). */
function usesClose(n: Node): boolean {
  if (n.kind === "name") return n.name === "close";
  if (n.kind === "call") return n.fn !== "close" && (implicitClose(n) || n.args.some(usesClose));
  if (n.kind === "unary") return usesClose(n.arg);
  if (n.kind === "binary") return usesClose(n.left) || usesClose(n.right);
  return false;
}

/** The same computation on one ticker's close. */
function onTicker(n: Node, ticker: string): Node {
  const close = call("close", nm(ticker));
  if (n.kind === "name") return n.name === "close" ? close : n;
  if (n.kind === "call") {
    if (n.fn === "close") return n;
    if (implicitClose(n)) return call(n.fn, close, ...n.args);
    return { ...n, args: n.args.map((a) => onTicker(a, ticker)) };
  }
  if (n.kind === "unary") return { ...n, arg: onTicker(n.arg, ticker) };
  if (n.kind === "binary") return { ...n, left: onTicker(n.left, ticker), right: onTicker(n.right, ticker) };
  return n;
}
