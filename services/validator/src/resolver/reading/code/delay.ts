import type { Node } from "../../../rules/parse.ts";
import { isBoolean } from "./program.ts";

/**
 * A whole signal delayed one bar (R's `Lag(ifelse(close > ma, 1, 0))`, pandas `(close > ma).shift(1)`, AmiBroker
 * `Ref(cond, -1)`): the code trades on the bar after the signal so as not to act on a close it has only just seen,
 * which the backtest already does, so the position is the signal's own. Only a condition's whole value, one bar
 * back: a shifted condition inside another (`cond & ~cond.shift(1)`, a crossing) is left as it is.
 */
export function unlagged(n: Node): Node {
  if (n.kind !== "call" || n.fn !== "shift" || n.args.length !== 2) return n;
  const [x, k] = n.args as [Node, Node];
  return k.kind === "num" && k.value === 1 && isBoolean(x) ? x : n;
}
