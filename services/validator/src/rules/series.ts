/**
 * The rule language's indicator arithmetic, each a copy of the vectorbt kernel it stands for (NaN-aware
 * rolling windows with min_periods = window, pandas-style shifts, vectorbt's `crossed_above` state machine),
 * so that signals flip on the same bars as vectorbt's. On NaN-free input the moving average is the very same
 * sequence of float operations as the templates' `rollingMean`, so template and rule fills agree exactly.
 */

import { crossedAboveStep } from "../engine/kernel.ts";

/** vectorbt `rolling_mean_1d_nb` (minp = window): NaNs are skipped and counted; too few values → NaN. */
export function nanRollingMean(a: Float64Array, window: number): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  const cumsumArr = new Float64Array(n);
  const nancntArr = new Float64Array(n);
  let cumsum = 0;
  let nancnt = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (Number.isNaN(v)) nancnt++;
    else cumsum = cumsum + v;
    nancntArr[i] = nancnt;
    cumsumArr[i] = cumsum;
    let len: number;
    let sum: number;
    if (i < window) {
      len = i + 1 - nancnt;
      sum = cumsum;
    } else {
      len = window - (nancnt - nancntArr[i - window]!);
      sum = cumsum - cumsumArr[i - window]!;
    }
    out[i] = len < window ? Number.NaN : sum / len;
  }
  return out;
}

/** Rolling max (`highest`) or min (`lowest`) including this bar; NaN until `window` valid values. */
export function rollingExtreme(a: Float64Array, window: number, max: boolean): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = Number.NaN;
    let cnt = 0;
    for (let j = Math.max(i - window + 1, 0); j <= i; j++) {
      const v = a[j]!;
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(m) || (max ? v > m : v < m)) m = v;
      cnt++;
    }
    out[i] = cnt < window ? Number.NaN : m;
  }
  return out;
}

/** pandas `shift(k)`, k ≥ 0: the value k bars ago, NaN for the first k bars. */
export function shift(a: Float64Array, k: number): Float64Array {
  const out = new Float64Array(a.length).fill(Number.NaN);
  for (let i = k; i < a.length; i++) out[i] = a[i - k]!;
  return out;
}

/**
 * The OLS slope of y on x over the n bars ending at each bar (with intercept): Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², two
 * passes per window as numpy computes it (test/fixtures/rotation/make_rotation_fixtures.py); NaN for the first
 * n − 1 bars and wherever the window holds a NaN.
 */
export function rollingBeta(y: Float64Array, x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(y.length).fill(Number.NaN);
  for (let t = n - 1; t < y.length; t++) {
    let mx = 0;
    let my = 0;
    for (let i = t - n + 1; i <= t; i++) {
      mx += x[i]!;
      my += y[i]!;
    }
    mx /= n;
    my /= n;
    let sxy = 0;
    let sxx = 0;
    for (let i = t - n + 1; i <= t; i++) {
      const dx = x[i]! - mx;
      sxy += dx * (y[i]! - my);
      sxx += dx * dx;
    }
    out[t] = sxy / sxx;
  }
  return out;
}

/** pandas `pct_change(n)` without filling: a[i]/a[i−n] − 1 (the templates' `momentum`). */
export function roc(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(a.length).fill(Number.NaN);
  for (let i = n; i < a.length; i++) out[i] = a[i]! / a[i - n]! - 1;
  return out;
}

/** RSI from NaN-aware rolling means of gains and losses (vectorbt `RSI`, ewm = false). */
export function rsiOf(a: Float64Array, window: number): Float64Array {
  const n = a.length;
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  up[0] = Number.NaN;
  down[0] = Number.NaN;
  for (let i = 1; i < n; i++) {
    const d = a[i]! - a[i - 1]!;
    // NaN differences stay NaN (np.where(d > 0, d, 0) would give 0; vectorbt diffs keep NaN).
    up[i] = Number.isNaN(d) ? Number.NaN : Math.max(d, 0);
    down[i] = Number.isNaN(d) ? Number.NaN : d < 0 ? -d : 0;
  }
  const ru = nanRollingMean(up, window);
  const rd = nanRollingMean(down, window);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 100 - 100 / (1 + ru[i]! / rd[i]!);
  return out;
}

/** True range (vectorbt ATR: max of high−low, |high−prev close|, |low−prev close|; bar 0 = high−low). */
export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const out = new Float64Array(close.length);
  for (let i = 0; i < close.length; i++) {
    const hl = high[i]! - low[i]!;
    if (i === 0) {
      out[i] = hl;
      continue;
    }
    const hc = Math.abs(high[i]! - close[i - 1]!);
    const lc = Math.abs(low[i]! - close[i - 1]!);
    // Python's max(): the first argument unless a later one is strictly greater (NaN never is).
    let m = hl;
    if (hc > m) m = hc;
    if (lc > m) m = lc;
    out[i] = m;
  }
  return out;
}

/** vectorbt `crossed_above_1d_nb` over whole series: 1 where the kernel's `crossedAboveStep` fires, else 0. */
export function crossedAbove(a: Float64Array | number, b: Float64Array | number, n: number): Float64Array {
  const out = new Float64Array(n);
  let state = 0;
  for (let i = 0; i < n; i++) {
    state = crossedAboveStep(state, typeof a === "number" ? a : a[i]!, typeof b === "number" ? b : b[i]!);
    if (state > 3) out[i] = 1;
  }
  return out;
}

/** Calendar fields of ISO dates: month 1–12, day of month, weekday (0 = Monday, pandas), bar-in-month counts. */
export function dateFields(dates: readonly string[]) {
  const n = dates.length;
  const month = new Float64Array(n);
  const day = new Float64Array(n);
  const weekday = new Float64Array(n);
  const tdom = new Float64Array(n);
  const toEnd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = dates[i]!;
    const [y, m, dd] = [Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))];
    month[i] = m;
    day[i] = dd;
    weekday[i] = (new Date(Date.UTC(y, m - 1, dd)).getUTCDay() + 6) % 7;
    tdom[i] = i > 0 && dates[i - 1]!.slice(0, 7) === d.slice(0, 7) ? tdom[i - 1]! + 1 : 1;
  }
  for (let i = n - 1; i >= 0; i--) {
    const sameNext = i < n - 1 && dates[i + 1]!.slice(0, 7) === dates[i]!.slice(0, 7);
    if (sameNext) toEnd[i] = toEnd[i + 1]! + 1;
    else if (i < n - 1) toEnd[i] = 0;
    else toEnd[i] = weekdaysLeft(dates[i]!);
  }
  return {
    month,
    day_of_month: day,
    day_of_week: weekday,
    trading_day_of_month: tdom,
    days_to_month_end: toEnd,
  };
}

/** The data's last bar: Monday–Friday days left in its month (the next bars are not in the file yet). */
function weekdaysLeft(date: string): number {
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  let count = 0;
  for (let k = d + 1; k <= last; k++) {
    const wd = new Date(Date.UTC(y, m - 1, k)).getUTCDay();
    if (wd !== 0 && wd !== 6) count++;
  }
  return count;
}
