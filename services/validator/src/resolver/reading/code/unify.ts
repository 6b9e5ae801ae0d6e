import { type NamedRule, RULES } from "../../../rules/library.ts";
import { type Node, parseRule } from "../../../rules/parse.ts";
import type { Params } from "../../../strategies/catalog.ts";
import { bandWidthForm } from "./squeeze.ts";
import { call, num } from "./translate.ts";

/**
 * A rule read from code matched against the library by structure: each rule's entry and exit are unified with
 * the code's, `{param}` placeholders binding to the literal numbers and slots (A, B) to the tickers. Both sides
 * are first put in one normal form: the close as default series left out, `sma ± k·std` as Bollinger bands,
 * `(x − sma(x, n)) / std(x, n)` as zscore, `ema(macd(f, s), g)` as macd_signal, `cov / var` as beta,
 * `log(a / b)` as `log(a) − log(b)`, a comparison and its shifted opposite as a crossing, `not` pushed inward.
 * Comparisons match by direction (`<` and `<=` alike) and either way round; `and`/`or` in any order; a crossing
 * of a below b is b crossing above a; a `{hedge} *` factor the code leaves out is 1.
 */

type Bin = Extract<Node, { kind: "binary" }>;
const COMPARE = new Set(["<", "<=", ">", ">=", "==", "!="]);
const FLIP: Record<string, Bin["op"]> = {
  "<": ">",
  "<=": ">=",
  ">": "<",
  ">=": "<=",
  "==": "==",
  "!=": "!=",
};
const NEGATE: Record<string, Bin["op"]> = {
  "<": ">=",
  "<=": ">",
  ">": "<=",
  ">=": "<",
  "==": "!=",
  "!=": "==",
};
const OPTIONAL_SERIES = new Set([
  "sma",
  "ema",
  "rsi",
  "bb_upper",
  "bb_lower",
  "macd",
  "macd_signal",
  "highest",
  "lowest",
  "roc",
  "zscore",
  "std",
]);
const ARITY: Record<string, number> = {
  sma: 1,
  ema: 1,
  rsi: 1,
  bb_upper: 2,
  bb_lower: 2,
  macd: 2,
  macd_signal: 3,
  highest: 1,
  lowest: 1,
  roc: 1,
  zscore: 1,
  std: 1,
};

/** Statistics over a window of one series, which commute with a shift of that series. */
const ROLLING = new Set(["highest", "lowest", "sma", "ema", "std", "zscore", "roc", "rsi"]);
const isClose = (n: Node | undefined) => n?.kind === "name" && n.name === "close";
const same = (a: Node, b: Node): boolean => JSON.stringify(strip(a)) === JSON.stringify(strip(b));
const strip = (n: Node): unknown => JSON.parse(JSON.stringify(n, (k, v) => (k === "col" ? undefined : v)));
const bin = (op: Bin["op"], left: Node, right: Node): Node => ({ kind: "binary", op, left, right, col: 0 });

/** The series and numbers of an indicator call, the close made explicit: sma(50) → [close, 50]. */
function seriesArgs(n: Extract<Node, { kind: "call" }>): { src: Node; rest: Node[] } | null {
  const arity = ARITY[n.fn];
  if (arity === undefined) return null;
  if (n.args.length === arity) return { src: { kind: "name", name: "close", col: 0 }, rest: n.args };
  if (n.args.length === arity + 1) return { src: n.args[0]!, rest: n.args.slice(1) };
  return null;
}
const withSeries = (fn: string, src: Node, rest: Node[]): Node =>
  call(fn, ...(isClose(src) ? rest : [src, ...rest]));

