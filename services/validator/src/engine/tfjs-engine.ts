import { loadTfBackend, type Tf, type TfBackend } from "./backend.ts";
import { OUT_STRIDE, SET_STRIDE } from "./kernel.ts";
import type { Engine, SweepInput, SweepRaw } from "./types.ts";

/** Rows that are prices (compared with prices): sent to float32 as (row − close) to keep their differences. */
const PRICE_LIKE = /^(close|sma|ema|bbl|bbu|pmax|pmin):?/;

export interface TfjsEngine extends Engine {
  backend: TfBackend;
  /** Fill bars per set (+bar+1 buy, −(bar+1) sell), for tests comparing trades with the native engine. */
  fills(input: SweepInput): Promise<number[][]>;
}

/**
 * The tensor engine: a chunk of parameter sets × bars at a time, no per-bar loop. Indicator rows are
 * gathered per set; crossovers become comparisons plus an exclusive cumulative sum (vectorbt's "was below"
 * state); the no-accumulation position is "last entry index > last exit index" (a running max, done as a
 * log-step scan because tfjs has no cummax); returns, fills and costs are elementwise; value is exp of a
 * cumulative sum of log1p(returns); drawdown is value against its running max. float32 throughout (tfjs
 * has no float64): metrics agree with the native engine to about 1e-5 relative; trades are the same unless
 * two indicators differ by less than float32 resolution on some bar.
 * Fixed fees are not supported here (they break the multiplicative cost model); NaN must only lead a row.
 */
