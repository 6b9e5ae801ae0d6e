/**
 * The native back-test kernel: one tight pass per parameter set over shared, precomputed indicator rows.
 *
 * It is deliberately self-contained (no imports, no closures, no nested functions) because the worker pool
 * ships its source text to `worker_threads` with `eval: true` (see pool.ts): that works the same under tsx,
 * vitest and a bundled build, with no loader in the worker.
 *
 * Conventions (vectorbt `from_signals` defaults, see docs/backtest-conventions.md):
 * fills at the signal bar's close (slipped price), all-in fractional size, long only, no accumulation,
 * entry+exit on the same bar both ignored, value marked at the raw close, bar returns against the previous
 * value (init cash before the first traded bar).
 *
 * Layout: `table` holds indicator rows of `nBars` each; `sets` holds 6 int32 per set:
 * [entryA, entryB, entryMode, exitA, exitB, exitMode] (row indices; mode 0 = "A crossed above B" with
 * vectorbt's `crossed_above` state machine, 1 = level "A > B"). `out` gets OUT_STRIDE float64 per set:
 * [finalValue, sumReturns, sumSquaredReturns, maxDrawdown (≤0), trades (incl. open), closedTrades].
 * `ret` is the table's `aux` array (see table.ts): close-to-close returns first, then prefix sums and a range
 * tree used by the crossover fast path.
 * Signals are evaluated from bar 0 (indicator state needs the history) but trading happens only in
 * [from, to): bars before `from` never move money, which is how the walk-forward out-of-sample run starts
 * fresh without look-ahead.
 */
export const OUT_STRIDE = 6;
export const SET_STRIDE = 6;

/** One call of the kernel: its inputs (shared by every set), the sets [s0, s1) to run, and where results go. */
export interface KernelJob {
  close: Float64Array;
  /** The table's `aux` array (see table.ts): close-to-close returns, prefix sums and the range tree. */
  ret: Float64Array;
  /** Indicator rows of `nBars` each. */
  table: Float64Array;
  nBars: number;
  /** SET_STRIDE int32 per set (see above). */
  sets: Int32Array;
  s0: number;
  s1: number;
  /** Trading happens in bars [from, to). */
  from: number;
  to: number;
  initCash: number;
  fees: number;
  fixedFees: number;
  slippage: number;
  /** OUT_STRIDE float64 per set, written at the set's index. */
  out: Float64Array;
  /** Fill bars of a single set (+bar+1 buy, −(bar+1) sell, 0 after the last), or null. */
  fillsOut: Int32Array | null;
  /** Bar returns over [from, to) of a single set, or null. Either output turns the crossover fast path off. */
  returnsOut: Float64Array | null;
}

/**
 * vectorbt's `crossed_above_1d_nb`, one bar at a time: fires on the first bar where a > b after a < b was
 * seen since the last NaN; equality ends the "above" run but keeps "was below". `state` is the previous
 * call's answer (0 before the first bar): bit 0 = a < b seen, bit 1 = this "above" run already fired, bit 2
 * = fires on this bar. A number, not an object, so the hot loop allocates nothing.
 */
export function crossedAboveStep(state: number, a: number, b: number): number {
  if (a > b) return state & 1 ? (state & 2 ? 3 : 7) : state & 3;
  if (a < b) return 1;
  if (a === b) return state & 1;
  return 0;
}