export function normalise(node: Node): Node {
  switch (node.kind) {
    case "call": {
      const args = node.args.map(normalise);
      let n: Extract<Node, { kind: "call" }> = { ...node, args };
      // sma(close, 50) → sma(50)
      if (OPTIONAL_SERIES.has(n.fn) && args.length === (ARITY[n.fn] ?? -1) + 1 && isClose(args[0]))
        n = { ...n, args: args.slice(1) };
      // ema(macd(f, s), g) → macd_signal(f, s, g)
      const inner = n.args[0];
      if (n.fn === "ema" && n.args.length === 2 && inner?.kind === "call" && inner.fn === "macd")
        return call("macd_signal", ...inner.args, n.args[1]!);
      // highest(shift(close, 1), 20) → shift(highest(20), 1): a window statistic of yesterday's series is
      // yesterday's statistic (backtrader's `Highest(self.data.close(-1), period=20)`).
      if (inner?.kind === "call" && inner.fn === "shift" && inner.args.length === 2 && ROLLING.has(n.fn)) {
        const [src, k] = inner.args as [Node, Node];
        const rest = n.args.slice(1);
        if (k.kind === "num" && rest.length === ARITY[n.fn] && rest.every((a) => a.kind === "num"))
          return normalise(call("shift", withSeries(n.fn, src, rest), k));
      }
      // log(a / b) → log(a) - log(b)
      if (n.fn === "log" && inner?.kind === "binary" && inner.op === "/")
        return bin("-", call("log", inner.left), call("log", inner.right));
      return n;
    }
    case "unary": {
      const arg = normalise(node.arg);
      if (node.op === "not") return negate(arg);
      if (arg.kind === "num") return num(-arg.value);
      return { ...node, arg };
    }
    case "binary": {
      const left = normalise(node.left);
      const right = normalise(node.right);
      if (node.op === "and") return crossings(conjuncts(bin("and", left, right)));
      return fold({ ...node, left, right });
    }
    default:
      return node;
  }
}

/** `not` pushed inward: not (a > b) → a <= b; De Morgan over and/or. */
function negate(n: Node): Node {
  if (n.kind === "binary" && COMPARE.has(n.op)) return { ...n, op: NEGATE[n.op]! };
  if (n.kind === "binary" && (n.op === "and" || n.op === "or"))
    return normalise(bin(n.op === "and" ? "or" : "and", negate(n.left), negate(n.right)));
  if (n.kind === "unary" && n.op === "not") return n.arg;
  return { kind: "unary", op: "not", arg: n, col: 0 };
}

/** Arithmetic idioms: Bollinger bands, z-score, rolling beta. */
function fold(n: Bin): Node {
  const { op, left, right } = n;
  // sma(x, n) ± k * std(x, n) → bb_upper / bb_lower(x, n, k)
  if ((op === "+" || op === "-") && left.kind === "call" && left.fn === "sma") {
    const scaled = scale(right);
    const m = seriesArgs(left);
    if (scaled && m && scaled.std.kind === "call") {
      const s = seriesArgs(scaled.std);
      if (s && same(s.src, m.src) && same(s.rest[0]!, m.rest[0]!))
        return withSeries(op === "+" ? "bb_upper" : "bb_lower", m.src, [m.rest[0]!, num(scaled.k)]);
    }
  }
  // (x - shift(sma(x, n), 1)) / shift(std(x, n), 1): the z-score against the n bars before this one, as a loop
  // over the bars writes it (`close[t-20:t]`, loops.ts): the z-score rule with the same window.
  const prior = priorZscore(n);
  if (prior) return fold(prior);
  // (x - sma(x, n)) / std(x, n) → zscore(x, n)
  if (
    op === "/" &&
    left.kind === "binary" &&
    left.op === "-" &&
    right.kind === "call" &&
    right.fn === "std"
  ) {
    const m = left.right.kind === "call" && left.right.fn === "sma" ? seriesArgs(left.right) : null;
    const s = seriesArgs(right);
    if (m && s && same(m.src, left.left) && same(s.src, left.left) && same(m.rest[0]!, s.rest[0]!))
      return withSeries("zscore", left.left, [m.rest[0]!]);
  }
  // x / shift(x, n) - 1 → roc(x, n): a return written as a price ratio.
  if (op === "-" && right.kind === "num" && right.value === 1 && left.kind === "binary" && left.op === "/") {
    const back = left.right;
    if (
      back.kind === "call" &&
      back.fn === "shift" &&
      back.args.length === 2 &&
      same(back.args[0]!, left.left)
    )
      return withSeries("roc", left.left, [back.args[1]!]);
  }
  // x / shift(x, n) > 1 → roc(x, n) > 0, and x > shift(x, n) too: the return's sign told as a price ratio against 1
  // or as the price against its own value n bars ago.
  if (COMPARE.has(op) && (op.startsWith(">") || op.startsWith("<"))) {
    const lagged = (x: Node, back: Node) =>
      back.kind === "call" && back.fn === "shift" && back.args.length === 2 && same(back.args[0]!, x)
        ? back.args[1]!
        : null;
    if (right.kind === "num" && right.value === 1 && left.kind === "binary" && left.op === "/") {
      const k = lagged(left.left, left.right);
      if (k) return bin(op, withSeries("roc", left.left, [k]), num(0));
    }
    const k = lagged(left, right);
    if (k && !hasShift(left)) return bin(op, withSeries("roc", left, [k]), num(0));
  }
  // days_to_month_end + 1 == 3 → days_to_month_end == 2: a counter with another origin, as the field.
  if (
    COMPARE.has(op) &&
    right.kind === "num" &&
    left.kind === "binary" &&
    (left.op === "+" || left.op === "-") &&
    left.left.kind === "name" &&
    left.right.kind === "num"
  )
    return bin(op, left.left, num(right.value + (left.op === "+" ? -1 : 1) * left.right.value));
  // (up - lo) / mid → up - lo; w == lowest(w, n) → w <= lowest(w, n) (code/squeeze.ts).
  const width = bandWidthForm(n);
  if (width) return width.kind === "binary" ? fold(width) : width;
  // cov(y, x, n) / var(x, n) → beta(y, x, n)
  if (
    op === "/" &&
    left.kind === "call" &&
    left.fn === "cov" &&
    right.kind === "call" &&
    right.fn === "var"
  ) {
    const [y, x, w] = left.args;
    if (y && x && w && same(right.args[0]!, x) && same(right.args[1]!, w)) return call("beta", y, x, w);
  }
  return n;
}