export async function createTfjsEngine(
  options: { prefer?: "best" | "pure"; chunkSets?: number } = {},
): Promise<TfjsEngine> {
  const backend = await loadTfBackend(options.prefer ?? "best");
  const tf: Tf = backend.tf.tensor2d ? backend.tf : backend.tf.default;
  const chunkSets = options.chunkSets ?? (backend.gpu ? 8192 : 512);

  function prepare(input: SweepInput) {
    if (input.costs.fixedFees !== 0)
      throw new Error("the tfjs engine does not support fixed_fees; use the native engine");
    const { table, specs, nSets, to } = input;
    const modes = new Set<number>();
    for (let s = 0; s < nSets; s++) modes.add(specs[s * SET_STRIDE + 2]! * 2 + specs[s * SET_STRIDE + 5]!);
    if (modes.size > 1) throw new Error("the tfjs engine needs one signal mode per sweep");
    const keys = table.keys();
    const rows = keys.length;
    // Bars-major [to, rows]: shifting along bars is then a contiguous slice (tfjs's CPU slice is very slow
    // on strided slices: seconds for [512 × 3379]).
    const packed = new Float32Array(rows * to);
    for (let r = 0; r < rows; r++) {
      const row = table.get(r);
      const price = PRICE_LIKE.test(keys[r]!);
      for (let i = 0; i < to; i++) packed[i * rows + r] = price ? row[i]! - table.close[i]! : row[i]!;
    }
    return { packed, rows, mode: [...modes][0] ?? 0 };
  }

  /** x shifted down by k bars (axis 0), the first k rows filled with `fill`. */
  function shift(x: Tf, k: number, fill: number, dtype = "float32"): Tf {
    const [n, s] = x.shape;
    return tf.concat([tf.fill([k, s], fill, dtype), x.slice([0, 0], [n - k, s])], 0);
  }

  function cummax(x: Tf): Tf {
    const n = x.shape[0];
    let y = x;
    for (let k = 1; k < n; k *= 2) y = tf.maximum(y, shift(y, k, -1));
    return y;
  }

  /** Signals and positions of one chunk: [to, sets] tensors (caller disposes inside tidy). */
  function positions(
    T: Tf,
    specs: Int32Array,
    s0: number,
    s1: number,
    mode: number,
    from: number,
    to: number,
  ) {
    const col = (k: number) =>
      tf.tensor1d(
        Array.from({ length: s1 - s0 }, (_, j) => specs[(s0 + j) * SET_STRIDE + k]!),
        "int32",
      );
    const signal = (a: Tf, b: Tf, cross: boolean) => {
      const above = tf.greater(a, b);
      if (!cross) return above;
      // Exclusive cumulative sum over bars: has A < B been seen before this bar?
      const seenBefore = tf.greater(tf.cumsum(tf.cast(tf.less(a, b), "int32"), 0, true), 0);
      const counted = tf.logicalAnd(above, seenBefore);
      return tf.logicalAnd(counted, tf.logicalNot(shift(counted, 1, 0, "bool")));
    };
    const entryCross = mode >> 1 === 0;
    const exitCross = (mode & 1) === 0;
    let entries = signal(tf.gather(T, col(0), 1), tf.gather(T, col(1), 1), entryCross);
    let exits = signal(tf.gather(T, col(3), 1), tf.gather(T, col(4), 1), exitCross);
    const both = tf.logicalAnd(entries, exits);
    const tradable = tf.greaterEqual(tf.range(0, to, 1, "int32"), from).reshape([to, 1]);
    entries = tf.logicalAnd(tf.logicalAnd(entries, tf.logicalNot(both)), tradable);
    exits = tf.logicalAnd(tf.logicalAnd(exits, tf.logicalNot(both)), tradable);
    const index = tf.range(0, to, 1, "float32").reshape([to, 1]);
    const lastEntry = cummax(tf.where(entries, index, tf.scalar(-1)));
    const lastExit = cummax(tf.where(exits, index, tf.scalar(-1)));
    const pos = tf.cast(tf.greater(lastEntry, lastExit), "float32");
    return { pos, prev: shift(pos, 1, 0) };
  }

  const engine: TfjsEngine = {
    name: backend.name,
    gpuAccelerated: backend.gpu,
    backend,
    async run(input: SweepInput): Promise<SweepRaw> {
      const started = performance.now();
      const { nSets, from, to, costs } = input;
      const n = to - from;
      const { packed, rows, mode } = prepare(input);
      const out = new Float64Array(nSets * OUT_STRIDE);
      const T = tf.tensor2d(packed, [to, rows]);
      const ret = tf.tensor2d(Float32Array.from(input.table.ret.subarray(0, to)), [to, 1]);
      const kb = 1 / ((1 + costs.fees) * (1 + costs.slippage)) - 1;
      const ks = (1 - costs.fees) * (1 - costs.slippage) - 1;
      try {
        for (let s0 = 0; s0 < nSets; s0 += chunkSets) {
          const s1 = Math.min(nSets, s0 + chunkSets);
          const parts: Tf[] = tf.tidy(() => {
            const { pos, prev } = positions(T, input.specs, s0, s1, mode, from, to);
            const buy = tf.mul(pos, tf.sub(1, prev));
            const sell = tf.mul(prev, tf.sub(1, pos));
            let r = tf.add(
              tf.add(tf.mul(prev, ret), tf.mul(tf.mul(sell, tf.add(1, ret)), ks)),
              tf.mul(buy, kb),
            );
            r = r.slice([from, 0], [n, -1]);
            // Column sums as a product with a ones row: tfjs's CPU reductions transpose non-last axes first.
            const ones = tf.ones([1, n]);
            const mean = tf.div(tf.matMul(ones, r), n);
            const centered = tf.sub(r, mean);
            const ss = tf.matMul(ones, tf.mul(centered, centered));
            const logv = tf.cumsum(tf.log1p(r), 0);
            const last = logv.slice([n - 1, 0], [1, -1]);
            const dd = tf.min(tf.sub(logv, cummax(logv)), 0);
            const onesAll = tf.ones([1, to]);
            return [mean, ss, last, dd, tf.matMul(onesAll, buy), tf.matMul(onesAll, sell)];
          });
          const [mean, ss, last, dd, trades, closed] = (await Promise.all(
            parts.map((t: Tf) => t.data()),
          )) as Float32Array[];
          for (const t of parts) t.dispose();
          for (let j = 0; j < s1 - s0; j++) {
            const o = (s0 + j) * OUT_STRIDE;
            const sum = mean![j]! * n;
            out[o] = costs.initCash * Math.exp(last![j]!);
            out[o + 1] = sum;
            out[o + 2] = ss![j]! + sum * mean![j]!;
            out[o + 3] = Math.expm1(dd![j]!);
            out[o + 4] = Math.round(trades![j]!);
            out[o + 5] = Math.round(closed![j]!);
          }
        }
      } finally {
        T.dispose();
        ret.dispose();
      }
      return {
        out,
        engine: backend.name,
        gpuAccelerated: backend.gpu,
        seconds: (performance.now() - started) / 1000,
      };
    },
    async fills(input: SweepInput): Promise<number[][]> {
      const { packed, rows, mode } = prepare(input);
      const T = tf.tensor2d(packed, [input.to, rows]);
      const change = tf.tidy(() => {
        const { pos, prev } = positions(T, input.specs, 0, input.nSets, mode, input.from, input.to);
        return tf.transpose(tf.sub(pos, prev));
      });
      const matrix = (await change.array()) as number[][];
      change.dispose();
      T.dispose();
      return matrix.map((row) => row.flatMap((v, i) => (v > 0 ? [i + 1] : v < 0 ? [-(i + 1)] : [])));
    },
  };
  return engine;
}
