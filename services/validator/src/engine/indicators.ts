/**
 * Indicators, each computed once per distinct window and shared by every parameter set that uses it.
 * The arithmetic copies vectorbt's numba kernels operation by operation (cumulative-sum rolling mean,
 * pandas-style `ewm(adjust=False)`), so crossovers flip on exactly the same bars.
 */

/** Rolling mean with `min_periods = window` from running cumulative sums (vectorbt `rolling_mean_1d_nb`). */
export function rollingMean(a: Float64Array, window: number): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  const cumsumArr = new Float64Array(n);
  let cumsum = 0;
  for (let i = 0; i < n; i++) {
    cumsum = cumsum + a[i]!;
    cumsumArr[i] = cumsum;
    if (i < window - 1) out[i] = Number.NaN;
    else if (i < window) out[i] = cumsum / window;
    else out[i] = (cumsum - cumsumArr[i - window]!) / window;
  }
  return out;
}

/** Rolling standard deviation, ddof 0 (vectorbt BBANDS default), two-pass per window for stability. */
export function rollingStd(a: Float64Array, window: number, mean: Float64Array): Float64Array {
  const n = a.length;
  const out = new Float64Array(n).fill(Number.NaN);
  for (let i = window - 1; i < n; i++) {
    const m = mean[i]!;
    let acc = 0;
    for (let k = i - window + 1; k <= i; k++) {
      const d = a[k]! - m;
      acc += d * d;
    }
    out[i] = Math.sqrt(acc / window);
  }
  return out;
}

/** Exponential moving average, span = window, adjust = false, min_periods = window (vectorbt `ewm_mean_1d_nb`). */
export function ewmMean(a: Float64Array, span: number): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const com = (span - 1) / 2;
  const alpha = 1 / (1 + com);
  const oldWtFactor = 1 - alpha;
  let avg = a[0]!;
  let nobs = Number.isNaN(avg) ? 0 : 1;
  out[0] = nobs >= span ? avg : Number.NaN;
  for (let i = 1; i < n; i++) {
    const cur = a[i]!;
    const isObs = !Number.isNaN(cur);
    if (isObs) nobs++;
    if (!Number.isNaN(avg)) {
      if (isObs && avg !== cur) avg = (oldWtFactor * avg + alpha * cur) / (oldWtFactor + alpha);
    } else if (isObs) avg = cur;
    out[i] = nobs >= span ? avg : Number.NaN;
  }
  return out;
}

/** RSI from rolling means of gains and losses (vectorbt `RSI`, ewm = false): 100 − 100/(1 + up/down). */
export function rsi(close: Float64Array, window: number): Float64Array {
  const n = close.length;
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  up[0] = Number.NaN;
  down[0] = Number.NaN;
  for (let i = 1; i < n; i++) {
    const d = close[i]! - close[i - 1]!;
    up[i] = Math.max(d, 0);
    down[i] = d < 0 ? -d : 0;
  }
  // The first diff is NaN in vectorbt, so the first valid mean is at bar `window`.
  const rollUp = rollingMeanSkipFirst(up, window);
  const rollDown = rollingMeanSkipFirst(down, window);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 100 - 100 / (1 + rollUp[i]! / rollDown[i]!);
  return out;
}

function rollingMeanSkipFirst(a: Float64Array, window: number): Float64Array {
  const tail = rollingMean(a.subarray(1), window);
  const out = new Float64Array(a.length);
  out[0] = Number.NaN;
  out.set(tail, 1);
  return out;
}

/** Highest close of the previous `window` bars (excluding this bar); NaN until there are `window` of them. */
export function priorMax(close: Float64Array, window: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(Number.NaN);
  for (let i = window; i < n; i++) {
    let m = -Infinity;
    for (let k = i - window; k < i; k++) if (close[k]! > m) m = close[k]!;
    out[i] = m;
  }
  return out;
}

/** Lowest close of the previous `window` bars (excluding this bar). */
export function priorMin(close: Float64Array, window: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(Number.NaN);
  for (let i = window; i < n; i++) {
    let m = Infinity;
    for (let k = i - window; k < i; k++) if (close[k]! < m) m = close[k]!;
    out[i] = m;
  }
  return out;
}

/** close[i] / close[i − lookback] − 1; NaN for the first `lookback` bars. */
export function momentum(close: Float64Array, lookback: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(Number.NaN);
  for (let i = lookback; i < n; i++) out[i] = close[i]! / close[i - lookback]! - 1;
  return out;
}

/** Close-to-close simple returns; bar 0 is 0. Shared by every set (see kernel.ts). */
export function closeReturns(close: Float64Array): Float64Array {
  const out = new Float64Array(close.length);
  for (let i = 1; i < close.length; i++) out[i] = (close[i]! - close[i - 1]!) / close[i - 1]!;
  return out;
}
