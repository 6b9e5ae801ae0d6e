import type { EquitySeries, PeriodStats, Trade } from "@qp/schema";
import type { PriceSeries } from "../data/types.ts";
import { keepIndices } from "./downsample.ts";

/** A single set's run as `singleSet` returns it: bar returns over [from, to) and the signed fill bars (±(i+1)). */
export interface SingleRun {
  returns: ArrayLike<number>;
  fills: number[];
}

export interface Path {
  /** Portfolio value at each bar's close, bars [from, to). */
  equity: Float64Array;
  /** Negative fraction from the running peak (the peak search starts at the first bar's value, as vectorbt). */
  drawdown: Float64Array;
  /** Whether a position was held at each bar's close. */
  inMarket: Uint8Array;
}

/**
 * Rebuild the value path from the kernel's bar returns: value[t] = value[t−1]·(1 + r[t]) from init cash. The
 * kernel's returns are value-to-value (held bars use the close-to-close return, equal to the last ulp), so
 * the last value equals `final_value` to ~1e-12 relative. No second copy of the fill arithmetic.
 */
export function pathOf(run: SingleRun, initCash: number, from: number): Path {
  const n = run.returns.length;
  const equity = new Float64Array(n);
  const drawdown = new Float64Array(n);
  const inMarket = new Uint8Array(n);
  let value = initCash;
  let peak = Number.NaN;
  for (let k = 0; k < n; k++) {
    const r = run.returns[k]!;
    value = Number.isFinite(r) ? value * (1 + r) : 0;
    equity[k] = value;
    if (!(peak >= value)) peak = value;
    drawdown[k] = peak > 0 ? Math.min(0, value / peak - 1) : 0;
  }
  let held = false;
  let next = 0;
  const fills = run.fills;
  for (let k = 0; k < n; k++) {
    const bar = from + k;
    while (next < fills.length && Math.abs(fills[next]!) - 1 === bar) held = fills[next++]! > 0;
    inMarket[k] = held ? 1 : 0;
  }
  return { equity, drawdown, inMarket };
}

const DAY_MS = 86_400_000;

/** CAGR over calendar time and exposure (docs/backtest-conventions.md §5). */
export function periodStats(
  path: Path,
  dates: string[],
  from: number,
  initCash: number,
  finalValue: number,
): PeriodStats {
  const n = path.equity.length;
  let bars = 0;
  for (const held of path.inMarket) bars += held;
  const days = n > 0 ? (Date.parse(dates[from + n - 1]!) - Date.parse(dates[from]!)) / DAY_MS : 0;
  const years = Math.max(0, days / 365.25);
  const cagr = days >= 1 && finalValue > 0 ? (finalValue / initCash) ** (1 / years) - 1 : null;
  return { cagr, exposure: n > 0 ? bars / n : 0, years, bars_in_market: bars };
}

/**
 * vectorbt's exit trades from the fills: entry/exit at the slipped fill price; return = pnl / (size × entry
 * price), where pnl = cash after the exit − cash before the entry (both fees included) and size × entry price
 * = (cash before − fixed fees)/(1 + fees). An open trade is valued at the last close (vectorbt's open trade).
 */
export function tradesOf(
  run: SingleRun,
  path: Path,
  series: PriceSeries,
  from: number,
  costs: { initCash: number; fees: number; fixedFees: number; slippage: number },
): Trade[] {
  const trades: Trade[] = [];
  const n = path.equity.length;
  const valueBefore = (bar: number) => (bar - from > 0 ? path.equity[bar - from - 1]! : costs.initCash);
  let entry = -1;
  const close = (exit: number, status: Trade["status"]) => {
    const before = valueBefore(entry);
    const after = path.equity[exit - from]!;
    const basis = (before - costs.fixedFees) / (1 + costs.fees);
    trades.push({
      status,
      entry_date: series.dates[entry]!,
      entry_price: series.close[entry]! * (1 + costs.slippage),
      exit_date: status === "closed" ? series.dates[exit]! : null,
      exit_price: series.close[exit]! * (status === "closed" ? 1 - costs.slippage : 1),
      return: basis > 0 ? (after - before) / basis : 0,
      // Bars held at their close: a closed trade is flat at its exit bar's close, an open one still holds.
      bars: exit - entry + (status === "open" ? 1 : 0),
    });
  };
  for (const fill of run.fills) {
    const bar = Math.abs(fill) - 1;
    if (fill > 0) entry = bar;
    else if (entry >= 0) {
      close(bar, "closed");
      entry = -1;
    }
  }
  if (entry >= 0 && n > 0) close(from + n - 1, "open");
  return trades;
}

/** The chart series: strategy and benchmark equity and drawdown on shared, downsampled dates. */
export function chartSeries(
  strategy: Path,
  benchmark: Path,
  dates: string[],
  from: number,
  max = 1000,
): EquitySeries {
  const n = strategy.equity.length;
  const keep = keepIndices(n, max, strategy.equity, [
    strategy.drawdown,
    benchmark.equity,
    benchmark.drawdown,
  ]);
  const pick = (values: Float64Array) => keep.map((k) => values[k]!);
  return {
    bars: n,
    downsampled: keep.length < n,
    dates: keep.map((k) => dates[from + k]!),
    equity: pick(strategy.equity),
    benchmark: pick(benchmark.equity),
    drawdown: pick(strategy.drawdown),
    benchmark_drawdown: pick(benchmark.drawdown),
  };
}