/** `(x - shift(m, 1)) / shift(s, 1)` with m an average and s a deviation: `(x - m) / s`; null otherwise. */
function priorZscore(n: Bin): Bin | null {
  const { op, left, right } = n;
  const lagged = (x: Node, fn: string) =>
    x.kind === "call" &&
    x.fn === "shift" &&
    x.args[1]?.kind === "num" &&
    x.args[1].value === 1 &&
    x.args[0]?.kind === "call" &&
    x.args[0].fn === fn
      ? x.args[0]
      : null;
  if (op !== "/" || left.kind !== "binary" || left.op !== "-") return null;
  const [m, s] = [lagged(left.right, "sma"), lagged(right, "std")];
  return m && s ? { ...n, left: { ...left, right: m }, right: s } : null;
}

/** k * std(…) or std(…) * k. */
function scale(n: Node): { k: number; std: Node } | null {
  if (n.kind === "call" && n.fn === "std") return { k: 1, std: n };
  if (n.kind !== "binary" || n.op !== "*") return null;
  if (n.left.kind === "num" && n.right.kind === "call" && n.right.fn === "std")
    return { k: n.left.value, std: n.right };
  if (n.right.kind === "num" && n.left.kind === "call" && n.left.fn === "std")
    return { k: n.right.value, std: n.left };
  return null;
}

const conjuncts = (n: Node): Node[] =>
  n.kind === "binary" && n.op === "and" ? [...conjuncts(n.left), ...conjuncts(n.right)] : [n];
const hasShift = (n: Node): boolean =>
  n.kind === "call"
    ? n.fn === "shift" || n.args.some(hasShift)
    : n.kind === "binary"
      ? hasShift(n.left) || hasShift(n.right)
      : n.kind === "unary" && hasShift(n.arg);

/**
 * `(a > b) & (a.shift() <= b.shift())`, `rsi[0] < 25 <= rsi[-1]`: a strict comparison and, beside it, the
 * opposite non-strict one a bar earlier is a crossing (vectorbt's crossed_above/below). Yesterday's may come first
 * (`(rsi.shift(1) >= 30) & (rsi < 30)`) when it is today's own comparison lagged, so that a squeeze's lagged width
 * before a breakout is not taken for the breakout's yesterday.
 */
