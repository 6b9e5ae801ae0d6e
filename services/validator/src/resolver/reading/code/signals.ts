import type { Node } from "../../../rules/parse.ts";
import { type CNode, parseCode } from "./parse-code.ts";
import type { Translator } from "./translate.ts";

/**
 * A signal column set by nested conditionals, the way spreadsheets, R and numpy write a position that is kept until
 * the other side's condition: Excel `IF(c1, "buy", IF(c2, "sell", ""))`, R `ifelse(c1, 1, ifelse(c2, 0, NA))` then
 * carried forward (`na.locf`), numpy `np.where(c1, 1, np.where(c2, 0, np.nan))` then `ffill()`, `np.select([c1, c2],
 * [1, 0], default=np.nan)`. The first condition opens the position and the second closes it (or the other way round
 * when the sell comes first); when neither holds the value is left blank, so the position is held, which is the
 * entry/exit pair of a rule and not a state held only while the first condition is true. A -1 (a short) closes the
 * long side and is counted as a short.
 */
export interface Signal {
  entry: Node;
  exit: Node;
  /** The exit's value opens a short (-1, "short"). */
  short: boolean;
}

type Side = "enter" | "exit" | "short" | "blank";

const ENTER = /^(?:buy|long|in|enter|entry|hold|invested|yes|true|go long|be long)$/i;
const EXIT = /^(?:sell|exit|out|cash|flat|close|no|false|get out)$/i;
const SHORT = /^(?:short|sell short|go short)$/i;
const BLANK = /^(?:na|nan|none|null|nat|na_real_|na_integer_)$/i;

/** What a branch's value says: open the position, close it, open a short, or leave it as it was (blank). */
function sideOf(n: CNode): Side | null {
  if (n.k === "num") return n.v > 0 ? "enter" : n.v === 0 ? "exit" : "short";
  if (n.k === "unary" && n.op === "-" && n.arg.k === "num") return n.arg.v > 0 ? "short" : "exit";
  if (n.k === "str") {
    const v = n.v.trim();
    if (v === "") return "blank";
    return ENTER.test(v) ? "enter" : EXIT.test(v) ? "exit" : SHORT.test(v) ? "short" : null;
  }
  if (n.k === "name") {
    if (BLANK.test(n.v)) return "blank";
    if (/^true$/i.test(n.v)) return "enter";
    if (/^false$/i.test(n.v)) return "exit";
    return null;
  }
  // The column's own previous value (`C59` in C60, `sig[1]`, `nz(sig[1])`, `pos.shift(1)`): the position kept.
  if (n.k === "index" || (n.k === "call" && /^(?:shift|nz|lag|ref)$/.test(fnName(n)))) return "blank";
  // np.nan, math.nan, pd.NA, float("nan"), NA_real_: no value.
  if (n.k === "attr") return BLANK.test(n.name) ? "blank" : null;
  if (n.k === "call" && n.fn.k === "name" && /^float$/i.test(n.fn.v) && n.args[0]?.k === "str")
    return /^nan$/i.test(n.args[0].v) ? "blank" : null;
  return null;
}

/** The name of a call's function, lower-case (`np.where` → where). */
const fnName = (n: CNode) =>
  n.k !== "call"
    ? ""
    : n.fn.k === "name"
      ? n.fn.v.toLowerCase()
      : n.fn.k === "attr"
        ? n.fn.name.toLowerCase()
        : "";
const CONDITIONAL = new Set(["if", "iif", "ifelse", "if_else", "where"]);