export function runSets(job: KernelJob): void {
  const {
    close,
    ret,
    table,
    nBars,
    sets,
    s0,
    s1,
    from,
    to,
    initCash,
    fees,
    fixedFees,
    slippage,
    out,
    fillsOut,
    returnsOut,
  } = job;
  const buyPriceFactor = 1 + slippage;
  const sellPriceFactor = 1 - slippage;
  const onePlusFees = 1 + fees;
  for (let s = s0; s < s1; s++) {
    const base = s * 6;
    const ea = sets[base]! * nBars;
    const eb = sets[base + 1]! * nBars;
    const eMode = sets[base + 2]!;
    const xa = sets[base + 3]! * nBars;
    const xb = sets[base + 4]! * nBars;
    const xMode = sets[base + 5]!;
    if (eMode === 0 && xMode === 0 && ea === xb && eb === xa && fillsOut === null && returnsOut === null) {
      runCrossover(job, ea, eb, s * 6);
      continue;
    }
    // crossed_above state per signal (see crossedAboveStep).
    let eState = 0;
    let xState = 0;
    let cash = initCash;
    let size = 0;
    let inPos = false;
    let prevValue = initCash;
    let sum = 0;
    let sumSq = 0;
    let peak = Number.NaN;
    let minRatio = 1;
    let trades = 0;
    let closed = 0;
    let nFills = 0;
    for (let i = 0; i < to; i++) {
      let entry: boolean;
      if (eMode === 0) {
        eState = crossedAboveStep(eState, table[ea + i]!, table[eb + i]!);
        entry = eState > 3;
      } else {
        entry = table[ea + i]! > table[eb + i]!;
      }
      let exit: boolean;
      if (xMode === 0) {
        xState = crossedAboveStep(xState, table[xa + i]!, table[xb + i]!);
        exit = xState > 3;
      } else {
        exit = table[xa + i]! > table[xb + i]!;
      }
      if (i < from) continue;
      const price = close[i]!;
      let r = 0;
      if (entry !== exit && entry !== inPos) {
        if (entry) {
          // Buy everything: vectorbt's sizing for size=inf (cash limit, fees on top, slipped price).
          const spend = (cash - fixedFees) / onePlusFees;
          if (spend > 0) {
            size = spend / (price * buyPriceFactor);
            cash = 0;
            inPos = true;
            trades++;
            if (fillsOut !== null) fillsOut[nFills++] = i + 1;
          }
        } else {
          const gross = size * price * sellPriceFactor;
          cash += gross - (gross * fees + fixedFees);
          size = 0;
          inPos = false;
          closed++;
          if (fillsOut !== null) fillsOut[nFills++] = -(i + 1);
        }
        const value = cash + size * price;
        r =
          prevValue === 0
            ? value === 0
              ? 0
              : value > 0
                ? Infinity
                : -Infinity
            : (value - prevValue) / prevValue;
        prevValue = value;
        if (!(peak >= value)) peak = value;
        else if (value < peak * minRatio) minRatio = value / peak;
      } else if (inPos) {
        const value = size * price;
        // Held through: the value moves with the close; the shared precomputed close-to-close return equals
        // vectorbt's value-to-value return to the last ulp and saves a division per bar and set.
        r = ret[i]!;
        prevValue = value;
        if (!(peak >= value)) peak = value;
        else if (value < peak * minRatio) minRatio = value / peak;
      } else if (i === from) {
        // First traded bar while flat: value is the cash, the peak starts here.
        prevValue = cash;
        peak = cash;
      }
      sum += r;
      sumSq += r * r;
      if (returnsOut !== null) returnsOut[i - from] = r;
    }
    const o = s * 6;
    out[o] = cash + size * close[to - 1]!;
    out[o + 1] = sum;
    out[o + 2] = sumSq;
    out[o + 3] = minRatio - 1;
    out[o + 4] = trades;
    out[o + 5] = closed;
    if (fillsOut !== null && nFills < fillsOut.length) fillsOut[nFills] = 0;
  }
}

/**
 * The hot path of every "A crosses B" strategy (SMA/EMA/MACD crossovers): entry = A crossed above B, exit =
 * B crossed above A. With one sign per bar, vectorbt's two `crossed_above` state machines reduce to: an
 * entry fires on a bar with A > B whose previous bar was not A > B, once A < B has been seen since the last
 * NaN (and symmetrically for exits). So the per-bar work is one comparison, in or out of the market. Each
 * holding period's contribution is then O(log n): its return sums from prefix sums of the shared returns,
 * its drawdown and new peak from a range tree over the closes (max, min, and the largest fall within the
 * range; these combine associatively). Same results as the generic loop of `runSets` to ~1e-15.
 */