function crossings(list: Node[]): Node {
  const out: Node[] = [];
  const today = (n: Node | undefined): Bin | null =>
    n?.kind === "binary" && (n.op === "<" || n.op === ">") && !hasShift(n) ? n : null;
  const before = (n: Node | undefined): n is Bin =>
    n?.kind === "binary" && (n.op === "<=" || n.op === ">=") && hasShift(n);
  for (let i = 0; i < list.length; i++) {
    const [p, q] = [list[i]!, list[i + 1]];
    const t = today(p);
    const u = today(q);
    const now = t && before(q) ? t : u && before(p) && laggedOpposite(p, u) ? u : null;
    if (now) {
      out.push(call(now.op === ">" ? "crosses_above" : "crosses_below", now.left, now.right));
      i++;
    } else out.push(p);
  }
  return out.reduce((a, b) => bin("and", a, b));
}

/** Whether `was` is `now`'s opposite a bar earlier: its sides `now`'s, shifted, on the other side of the line. */
function laggedOpposite(was: Bin, now: Bin): boolean {
  const unshift = (n: Node): Node =>
    n.kind === "call" && n.fn === "shift" && n.args.length === 2 ? n.args[0]! : n;
  const [l, r] = [unshift(was.left), unshift(was.right)];
  const below = (op: string) => op.startsWith("<");
  if (same(l, now.left) && same(r, now.right)) return below(was.op) !== below(now.op);
  return same(l, now.right) && same(r, now.left) && below(was.op) === below(now.op);
}

/** Bindings of placeholders (numbers) and slots (tickers; "" is the chart's own symbol). */
interface Binding {
  params: Record<string, number>;
  slots: Record<string, string>;
}

