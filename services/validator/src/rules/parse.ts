/**
 * The rule language's parser: a small Pratt parser over a hand-written lexer. Every node keeps the column
 * (1-based) where it starts, so that type and argument errors point at the mistake as precisely as syntax
 * errors do. Grammar (lowest to highest precedence):
 *   or · and · not (prefix) · comparisons (< <= > >= == !=, non-associative) · + - · * / · unary minus ·
 *   atoms: numbers, {placeholders}, names (price and date fields), calls name(args), parentheses.
 */

export type Node =
  | { kind: "num"; value: number; col: number }
  | { kind: "param"; name: string; col: number }
  | { kind: "name"; name: string; col: number }
  | { kind: "call"; fn: string; args: Node[]; col: number }
  | { kind: "unary"; op: "-" | "not"; arg: Node; col: number }
  | { kind: "binary"; op: BinaryOp; left: Node; right: Node; col: number };

export type BinaryOp = "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "and" | "or";

/** A mistake in a rule, with the 1-based column where it is; the message shows the text and a caret. */
export class RuleSyntaxError extends Error {
  override name = "RuleSyntaxError";
  constructor(
    readonly reason: string,
    readonly col: number,
    readonly source: string,
  ) {
    super(`${reason} at column ${col}\n  ${source}\n  ${" ".repeat(Math.max(0, col - 1))}^`);
  }
}

type Token =
  | { t: "num"; value: number; col: number; text: string }
  | { t: "ident"; name: string; col: number; text: string }
  | { t: "param"; name: string; col: number; text: string }
  | { t: "op"; op: string; col: number; text: string }
  | { t: "end"; col: number; text: string };

const OPERATORS = ["<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")", ","];

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    const col = i + 1;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i));
    if (number) {
      const after = source[i + number[0].length];
      if (after !== undefined && /[A-Za-z_]/.test(after))
        throw new RuleSyntaxError(`a number cannot run into a name ("${number[0]}${after}…")`, col, source);
      tokens.push({ t: "num", value: Number(number[0]), col, text: number[0] });
      i += number[0].length;
      continue;
    }
    // A name may have dotted parts so that class-share tickers read as one: close(BRK.B), close(BF.B).
    const ident = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*/.exec(source.slice(i));
    if (ident) {
      tokens.push({ t: "ident", name: ident[0].toLowerCase(), col, text: ident[0] });
      i += ident[0].length;
      continue;
    }
    if (ch === "{") {
      const param = /^\{\s*([a-z][a-z0-9_]{0,31})\s*\}/.exec(source.slice(i));
      if (!param)
        throw new RuleSyntaxError(
          "a placeholder is {name}: lower-case letters, digits and _, starting with a letter",
          col,
          source,
        );
      tokens.push({ t: "param", name: param[1]!, col, text: param[0] });
      i += param[0].length;
      continue;
    }
    if (ch === "&" || ch === "|" || ch === "!" || ch === "=") {
      const two = source.slice(i, i + 2);
      if (two === "&&") throw new RuleSyntaxError('write "and" instead of "&&"', col, source);
      if (two === "||") throw new RuleSyntaxError('write "or" instead of "||"', col, source);
      if (ch === "=" && two !== "==")
        throw new RuleSyntaxError('"=" is not a comparison; use "=="', col, source);
      if (ch === "!" && two !== "!=") throw new RuleSyntaxError('write "not" instead of "!"', col, source);
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new RuleSyntaxError(`unexpected character "${ch}"`, col, source);
    tokens.push({ t: "op", op, col, text: op });
    i += op.length;
  }
  tokens.push({ t: "end", col: source.length + 1, text: "end of rule" });
  return tokens;
}

/** Binding powers of the rule language's infix operators (the code reader extends them: reading/code/). */
export const BP: Record<string, number> = {
  or: 10,
  and: 20,
  "<": 40,
  "<=": 40,
  ">": 40,
  ">=": 40,
  "==": 40,
  "!=": 40,
  "+": 50,
  "-": 50,
  "*": 60,
  "/": 60,
};
const NOT_BP = 30;
const NEG_BP = 70;
const COMPARISON = 40;

