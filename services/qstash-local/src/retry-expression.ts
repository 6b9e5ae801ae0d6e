/**
 * QStash's `Upstash-Retry-Delay`: an arithmetic expression in milliseconds over the variable `retried`
 * (0 when computing the first retry) and the functions pow, sqrt, abs, exp, floor, ceil, round, min, max.
 * A tokenizer and a recursive-descent parser build a small tree; nothing is ever handed to eval/Function,
 * so a header cannot run code. Grammar:
 *   expr := term (("+" | "-") term)*      term := unary (("*" | "/" | "%") unary)*
 *   unary := ("-" | "+") unary | power    power := primary ("^" unary)?
 *   primary := number | "retried" | name "(" expr ("," expr)* ")" | "(" expr ")"
 */
export class RetryExpressionError extends Error {
  override name = "RetryExpressionError";
}

type Node =
  | { kind: "num"; value: number }
  | { kind: "var" }
  | { kind: "neg"; arg: Node }
  | { kind: "bin"; op: string; left: Node; right: Node }
  | { kind: "call"; fn: string; args: Node[] };

const FUNCTIONS: Record<string, { arity: [number, number]; fn: (...args: number[]) => number }> = {
  pow: { arity: [2, 2], fn: Math.pow },
  sqrt: { arity: [1, 1], fn: Math.sqrt },
  abs: { arity: [1, 1], fn: Math.abs },
  exp: { arity: [1, 1], fn: Math.exp },
  floor: { arity: [1, 1], fn: Math.floor },
  ceil: { arity: [1, 1], fn: Math.ceil },
  round: { arity: [1, 1], fn: Math.round },
  min: { arity: [1, 16], fn: Math.min },
  max: { arity: [1, 16], fn: Math.max },
};

const MAX_LENGTH = 512;
const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/%^(),]))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < source.length) {
    while (at < source.length && /\s/.test(source[at] as string)) at++;
    if (at >= source.length) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(source);
    if (!match) throw new RetryExpressionError(`unexpected character "${source[at]}" at ${at}`);
    tokens.push((match[1] ?? match[2] ?? match[3]) as string);
    at = TOKEN.lastIndex;
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: string[]) {}

  parse(): Node {
    if (this.tokens.length === 0) throw new RetryExpressionError("empty expression");
    const node = this.expr();
    if (this.at < this.tokens.length) throw new RetryExpressionError(`unexpected "${this.tokens[this.at]}"`);
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.at];
  }

  private expect(token: string): void {
    if (this.tokens[this.at] !== token) {
      throw new RetryExpressionError(`expected "${token}" but found ${this.peek() ?? "the end"}`);
    }
    this.at++;
  }

  private expr(): Node {
    let left = this.term();
    while (this.peek() === "+" || this.peek() === "-") {
      const op = this.tokens[this.at++] as string;
      left = { kind: "bin", op, left, right: this.term() };
    }
    return left;
  }

  private term(): Node {
    let left = this.unary();
    while (this.peek() === "*" || this.peek() === "/" || this.peek() === "%") {
      const op = this.tokens[this.at++] as string;
      left = { kind: "bin", op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.peek() === "-") {
      this.at++;
      return { kind: "neg", arg: this.unary() };
    }
    if (this.peek() === "+") {
      this.at++;
      return this.unary();
    }
    const base = this.primary();
    if (this.peek() === "^") {
      this.at++;
      return { kind: "bin", op: "^", left: base, right: this.unary() };
    }
    return base;
  }

  private primary(): Node {
    const token = this.peek();
    if (token === undefined) throw new RetryExpressionError("unexpected end of expression");
    this.at++;
    if (token === "(") {
      const inner = this.expr();
      this.expect(")");
      return inner;
    }
    if (/^[\d.]/.test(token)) return { kind: "num", value: Number(token) };
    if (/^[A-Za-z_]/.test(token)) {
      if (token === "retried") return { kind: "var" };
      // Own properties only: `constructor` or `__proto__` must not resolve to Object.prototype members.
      const spec = Object.hasOwn(FUNCTIONS, token) ? FUNCTIONS[token] : undefined;
      if (!spec) throw new RetryExpressionError(`unknown name "${token}"`);
      this.expect("(");
      const args = [this.expr()];
      while (this.peek() === ",") {
        this.at++;
        args.push(this.expr());
      }
      this.expect(")");
      if (args.length < spec.arity[0] || args.length > spec.arity[1]) {
        throw new RetryExpressionError(
          `${token}() takes ${spec.arity.join(" to ")} arguments, got ${args.length}`,
        );
      }
      return { kind: "call", fn: token, args };
    }
    throw new RetryExpressionError(`unexpected "${token}"`);
  }
}

function evaluate(node: Node, retried: number): number {
  switch (node.kind) {
    case "num":
      return node.value;
    case "var":
      return retried;
    case "neg":
      return -evaluate(node.arg, retried);
    case "call":
      return (FUNCTIONS[node.fn] as (typeof FUNCTIONS)[string]).fn(
        ...node.args.map((a) => evaluate(a, retried)),
      );
    case "bin": {
      const l = evaluate(node.left, retried);
      const r = evaluate(node.right, retried);
      if (node.op === "+") return l + r;
      if (node.op === "-") return l - r;
      if (node.op === "*") return l * r;
      if (node.op === "/") return l / r;
      if (node.op === "%") return l % r;
      return l ** r;
    }
  }
}

export type RetryDelay = (retried: number) => number;

/**
 * Compile an expression once (throws `RetryExpressionError` with a clear reason) into a function from the
 * retry number to a delay in ms. A result that is not a finite number ≥ 0 (e.g. division by zero) gives 0.
 */
export function compileRetryDelay(source: string): RetryDelay {
  if (source.length > MAX_LENGTH)
    throw new RetryExpressionError(`expression longer than ${MAX_LENGTH} characters`);
  const tree = new Parser(tokenize(source)).parse();
  return (retried) => {
    const value = evaluate(tree, retried);
    return Number.isFinite(value) && value > 0 ? value : 0;
  };
}