/** The branches of a conditional call as [condition, value] pairs and the default, or null. */
function branches(n: CNode): { arms: Array<[CNode, CNode]>; rest: CNode } | null {
  const name = fnName(n);
  if (n.k !== "call") return null;
  if (CONDITIONAL.has(name) && n.args.length === 3) {
    const [c, yes, no] = n.args as [CNode, CNode, CNode];
    const inner = branches(no);
    return inner ? { arms: [[c, yes], ...inner.arms], rest: inner.rest } : { arms: [[c, yes]], rest: no };
  }
  // np.select([c1, c2], [v1, v2], default=…)
  if (name === "select" && n.args[0]?.k === "list" && n.args[1]?.k === "list") {
    const [cs, vs] = [n.args[0].items, n.args[1].items];
    if (cs.length !== vs.length) return null;
    const rest = n.args[2] ?? n.kw.default ?? { k: "num", v: 0 };
    return { arms: cs.map((c, i) => [c, vs[i]!] as [CNode, CNode]), rest };
  }
  return null;
}

/** The entry and exit of a nested signal, or null when the code is not one (a single IF, a state 1/0). */
function nestedSignal(tr: Translator, n: CNode): Signal | null {
  const b = branches(n);
  if (b?.arms.length !== 2 || sideOf(b.rest) !== "blank") return null;
  const [[c1, v1], [c2, v2]] = b.arms as [[CNode, CNode], [CNode, CNode]];
  const [s1, s2] = [sideOf(v1), sideOf(v2)];
  const opens = s1 === "enter" ? 0 : s2 === "enter" ? 1 : -1;
  const other = opens === 0 ? s2 : s1;
  if (opens < 0 || (other !== "exit" && other !== "short")) return null;
  const [entry, exit] = opens === 0 ? [tr.node(c1), tr.node(c2)] : [tr.node(c2), tr.node(c1)];
  return entry && exit ? { entry, exit, short: other === "short" } : null;
}

const CALL_START = /(?<![\w.])(?:np\.|numpy\.|dplyr::)?(?:where|if|iif|ifelse|if_else|select)\s*\(/gi;

/**
 * The first nested signal written anywhere in a line of code or prose (`sig <- ifelse(…)`, `=IF(…)` after a note,
 * `df['s'] = np.where(…)`), read from the outermost conditional call.
 */
export function signalIn(tr: Translator, raw: string): Signal | null {
  const line = elementwise(raw);
  // A whole right-hand side: Python's `1 if c1 else (0 if c2 else np.nan)`, Pine's `c1 ? 1 : c2 ? 0 : nz(s[1])`.
  const rhs = /^[\w.[\]'"]+\s*(?::=|<-|=(?!=))\s*([\s\S]+)$/.exec(line.trim())?.[1];
  const whole = rhs ? parseCode(rhs) : null;
  const direct = whole ? nestedSignal(tr, whole) : null;
  if (direct) return direct;
  for (const m of line.matchAll(CALL_START)) {
    const open = m.index + m[0].length - 1;
    const close = closing(line, open);
    if (close < 0) continue;
    const c = parseCode(line.slice(m.index, close + 1));
    const s = c ? nestedSignal(tr, c) : null;
    if (s) return s;
  }
  return null;
}

/** The index of the bracket closing the one at `open`, outside strings; -1 when it does not close. */
function closing(s: string, open: number): number {
  let depth = 0;
  let quote = "";
  for (let i = open; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i;
  }
  return -1;
}

/**
 * A function applied to each value of a series, written out on the series itself: `x.apply(lambda v: 1 if v < 15
 * else …)` and `[1 if v < -2 else … for v in x]` are the body with `x` for `v`.
 */
function elementwise(line: string): string {
  return line
    .replace(
      /([\w.[\]'"]+)\.(?:apply|map)\(\s*lambda\s+(\w+)\s*:\s*([^\n]+)\)\s*$/,
      (all, x: string, v: string, body: string) =>
        closing(`(${body})`, 0) === body.length + 1 ? `(${swap(body, v, x)})` : all,
    )
    .replace(
      /\[\s*([^\n]+?)\s+for\s+(\w+)\s+in\s+([\w.[\]'"]+)\s*\]/,
      (_all, body: string, v: string, x: string) => `(${swap(body, v, x)})`,
    );
}
const swap = (body: string, v: string, x: string) => body.replace(new RegExp(`\\b${v}\\b`, "g"), x);
