import type { Trade } from "@qp/schema";
import { OUT_STRIDE } from "../engine/kernel.ts";
import { roc } from "../rules/series.ts";
import type { Params } from "../strategies/catalog.ts";
import { metricsOf, type SetMetrics } from "./metrics.ts";

/**
 * Dual momentum as a rotation (Antonacci: absolute + relative momentum) across N ≥ 2 symbols, one cash pool,
 * one position at a time. Checked against vectorbt 1.2.0 (test/fixtures/rotation/make_rotation_fixtures.py:
 * `from_signals` with `group_by=True, cash_sharing=True, call_seq="auto"`), so it keeps vectorbt's conventions:
 * fills at the rebalance bar's close (slipped), all-in fractional size, fees and fixed fees on every order,
 * a switch sells the old holding first and buys the new one with the proceeds on the same bar.
 */
export interface RotationData {
  /** In the order requested: the first is the tie-breaker's first choice and the benchmark. */
  symbols: string[];
  /** The common dates (aligned by date, rules/align.ts). */
  dates: string[];
  /** One close row per symbol, on `dates`. */
  closes: Float64Array[];
  /** Where each symbol's prices came from (file or URL), in `symbols` order. */
  sources: string[];
}

export interface RotationCosts {
  initCash: number;
  fees: number;
  fixedFees: number;
  slippage: number;
}

/** What `rebalance` may be: months between rebalances that divide the year, or 0 for every bar. */
export const REBALANCE_MONTHS = [0, 1, 2, 3, 4, 6, 12] as const;

/**
 * Rebalance bars: the last bar of a month (the next bar is in another month) whose calendar month is a multiple
 * of `months` (1 = every month end, 3 = March/June/September/December, 12 = December), or every bar for 0. The
 * data's final bar is never a month end: nothing says the month ended there.
 */
export function rebalanceBars(dates: readonly string[], months: number): Uint8Array {
  const out = new Uint8Array(dates.length);
  if (months === 0) return out.fill(1);
  for (let i = 0; i + 1 < dates.length; i++) {
    const m = Number(dates[i]!.slice(5, 7));
    if (m !== Number(dates[i + 1]!.slice(5, 7)) && m % months === 0) out[i] = 1;
  }
  return out;
}

/** Per bar: -2 = no decision (not a rebalance bar, or a lookback return still unknown), -1 = cash, k = symbol k. */
export function rotationTargets(
  data: RotationData,
  params: Params,
  memo?: Map<string, Float64Array>,
): Int8Array {
  const lookback = params.lookback!;
  const threshold = params.threshold ?? 0;
  const rets = data.closes.map((close, k) => {
    const key = `${k}:${lookback}`;
    let row = memo?.get(key);
    if (!row) {
      row = roc(close, lookback);
      memo?.set(key, row);
    }
    return row;
  });
  const bars = rebalanceBars(data.dates, params.rebalance ?? 1);
  const out = new Int8Array(data.dates.length).fill(-2);
  for (let i = 0; i < out.length; i++) {
    if (!bars[i]) continue;
    let best = -1;
    let bestRet = Number.NEGATIVE_INFINITY;
    let known = true;
    for (let k = 0; k < rets.length; k++) {
      const r = rets[k]![i]!;
      if (!Number.isFinite(r)) known = false;
      // np.argmax: the first of equal maxima.
      else if (r > bestRet) {
        best = k;
        bestRet = r;
      }
    }
    if (known) out[i] = bestRet > threshold ? best : -1;
  }
  return out;
}

/** One order: bar, symbol index, side. */
export interface RotationOrder {
  bar: number;
  symbol: number;
  side: "buy" | "sell";
  /** Fill price (slipped). */
  price: number;
}

export interface RotationRun {
  metrics: SetMetrics;
  /** Bar returns over [from, to), value to value (vectorbt's `returns`). */
  returns: Float64Array;
  /** Portfolio value at each bar's close over [from, to). */
  equity: Float64Array;
  orders: RotationOrder[];
  /** Signed fill bars as the single-symbol kernel reports them (+(bar+1) buy, −(bar+1) sell), sells first. */
  fills: number[];
}

/**
 * Trade the targets over bars [from, to): signals use all history (no look-ahead: a decision at bar i reads
 * closes up to i), money moves only from `from`, starting in cash, so the walk-forward run starts fresh.
 */
