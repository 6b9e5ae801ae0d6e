import type { Node } from "../../../rules/parse.ts";

type Bin = Extract<Node, { kind: "binary" }>;

/**
 * The normal forms of a band width's extreme, applied after the bands are folded (unify.ts): the width as a share of
 * the middle band (`(up - lo) / mid`, the "bandwidth" of most platforms) is the width itself, since the squeeze asks
 * only when it is at its lowest; and a series equal to its rolling minimum (`bw == bw.rolling(n).min()`) is at or
 * under it, as the rule writes it (the maximum likewise, at or over). Null when `n` is neither.
 */
export function bandWidthForm(n: Bin): Node | null {
  const { op, left, right } = n;
  if (op === "/" && isWidth(left) && right.kind === "call" && right.fn === "sma") {
    const band = (left as Bin).left as Extract<Node, { kind: "call" }>;
    if (
      show(band.args.slice(0, -2)) === show(right.args.slice(0, -1)) &&
      same(band.args.at(-2), right.args.at(-1))
    )
      return left;
  }
  if (op === "==") {
    const extreme = (x: Node) =>
      x.kind === "call" ? x.fn : x.kind === "binary" && x.op === "*" ? extremeOf(x) : "";
    const [l, r] = [extreme(left), extreme(right)];
    if (r === "lowest" || r === "highest") return { ...n, op: r === "lowest" ? "<=" : ">=" };
    if (l === "lowest" || l === "highest") return { ...n, op: l === "lowest" ? ">=" : "<=" };
  }
  return null;
}

/** `bb_upper(…) - bb_lower(…)` with the same bands. */
function isWidth(n: Node): boolean {
  return (
    n.kind === "binary" &&
    n.op === "-" &&
    n.left.kind === "call" &&
    n.left.fn === "bb_upper" &&
    n.right.kind === "call" &&
    n.right.fn === "bb_lower" &&
    show(n.left.args) === show(n.right.args)
  );
}

/** The extreme a tolerance scales: `1.1 * lowest(…)` is "lowest". */
function extremeOf(n: Bin): string {
  const side = n.left.kind === "num" ? n.right : n.right.kind === "num" ? n.left : null;
  return side?.kind === "call" ? side.fn : "";
}

const show = (x: unknown) => JSON.stringify(x, (k, v) => (k === "col" ? undefined : v));
const same = (a: Node | undefined, b: Node | undefined) => !!a && !!b && show(a) === show(b);
