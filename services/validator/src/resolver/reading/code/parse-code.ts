/**
 * A tolerant expression parser for code pasted from trading platforms (Pine Script, pandas/numpy, vectorbt,
 * backtrader, AmiBroker AFL, EasyLanguage, MQL, Excel, SQL). It reads the union of their expression syntax
 * (method chains, attributes, indexing, keyword arguments, `&`/`|`/`and`/`or`, chained comparisons, strings and
 * lists) into one tree; translate.ts then maps each dialect's idioms onto the rule language. It never throws:
 * text it cannot read gives null, so prose around the code costs nothing.
 */

import { BP as RULE_BP } from "../../../rules/parse.ts";

export type CNode =
  | { k: "num"; v: number }
  | { k: "str"; v: string }
  | { k: "name"; v: string }
  | { k: "attr"; obj: CNode; name: string }
  | { k: "call"; fn: CNode; args: CNode[]; kw: Record<string, CNode> }
  | { k: "index"; obj: CNode; idx: CNode[] }
  | { k: "list"; items: CNode[] }
  | { k: "slice" }
  | { k: "unary"; op: "-" | "not"; arg: CNode }
  | { k: "bin"; op: string; left: CNode; right: CNode };

type Tok =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "id"; v: string }
  | { t: "op"; v: string };

const OPS = [
  "<=",
  ">=",
  "==",
  "!=",
  "<>",
  "&&",
  "||",
  "**",
  ":=",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "(",
  ")",
  "[",
  "]",
  ",",
  ":",
  ".",
  "&",
  "|",
  "~",
  "!",
  "?",
];