export function runCrossover(job: KernelJob, ao: number, bo: number, o: number): void {
  const { close, ret: aux, table, from, to, initCash, fees, fixedFees, slippage, out } = job;
  const n = close.length;
  const pOff = n;
  const qOff = 2 * n;
  const tree = (aux.length - 3 * n) / 6;
  const mxOff = 3 * n;
  const mnOff = mxOff + 2 * tree;
  const ddOff = mnOff + 2 * tree;
  // Views of this set's two rows: plain A[i] / B[i] indexing keeps the hot loops small.
  const A = table.subarray(ao, ao + n);
  const B = table.subarray(bo, bo + n);
  // prev: 1 = A > B, -1 = A < B, 0 = equal, 2 = NaN (nothing seen).
  let prev = 2;
  let seenBelow = false;
  let seenAbove = false;
  let i = 0;
  for (; i < from; i++) {
    const a = A[i]!;
    const b = B[i]!;
    if (a > b) {
      prev = 1;
      seenAbove = true;
    } else if (a < b) {
      prev = -1;
      seenBelow = true;
    } else if (a === b) prev = 0;
    else {
      prev = 2;
      seenAbove = false;
      seenBelow = false;
    }
  }
  let cash = initCash;
  let size = 0;
  let sum = 0;
  let sumSq = 0;
  let peak = cash;
  let minRatio = 1;
  let trades = 0;
  let closed = 0;
  const onePlusFees = 1 + fees;
  const buyFactor = 1 + slippage;
  const sellFactor = 1 - slippage;
  while (i < to) {
    // Flat: scan for the next entry; returns are exactly 0 here. Within a run of bars on the same side the
    // state cannot change, so those bars take the tight inner loops (2 loads + 1 compare per bar).
    let entryAt = -1;
    while (i < to) {
      const a = A[i]!;
      const b = B[i]!;
      if (a > b) {
        const fire = prev !== 1 && seenBelow;
        prev = 1;
        seenAbove = true;
        if (fire) {
          entryAt = i;
          i++;
          break;
        }
        i++;
        while (
          i + 4 <= to &&
          A[i]! > B[i]! &&
          A[i + 1]! > B[i + 1]! &&
          A[i + 2]! > B[i + 2]! &&
          A[i + 3]! > B[i + 3]!
        )
          i += 4;
        while (i < to && A[i]! > B[i]!) i++;
      } else if (a < b) {
        prev = -1;
        seenBelow = true;
        i++;
        while (
          i + 4 <= to &&
          A[i]! < B[i]! &&
          A[i + 1]! < B[i + 1]! &&
          A[i + 2]! < B[i + 2]! &&
          A[i + 3]! < B[i + 3]!
        )
          i += 4;
        while (i < to && A[i]! < B[i]!) i++;
      } else if (a === b) {
        prev = 0;
        i++;
      } else {
        prev = 2;
        seenAbove = false;
        seenBelow = false;
        i++;
      }
    }
    if (entryAt < 0) break;
    const spend = (cash - fixedFees) / onePlusFees;
    if (!(spend > 0)) continue;
    const entryPrice = close[entryAt]!;
    size = spend / (entryPrice * buyFactor);
    const prevValue = cash;
    cash = 0;
    trades++;
    const value = size * entryPrice;
    let r = (value - prevValue) / prevValue;
    sum += r;
    sumSq += r * r;
    if (value > peak) peak = value;
    else if (value < peak * minRatio) minRatio = value / peak;
    // In the market: only the exit test per bar.
    let exitAt = -1;
    while (i < to) {
      const a = A[i]!;
      const b = B[i]!;
      if (a < b) {
        const fire = prev !== -1 && seenAbove;
        prev = -1;
        seenBelow = true;
        if (fire) {
          exitAt = i;
          break;
        }
        i++;
        while (
          i + 4 <= to &&
          A[i]! < B[i]! &&
          A[i + 1]! < B[i + 1]! &&
          A[i + 2]! < B[i + 2]! &&
          A[i + 3]! < B[i + 3]!
        )
          i += 4;
        while (i < to && A[i]! < B[i]!) i++;
      } else if (a > b) {
        prev = 1;
        seenAbove = true;
        i++;
        while (
          i + 4 <= to &&
          A[i]! > B[i]! &&
          A[i + 1]! > B[i + 1]! &&
          A[i + 2]! > B[i + 2]! &&
          A[i + 3]! > B[i + 3]!
        )
          i += 4;
        while (i < to && A[i]! > B[i]!) i++;
      } else if (a === b) {
        prev = 0;
        i++;
      } else {
        prev = 2;
        seenAbove = false;
        seenBelow = false;
        i++;
      }
    }
    // Held bars entryAt+1 .. last: their returns are the shared close-to-close returns.
    const l = entryAt + 1;
    const last = exitAt < 0 ? to - 1 : exitAt - 1;
    if (l <= last) {
      const dsum = aux[pOff + last]! - aux[pOff + l - 1]!;
      sum += dsum;
      sumSq += aux[qOff + last]! - aux[qOff + l - 1]!;
      // Range query over [l, last], left to right: (max, min, min of close/running max).
      let lo = l + tree;
      let hi = last + tree + 1;
      let lMax = 0;
      let lMin = Infinity;
      let lDd = 1;
      let rMax = 0;
      let rMin = Infinity;
      let rDd = 1;
      while (lo < hi) {
        if (lo & 1) {
          const c = aux[mnOff + lo]! / lMax;
          const d = aux[ddOff + lo]!;
          if (c < lDd) lDd = c;
          if (d < lDd) lDd = d;
          if (aux[mxOff + lo]! > lMax) lMax = aux[mxOff + lo]!;
          if (aux[mnOff + lo]! < lMin) lMin = aux[mnOff + lo]!;
          lo++;
        }
        if (hi & 1) {
          hi--;
          const c = rMin / aux[mxOff + hi]!;
          const d = aux[ddOff + hi]!;
          if (c < rDd) rDd = c;
          if (d < rDd) rDd = d;
          if (aux[mxOff + hi]! > rMax) rMax = aux[mxOff + hi]!;
          if (aux[mnOff + hi]! < rMin) rMin = aux[mnOff + hi]!;
        }
        lo >>= 1;
        hi >>= 1;
      }
      let dd = rMin / lMax;
      if (lDd < dd) dd = lDd;
      if (rDd < dd) dd = rDd;
      const spanMin = Math.min(lMin, rMin);
      const spanMax = Math.max(lMax, rMax);
      const fromPeak = (size * spanMin) / peak;
      if (fromPeak < minRatio) minRatio = fromPeak;
      if (dd < minRatio) minRatio = dd;
      const top = size * spanMax;
      if (top > peak) peak = top;
    }
    if (exitAt < 0) break;
    // Exit fill at exitAt.
    const gross = size * close[exitAt]! * sellFactor;
    const before = size * close[exitAt - 1]!;
    cash = gross - (gross * fees + fixedFees);
    size = 0;
    closed++;
    r = (cash - before) / before;
    sum += r;
    sumSq += r * r;
    if (cash > peak) peak = cash;
    else if (cash < peak * minRatio) minRatio = cash / peak;
    i = exitAt + 1;
  }
  out[o] = cash + size * close[to - 1]!;
  out[o + 1] = sum;
  out[o + 2] = sumSq;
  out[o + 3] = minRatio - 1;
  out[o + 4] = trades;
  out[o + 5] = closed;
}