/** Parse one rule expression (entry or exit). Throws RuleSyntaxError with the column of the mistake. */
export function parseRule(source: string): Node {
  if (source.trim() === "") throw new RuleSyntaxError("the rule is empty", 1, source);
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const next = () => tokens[pos++]!;
  const describe = (tok: Token) => (tok.t === "end" ? "the end of the rule" : `"${tok.text}"`);
  const expectOp = (op: string, what: string) => {
    const tok = next();
    if (tok.t !== "op" || tok.op !== op)
      throw new RuleSyntaxError(`expected ${what} but found ${describe(tok)}`, tok.col, source);
  };
  const infixOp = (tok: Token): string | null => {
    if (tok.t === "op" && tok.op in BP) return tok.op;
    if (tok.t === "ident" && (tok.name === "and" || tok.name === "or")) return tok.name;
    return null;
  };

  function prefix(): Node {
    const tok = next();
    if (tok.t === "num") return { kind: "num", value: tok.value, col: tok.col };
    if (tok.t === "param") return { kind: "param", name: tok.name, col: tok.col };
    if (tok.t === "op" && tok.op === "(") {
      const inner = expr(0);
      expectOp(")", '")"');
      return inner;
    }
    if (tok.t === "op" && tok.op === "-") return { kind: "unary", op: "-", arg: expr(NEG_BP), col: tok.col };
    if (tok.t === "ident") {
      if (tok.name === "not") return { kind: "unary", op: "not", arg: expr(NOT_BP), col: tok.col };
      if (tok.name === "and" || tok.name === "or")
        throw new RuleSyntaxError(`"${tok.text}" needs something on its left`, tok.col, source);
      const after = peek();
      if (after.t === "op" && after.op === "(") {
        next();
        const args: Node[] = [];
        const close = peek();
        if (!(close.t === "op" && close.op === ")")) {
          for (;;) {
            args.push(expr(0));
            const sep = next();
            if (sep.t === "op" && sep.op === ")") break;
            if (!(sep.t === "op" && sep.op === ","))
              throw new RuleSyntaxError(
                `expected "," or ")" in the arguments of ${tok.name} but found ${describe(sep)}`,
                sep.col,
                source,
              );
          }
        } else next();
        return { kind: "call", fn: tok.name, args, col: tok.col };
      }
      return { kind: "name", name: tok.name, col: tok.col };
    }
    throw new RuleSyntaxError(`expected a value but found ${describe(tok)}`, tok.col, source);
  }

  function expr(minBp: number): Node {
    let left = prefix();
    for (;;) {
      const tok = peek();
      const op = infixOp(tok);
      if (!op) {
        if (tok.t === "end" || (tok.t === "op" && (tok.op === ")" || tok.op === ","))) return left;
        throw new RuleSyntaxError(
          `expected an operator but found ${describe(tok)} (missing "and"/"or" or a comparison?)`,
          tok.col,
          source,
        );
      }
      const bp = BP[op]!;
      if (bp <= minBp) return left;
      next();
      // Comparisons do not chain: "a < b < c" is a mistake, not (a < b) < c.
      const right = expr(bp);
      const again = peek();
      if (bp === COMPARISON && infixOp(again) !== null && BP[infixOp(again)!] === COMPARISON)
        throw new RuleSyntaxError('comparisons do not chain: write "a < b and b < c"', again.col, source);
      // A binary node starts where its left operand starts: errors about it point there.
      left = { kind: "binary", op: op as BinaryOp, left, right, col: left.col };
    }
  }

  const tree = expr(0);
  const rest = peek();
  if (rest.t !== "end")
    throw new RuleSyntaxError(`unexpected ${describe(rest)} after a complete rule`, rest.col, source);
  return tree;
}

/** The node back as canonical text (lower-case, fully parenthesised binaries): a cache key and a display form. */
const SYMBOL_FIELDS = new Set(["close", "open", "high", "low", "volume"]);

export function show(node: Node, params?: Record<string, number>): string {
  switch (node.kind) {
    case "num":
      return String(node.value);
    case "param":
      return params && node.name in params ? String(params[node.name]) : `{${node.name}}`;
    case "name":
      return node.name;
    case "call":
      // close(PEP): tickers are shown upper-case (the lexer lower-cases names).
      if (SYMBOL_FIELDS.has(node.fn) && node.args.length === 1 && node.args[0]!.kind === "name")
        return `${node.fn}(${node.args[0]!.name.toUpperCase()})`;
      return `${node.fn}(${node.args.map((a) => show(a, params)).join(", ")})`;
    case "unary":
      return node.op === "not" ? `not ${show(node.arg, params)}` : `-${show(node.arg, params)}`;
    case "binary":
      return `(${show(node.left, params)} ${node.op} ${show(node.right, params)})`;
  }
}
