import { OUT_STRIDE } from "../engine/kernel.ts";

export interface SetMetrics {
  finalValue: number;
  totalReturn: number;
  /** Raw vectorbt value: may be +inf (zero variance) or NaN (fewer than 2 bars); JSON turns those into null. */
  sharpe: number;
  maxDrawdown: number;
  trades: number;
  closedTrades: number;
}

/**
 * From the kernel's running sums to vectorbt's metrics: Sharpe = mean/std(ddof 1)·√year_days (inf when the
 * std is 0, NaN with fewer than 2 bars), total return = final/init − 1.
 */
export function metricsOf(
  out: Float64Array,
  set: number,
  nBars: number,
  initCash: number,
  yearDays: number,
): SetMetrics {
  const o = set * OUT_STRIDE;
  const finalValue = out[o]!;
  const sum = out[o + 1]!;
  const sumSq = out[o + 2]!;
  let sharpe = Number.NaN;
  if (nBars >= 2) {
    const mean = sum / nBars;
    const variance = Math.max(0, (sumSq - sum * mean) / (nBars - 1));
    const std = Math.sqrt(variance);
    sharpe = std === 0 ? Number.POSITIVE_INFINITY : (mean / std) * Math.sqrt(yearDays);
  }
  return {
    finalValue,
    totalReturn: finalValue / initCash - 1,
    sharpe,
    maxDrawdown: out[o + 3]!,
    trades: out[o + 4]!,
    closedTrades: out[o + 5]!,
  };
}
