import type { CNode } from "./parse-code.ts";

/** A price line of a data feed: `self.data.close`, `self.datas[0].high`, `data.low`. */
const PRICE_LINE = /^(?:close|open|high|low|volume)$/;

/**
 * How many bars back a backtrader line called with a bar index looks (`self.data.close(-1)` is yesterday's close,
 * `self.data.close(0)` today's), or undefined when the call is no such line: a price field called on a receiver with
 * one whole number at most 0 and no keywords. (Its `[-1]` subscript is read with the other subscripts.)
 */
export function delayedLine(
  n: Extract<CNode, { k: "call" }>,
  name: string,
  recv: CNode | undefined,
): number | undefined {
  if (!PRICE_LINE.test(name) || !recv || n.args.length !== 1 || Object.keys(n.kw).length > 0)
    return undefined;
  const a = n.args[0]!;
  if (a.k === "num" && a.v === 0) return 0;
  if (a.k === "unary" && a.op === "-" && a.arg.k === "num" && Number.isInteger(a.arg.v) && a.arg.v > 0)
    return a.arg.v;
  return undefined;
}