function unify(t: Node, c: Node, b: Binding, slots: readonly string[]): boolean {
  const snapshot = JSON.stringify(b);
  const undo = () => {
    const back = JSON.parse(snapshot) as Binding;
    b.params = back.params;
    b.slots = back.slots;
    return false;
  };
  if (t.kind === "param") {
    if (c.kind !== "num") return false;
    if (t.name in b.params) return Math.abs(b.params[t.name]! - c.value) < 1e-9;
    b.params[t.name] = c.value;
    return true;
  }
  if (t.kind === "num") return c.kind === "num" && Math.abs(t.value - c.value) < 1e-9;
  if (t.kind === "name") return c.kind === "name" && c.name === t.name;
  if (t.kind === "unary") {
    if (t.op === "-" && c.kind === "num") return unify(t.arg, num(-c.value), b, slots);
    return c.kind === "unary" && c.op === t.op && unify(t.arg, c.arg, b, slots);
  }
  if (t.kind === "call") {
    // close(A): a slot binds to the ticker, or to the chart's own symbol when the code says just `close`.
    if (
      t.fn === "close" &&
      t.args.length === 1 &&
      t.args[0]!.kind === "name" &&
      slots.includes(t.args[0]!.name.toUpperCase())
    ) {
      const slot = t.args[0]!.name.toUpperCase();
      const sym =
        c.kind === "call" && c.fn === "close" && c.args[0]?.kind === "name"
          ? c.args[0].name.toUpperCase()
          : isClose(c)
            ? ""
            : null;
      if (sym === null) return false;
      if (slot in b.slots) return b.slots[slot] === sym;
      if (Object.values(b.slots).includes(sym)) return false;
      b.slots[slot] = sym;
      return true;
    }
    // An indicator's series made explicit on both sides: roc(close(A), n) against roc(n) on the chart's symbol.
    const ts = seriesArgs(t);
    const cs = c.kind === "call" && c.fn === t.fn ? seriesArgs(c) : null;
    if (ts && cs && ts.rest.length === cs.rest.length) {
      if (unify(ts.src, cs.src, b, slots) && ts.rest.every((a, i) => unify(a, cs.rest[i]!, b, slots)))
        return true;
      return undo();
    }
    if (c.kind === "call" && c.fn === t.fn && c.args.length === t.args.length) {
      if (t.args.every((a, i) => unify(a, c.args[i]!, b, slots))) return true;
      undo();
    }
    // crosses_below(a, b) is crosses_above(b, a).
    const swap: Record<string, string> = { crosses_above: "crosses_below", crosses_below: "crosses_above" };
    if (c.kind === "call" && swap[t.fn] === c.fn && c.args.length === 2 && t.args.length === 2) {
      if (unify(t.args[0]!, c.args[1]!, b, slots) && unify(t.args[1]!, c.args[0]!, b, slots)) return true;
      undo();
    }
    return false;
  }
  // binary
  const bound = integerBound(t, c);
  if (bound) return unify(bound.t, bound.c, b, slots);
  if (COMPARE.has(t.op)) {
    if (c.kind !== "binary" || !COMPARE.has(c.op)) return false;
    const dir = (op: string) => op.replace("=", "") || "=";
    if (dir(c.op) === dir(t.op) && unify(t.left, c.left, b, slots) && unify(t.right, c.right, b, slots))
      return true;
    undo();
    if (
      dir(FLIP[c.op]!) === dir(t.op) &&
      unify(t.left, c.right, b, slots) &&
      unify(t.right, c.left, b, slots)
    )
      return true;
    return undo();
  }
  if (t.op === "and" || t.op === "or") {
    const flat = (n: Node, op: string): Node[] =>
      n.kind === "binary" && n.op === op ? [...flat(n.left, op), ...flat(n.right, op)] : [n];
    const ts = flat(t, t.op);
    const cs = flat(c, t.op);
    if (ts.length !== cs.length) return false;
    const match = (i: number, used: Set<number>): boolean => {
      if (i === ts.length) return true;
      for (let j = 0; j < cs.length; j++) {
        if (used.has(j)) continue;
        const snap = JSON.stringify(b);
        if (unify(ts[i]!, cs[j]!, b, slots) && match(i + 1, new Set([...used, j]))) return true;
        const back = JSON.parse(snap) as Binding;
        b.params = back.params;
        b.slots = back.slots;
      }
      return false;
    };
    return match(0, new Set());
  }
  if (
    c.kind === "binary" &&
    c.op === t.op &&
    unify(t.left, c.left, b, slots) &&
    unify(t.right, c.right, b, slots)
  )
    return true;
  undo();
  // A tolerance the rule fixes (`1.1 * lowest(width, {lookback})`) against the code's own, or none (`width <=
  // width.rolling(250).min()`): the rule's is the nearest the library has, and what it scales still binds.
  if (t.op === "*" && t.left.kind === "num") {
    const scaled =
      c.kind === "binary" && c.op === "*"
        ? c.left.kind === "num" && c.left.value > 0
          ? c.right
          : c.right.kind === "num" && c.right.value > 0
            ? c.left
            : null
        : c;
    if (scaled && unify(t.right, scaled, b, slots)) return true;
    undo();
  }
  // {hedge} * x against x alone: the factor is 1.
  if (t.op === "*" && t.left.kind === "param" && (b.params[t.left.name] ?? 1) === 1) {
    if (unify(t.right, c, b, slots)) {
      b.params[t.left.name] = 1;
      return true;
    }
    undo();
  }
  return false;
}

/** The tickers of `close(T)` calls in a tree. */
function tickers(n: Node): string[] {
  if (n.kind === "call") {
    if (n.fn === "close" && n.args.length === 1 && n.args[0]!.kind === "name")
      return [n.args[0]!.name.toUpperCase()];
    return n.args.flatMap(tickers);
  }
  if (n.kind === "unary") return tickers(n.arg);
  if (n.kind === "binary") return [...tickers(n.left), ...tickers(n.right)];
  return [];
}