export function lex(source: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const num = /^(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    if (num && !/^[A-Za-z_]/.test(rest.slice(num[0].length))) {
      out.push({ t: "num", v: Number(num[0].replace(/_/g, "")) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_@$][A-Za-z0-9_$]*/.exec(rest);
    if (id) {
      out.push({ t: "id", v: id[0] });
      i += id[0].length;
      continue;
    }
    const str = /^(?:"[^"\n]*"|'[^'\n]*')/.exec(rest);
    if (str) {
      out.push({ t: "str", v: str[0].slice(1, -1) });
      i += str[0].length;
      continue;
    }
    // Julia's and MATLAB's element-wise operators (`.>`, `.&`, `./`, `.-`) are the plain ones on series.
    const prev = out.at(-1);
    if (/^\.[<>=!&|+\-*/^~]/.test(rest) && prev && (prev.t !== "op" || prev.v === ")" || prev.v === "]")) {
      i++;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (!op) return null;
    out.push({ t: "op", v: op });
    i += op.length;
  }
  return out;
}

/**
 * Binding powers: the rule language's, with the dialects' spellings of the same operators at the same powers and
 * their own (`:`, `%`, `**`); comparisons chain (`a < b <= c` is `a < b and b <= c`, as in Python).
 */
const BP: Record<string, number> = {
  ...RULE_BP,
  "||": 10,
  "|": 10,
  "&&": 20,
  "&": 20,
  "<>": 40,
  "=": 40,
  ":": 45,
  "%": 60,
  "**": 70,
};
const CANON: Record<string, string> = {
  "||": "or",
  "|": "or",
  "&&": "and",
  "&": "and",
  "<>": "!=",
  "=": "==",
};
const COMPARE = new Set(["<", "<=", ">", ">=", "==", "!="]);

/** One expression of code; null when the text is not one (prose, a statement, an unbalanced bracket). */
export function parseCode(source: string): CNode | null {
  const lexed = lex(source);
  if (!lexed || lexed.length === 0) return null;
  const toks: Tok[] = lexed;
  let pos = 0;
  const peek = () => toks[pos];
  const isOp = (v: string) => {
    const t = toks[pos];
    return t?.t === "op" && t.v === v;
  };
  const fail = (): never => {
    throw new Error("unreadable");
  };
  const expectOp = (v: string) => (isOp(v) ? pos++ : fail());

  function args(close: string): { args: CNode[]; kw: Record<string, CNode> } {
    const list: CNode[] = [];
    const kw: Record<string, CNode> = {};
    while (!isOp(close)) {
      const t = toks[pos];
      const n = toks[pos + 1];
      if (t?.t === "id" && n?.t === "op" && n.v === "=") {
        pos += 2;
        kw[t.v.toLowerCase()] = expr(0);
      } else if (isOp(":") && close === "]") {
        pos++;
        list.push({ k: "slice" });
      } else list.push(expr(0));
      if (isOp(",")) pos++;
      else if (!isOp(close)) fail();
    }
    pos++;
    return { args: list, kw };
  }

  function prefix(): CNode {
    const t = toks[pos++];
    if (!t) return fail();
    if (t.t === "num") return { k: "num", v: t.v };
    if (t.t === "str") return { k: "str", v: t.v };
    if (t.t === "op") {
      if (t.v === "(") {
        const inner = expr(0);
        // A tuple "(a, b)" reads as its first item.
        while (isOp(",")) {
          pos++;
          expr(0);
        }
        expectOp(")");
        return inner;
      }
      if (t.v === "[") return { k: "list", items: args("]").args };
      if (t.v === "-") return { k: "unary", op: "-", arg: expr(65) };
      if (t.v === "+") return expr(65);
      if (t.v === "~" || t.v === "!") return { k: "unary", op: "not", arg: expr(30) };
      return fail();
    }
    const low = t.v.toLowerCase();
    if (low === "not") return { k: "unary", op: "not", arg: expr(30) };
    return { k: "name", v: t.v };
  }

  function postfix(node: CNode): CNode {
    for (;;) {
      if (isOp("(")) {
        pos++;
        const a = args(")");
        node = { k: "call", fn: node, args: a.args, kw: a.kw };
      } else if (isOp("[")) {
        pos++;
        node = { k: "index", obj: node, idx: args("]").args };
      } else if (isOp(".") && toks[pos + 1]?.t === "id") {
        node = { k: "attr", obj: node, name: (toks[pos + 1] as { v: string }).v };
        pos += 2;
      } else return node;
    }
  }

  function expr(minBp: number): CNode {
    let left = postfix(prefix());
    for (;;) {
      const t = peek();
      if (!t) return left;
      // Conditional expressions, looser than anything else: Python's `a if cond else b` and the ternary `cond ? a :
      // b` (Pine, C, JavaScript), both iif(cond, a, b); the else branch may hold another (`0 if c2 else nan`).
      if (minBp < 5 && t.t === "id" && t.v === "if") {
        pos++;
        const cond = expr(5);
        const e = toks[pos];
        if (!(e?.t === "id" && e.v === "else")) fail();
        pos++;
        left = { k: "call", fn: { k: "name", v: "iif" }, args: [cond, left, expr(4)], kw: {} };
        continue;
      }
      if (minBp < 5 && t.t === "op" && t.v === "?") {
        pos++;
        // The branch stops at the ":" (a slice's power), which then separates it from the else branch.
        const yes = expr(45);
        expectOp(":");
        left = { k: "call", fn: { k: "name", v: "iif" }, args: [left, yes, expr(4)], kw: {} };
        continue;
      }
      const op = t.t === "op" ? t.v : t.t === "id" && /^(?:and|or)$/i.test(t.v) ? t.v.toLowerCase() : null;
      if (!op || !(op in BP)) return left;
      const bp = BP[op]!;
      if (bp <= minBp) return left;
      pos++;
      const right = expr(bp);
      const canon = CANON[op] ?? op;
      // Chained comparison: "a < b <= c" → (a < b) and (b <= c).
      if (COMPARE.has(canon) && left.k === "bin" && COMPARE.has(left.op) && bp === 40)
        left = { k: "bin", op: "and", left, right: { k: "bin", op: canon, left: left.right, right } };
      else left = { k: "bin", op: canon, left, right };
    }
  }

  try {
    const tree = expr(0);
    return pos === toks.length ? tree : null;
  } catch {
    return null;
  }
}

/** Split at a separator outside brackets and strings. */
export function splitTop(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      parts.push(text.slice(start, i));
      start = i + sep.length;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The bracketed text starting at `open` (a "("), or null when it does not close. */
export function balanced(s: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")" && --depth === 0) return s.slice(open, i + 1);
  }
  return null;
}