export function runRotation(
  data: RotationData,
  targets: Int8Array,
  costs: RotationCosts,
  from: number,
  to: number,
  yearDays: number,
): RotationRun {
  const { initCash, fees, fixedFees, slippage } = costs;
  const closes = data.closes;
  let cash = initCash;
  let size = 0;
  let held = -1;
  let prev = initCash;
  let peak = Number.NaN;
  let minDrawdown = 0;
  let sum = 0;
  let sumSq = 0;
  let trades = 0;
  let closed = 0;
  const returns = new Float64Array(to - from);
  const equity = new Float64Array(to - from);
  const orders: RotationOrder[] = [];
  const fills: number[] = [];
  for (let i = from; i < to; i++) {
    const target = targets[i]!;
    if (target !== -2 && target !== held) {
      if (held >= 0) {
        const price = closes[held]![i]! * (1 - slippage);
        const gross = size * price;
        cash += gross - (gross * fees + fixedFees);
        orders.push({ bar: i, symbol: held, side: "sell", price });
        fills.push(-(i + 1));
        size = 0;
        held = -1;
        closed++;
      }
      if (target >= 0) {
        // vectorbt's size=inf buy: the cash limit, fees on top, at the slipped price.
        const spend = (cash - fixedFees) / (1 + fees);
        if (spend > 0) {
          const price = closes[target]![i]! * (1 + slippage);
          size = spend / price;
          cash = 0;
          held = target;
          trades++;
          orders.push({ bar: i, symbol: target, side: "buy", price });
          fills.push(i + 1);
        }
      }
    }
    const value = held >= 0 ? cash + size * closes[held]![i]! : cash;
    const r = prev === 0 ? (value === 0 ? 0 : value > 0 ? Infinity : -Infinity) : (value - prev) / prev;
    prev = value;
    if (!(peak >= value)) peak = value;
    else if (value / peak - 1 < minDrawdown) minDrawdown = value / peak - 1;
    sum += r;
    sumSq += r * r;
    returns[i - from] = r;
    equity[i - from] = value;
  }
  const out = new Float64Array(OUT_STRIDE);
  out[0] = held >= 0 ? cash + size * closes[held]![to - 1]! : cash;
  out[1] = sum;
  out[2] = sumSq;
  out[3] = minDrawdown;
  out[4] = trades;
  out[5] = closed;
  return {
    metrics: metricsOf(out, 0, to - from, initCash, yearDays),
    returns,
    equity,
    orders,
    fills,
  };
}

/**
 * vectorbt's exit trades of a rotation, per symbol: return = pnl / (size × entry price), pnl = the sale's net
 * proceeds − the purchase's cost (both fees included); an open trade is valued at the last close.
 */
export function rotationTrades(
  data: RotationData,
  run: RotationRun,
  costs: RotationCosts,
  from: number,
): Trade[] {
  const out: Trade[] = [];
  const last = from + run.equity.length - 1;
  // Replay the orders' cash with runRotation's arithmetic: all-in buys, so a purchase costs the cash before it.
  let cash = costs.initCash;
  let open: { order: RotationOrder; size: number; cost: number } | null = null;
  for (const order of run.orders) {
    if (order.side === "buy") {
      open = { order, size: (cash - costs.fixedFees) / (1 + costs.fees) / order.price, cost: cash };
      cash = 0;
    } else if (open) {
      const gross = open.size * order.price;
      const proceeds = gross - (gross * costs.fees + costs.fixedFees);
      cash += proceeds;
      out.push(tradeOf(data, open, order.bar, order.price, proceeds, "closed"));
      open = null;
    }
  }
  if (open) {
    const price = data.closes[open.order.symbol]![last]!;
    out.push(tradeOf(data, open, last, price, open.size * price, "open"));
  }
  return out;
}

function tradeOf(
  data: RotationData,
  open: { order: RotationOrder; size: number; cost: number },
  exitBar: number,
  exitPrice: number,
  proceeds: number,
  status: Trade["status"],
): Trade {
  const basis = open.size * open.order.price;
  return {
    status,
    symbol: data.symbols[open.order.symbol]!,
    entry_date: data.dates[open.order.bar]!,
    entry_price: open.order.price,
    exit_date: status === "closed" ? data.dates[exitBar]! : null,
    exit_price: exitPrice,
    return: basis > 0 ? (proceeds - open.cost) / basis : 0,
    bars: exitBar - open.order.bar + (status === "open" ? 1 : 0),
  };
}