/** close(T) → close, then the normal form again (sma(close, n) → sma(n)). */
function ownClose(n: Node): Node {
  const swap = (m: Node): Node => {
    if (m.kind === "call") {
      if (m.fn === "close" && m.args.length === 1 && m.args[0]!.kind === "name")
        return { kind: "name", name: "close", col: 0 };
      return { ...m, args: m.args.map(swap) };
    }
    if (m.kind === "unary") return { ...m, arg: swap(m.arg) };
    if (m.kind === "binary") return { ...m, left: swap(m.left), right: swap(m.right) };
    return m;
  };
  return normalise(swap(n));
}

/** Fields whose values are whole numbers: `month > 9` is `month >= 10`. */
const INTEGER_FIELDS = new Set(["month", "day_of_week", "trading_day_of_month", "days_to_month_end"]);

/**
 * A comparison of a whole-number field with a number, restated with the template's strictness (`month > 9`
 * against `month >= {start}` is `month >= 10`), so placeholders bind to the month the code means.
 */
function integerBound(t: Node, c: Node): { t: Node; c: Node } | null {
  if (t.kind !== "binary" || !COMPARE.has(t.op) || t.left.kind !== "name" || !INTEGER_FIELDS.has(t.left.name))
    return null;
  if (c.kind !== "binary" || !COMPARE.has(c.op)) return null;
  // The code's comparison with the field on the left.
  let { op, left, right } = c;
  const flipped = right.kind === "name" && left.kind === "num";
  if (flipped) [left, right, op] = [right, left, FLIP[op]!];
  if (
    left.kind !== "name" ||
    left.name !== t.left.name ||
    right.kind !== "num" ||
    !Number.isInteger(right.value)
  )
    return null;
  const strict = (o: string) => o === "<" || o === ">";
  if (op === "==" || op === "!=" || t.op === "==" || t.op === "!=" || strict(op) === strict(t.op))
    return flipped ? { t, c: bin(op, left, right) } : null;
  const v = right.value;
  // > v is >= v + 1; >= v is > v - 1; < v is <= v - 1; <= v is < v + 1.
  const restated = op === ">" ? v + 1 : op === ">=" ? v - 1 : op === "<" ? v - 1 : /* <= */ v + 1;
  const newOp = (op === ">" ? ">=" : op === ">=" ? ">" : op === "<" ? "<=" : "<") as Bin["op"];
  return { t, c: bin(newOp, left, num(restated)) };
}

const templates = RULES.map((r) => ({
  rule: r,
  entry: normalise(parseRule(r.entry)),
  exit: normalise(parseRule(r.exit)),
}));

export interface CodeMatch {
  rule: NamedRule;
  params: Params;
  /** The code's exit matched the rule's too (not only its entry). */
  exitMatched: boolean;
  /** A rule across symbols: the tickers its slots are bound to, in the slots' order (the first is traded). */
  symbols?: string[];
}

/**
 * The library rule whose entry (and exit, when the code has one) unify with the code's, with its parameters:
 * the bound placeholders, the rule's defaults for any the code does not state.
 */
export function matchRule(entry: Node, exit: Node | null): CodeMatch | null {
  const e0 = normalise(entry);
  const x0 = exit ? normalise(exit) : null;
  // Code on one symbol's column (`spy = px['SPY']`, `Cl(SPY)`): for a rule on one symbol, that symbol is the one
  // traded and its close is `close`. (A rule across symbols keeps it: `roc(close(TLT), n)` is slot B.)
  const single = new Set([...tickers(e0), ...(x0 ? tickers(x0) : [])]).size === 1;
  const own = single ? { e: ownClose(e0), x: x0 ? ownClose(x0) : null } : { e: e0, x: x0 };
  for (const { rule, entry: te, exit: tx } of templates) {
    const { e, x } = rule.slots ? { e: e0, x: x0 } : own;
    const b: Binding = { params: {}, slots: {} };
    const slots = rule.slots ?? [];
    if (!unify(te, e, b, slots)) continue;
    if (x && !unify(tx, x, b, slots)) continue;
    const params = { ...rule.defaults, ...b.params };
    if (rule.check?.(params)) continue;
    const symbols = rule.slots?.map((slot) => b.slots[slot] ?? "");
    return { rule, params, exitMatched: !!x, ...(symbols?.every(Boolean) ? { symbols } : {}) };
  }
  return null;
}
