import type { StrategyName } from "@qp/schema";
import { ewmMean, momentum, priorMax, priorMin, rollingMean, rollingStd, rsi } from "../engine/indicators.ts";
import type { IndicatorTable } from "../engine/table.ts";

export type Params = Record<string, number>;
/** [entryA, entryB, entryMode, exitA, exitB, exitMode]: mode 0 = A crossed above B, 1 = level A > B. */
export type SignalSpec = [number, number, 0 | 1, number, number, 0 | 1];

export interface StrategyTemplate {
  name: StrategyName;
  title: string;
  /** Plain-language description; the resolver ranks templates by similarity to it. */
  description: string;
  paramNames: string[];
  /** Parameters that must be positive integers (windows, lookbacks). */
  integerParams: string[];
  defaults: Params;
  grid: Record<string, number[]>;
  /** Why a parameter set is invalid, or null. */
  check(params: Params): string | null;
  /** Bars of history needed before the first signal can fire. */
  warmup(params: Params): number;
  spec(table: IndicatorTable, params: Params): SignalSpec;
}

const sma = (t: IndicatorTable, w: number) => t.row(`sma:${w}`, () => rollingMean(t.close, w));
const ema = (t: IndicatorTable, w: number) => t.row(`ema:${w}`, () => ewmMean(t.close, w));
const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const fastBelowSlow = (p: Params) =>
  (p.fast ?? 0) < (p.slow ?? 0) ? null : `fast (${p.fast}) must be smaller than slow (${p.slow})`;

/** The single-series templates (the rotation across symbols is src/strategies/rotation.ts). */
export type TemplateName = Exclude<StrategyName, "rule" | "dual_momentum_rotation">;

export const CATALOG: Record<TemplateName, StrategyTemplate> = {
  buy_and_hold: {
    name: "buy_and_hold",
    title: "Buy and hold (benchmark)",
    description: "buy at the first bar and hold the asset, passive benchmark, never sell",
    paramNames: [],
    integerParams: [],
    defaults: {},
    grid: {},
    check: () => null,
    warmup: () => 1,
    // vectorbt from_holding: entries=True on every bar, exits=False.
    spec: (t) => [t.constant(1), t.constant(0), 1, t.constant(0), t.constant(1), 1],
  },
  sma_crossover: {
    name: "sma_crossover",
    title: "SMA crossover",
    description:
      "simple moving average crossover trend following: buy when the fast moving average crosses above the slow moving average (golden cross), sell when it crosses below (death cross)",
    paramNames: ["fast", "slow"],
    integerParams: ["fast", "slow"],
    defaults: { fast: 50, slow: 200 },
    grid: { fast: [5, 10, 15, 20, 30, 50], slow: [20, 50, 100, 150, 200] },
    check: fastBelowSlow,
    warmup: (p) => p.slow ?? 0,
    spec: (t, p) => {
      const f = sma(t, p.fast!);
      const s = sma(t, p.slow!);
      return [f, s, 0, s, f, 0];
    },
  },
  ema_crossover: {
    name: "ema_crossover",
    title: "EMA crossover",
    description:
      "exponential moving average crossover trend following: buy when the fast exponential average crosses above the slow one, sell on the cross below",
    paramNames: ["fast", "slow"],
    integerParams: ["fast", "slow"],
    defaults: { fast: 12, slow: 26 },
    grid: { fast: [5, 8, 12, 20, 30], slow: [20, 26, 50, 100, 200] },
    check: fastBelowSlow,
    warmup: (p) => p.slow ?? 0,
    spec: (t, p) => {
      const f = ema(t, p.fast!);
      const s = ema(t, p.slow!);
      return [f, s, 0, s, f, 0];
    },
  },
  rsi_mean_reversion: {
    name: "rsi_mean_reversion",
    title: "RSI mean reversion",
    description:
      "relative strength index mean reversion oscillator: buy when RSI falls below the oversold level, sell when it rises above the overbought level",
    paramNames: ["window", "lower", "upper"],
    integerParams: ["window"],
    defaults: { window: 14, lower: 30, upper: 70 },
    grid: { window: [7, 14, 21], lower: [20, 25, 30, 35], upper: [65, 70, 75, 80] },
    check: (p) =>
      (p.lower ?? 0) > 0 && (p.lower ?? 0) < (p.upper ?? 0) && (p.upper ?? 0) < 100
        ? null
        : `need 0 < lower (${p.lower}) < upper (${p.upper}) < 100`,
    warmup: (p) => (p.window ?? 0) + 1,
    spec: (t, p) => {
      const r = t.row(`rsi:${p.window}`, () => rsi(t.close, p.window!));
      // Entry: RSI crosses below `lower`; exit: RSI crosses above `upper`.
      return [t.constant(p.lower!), r, 0, r, t.constant(p.upper!), 0];
    },
  },
  bollinger_bands: {
    name: "bollinger_bands",
    title: "Bollinger bands mean reversion",
    description:
      "bollinger bands volatility mean reversion: buy when the close falls below the lower band (moving average minus k standard deviations), sell when it rises above the upper band",
    paramNames: ["window", "k"],
    integerParams: ["window"],
    defaults: { window: 20, k: 2 },
    grid: { window: [10, 20, 30, 50], k: [1.5, 2, 2.5, 3] },
    check: (p) => ((p.k ?? 0) > 0 ? null : `k (${p.k}) must be positive`),
    warmup: (p) => p.window ?? 0,
    spec: (t, p) => {
      const w = p.window!;
      const k = p.k!;
      const mid = t.row(`sma:${w}`, () => rollingMean(t.close, w));
      const sd = t.row(`std:${w}`, () => rollingStd(t.close, w, t.get(mid)));
      const lower = t.row(`bbl:${w}:${k}`, () => band(t.get(mid), t.get(sd), -k));
      const upper = t.row(`bbu:${w}:${k}`, () => band(t.get(mid), t.get(sd), k));
      return [lower, 0, 0, 0, upper, 0];
    },
  },
  macd: {
    name: "macd",
    title: "MACD signal-line crossover",
    description:
      "MACD moving average convergence divergence momentum: buy when the MACD line (fast EMA minus slow EMA) crosses above its signal line, sell when it crosses below",
    paramNames: ["fast", "slow", "signal"],
    integerParams: ["fast", "slow", "signal"],
    defaults: { fast: 12, slow: 26, signal: 9 },
    grid: { fast: [8, 12, 16], slow: [21, 26, 35], signal: [5, 9, 12] },
    check: fastBelowSlow,
    warmup: (p) => (p.slow ?? 0) + (p.signal ?? 0),
    spec: (t, p) => {
      const line = t.row(`macd:${p.fast}:${p.slow}`, () =>
        diff(t.get(ema(t, p.fast!)), t.get(ema(t, p.slow!))),
      );
      const sig = t.row(`macdsig:${p.fast}:${p.slow}:${p.signal}`, () => ewmMean(t.get(line), p.signal!));
      return [line, sig, 0, sig, line, 0];
    },
  },
  donchian_breakout: {
    name: "donchian_breakout",
    title: "Donchian channel breakout",
    description:
      "donchian channel breakout trend following (turtle): buy when the close breaks above the highest close of the last N days, sell when it breaks below the lowest close of the last M days",
    paramNames: ["window", "exit_window"],
    integerParams: ["window", "exit_window"],
    defaults: { window: 20, exit_window: 10 },
    grid: { window: [10, 20, 50, 100], exit_window: [5, 10, 20, 50] },
    check: () => null,
    warmup: (p) => Math.max(p.window ?? 0, p.exit_window ?? 0) + 1,
    spec: (t, p) => {
      const hi = t.row(`pmax:${p.window}`, () => priorMax(t.close, p.window!));
      const lo = t.row(`pmin:${p.exit_window}`, () => priorMin(t.close, p.exit_window!));
      return [0, hi, 1, lo, 0, 1];
    },
  },
  ts_momentum: {
    name: "ts_momentum",
    title: "Time-series momentum",
    description:
      "time series momentum trend following: hold the asset while its return over the lookback period (e.g. 12 months) is positive, go to cash when it turns negative",
    paramNames: ["lookback"],
    integerParams: ["lookback"],
    defaults: { lookback: 252 },
    grid: { lookback: [21, 63, 126, 189, 252] },
    check: () => null,
    warmup: (p) => (p.lookback ?? 0) + 1,
    spec: (t, p) => {
      const m = t.row(`mom:${p.lookback}`, () => momentum(t.close, p.lookback!));
      return [m, t.constant(0), 1, t.constant(0), m, 1];
    },
  },
};

function band(mid: Float64Array, sd: Float64Array, k: number): Float64Array {
  const out = new Float64Array(mid.length);
  for (let i = 0; i < mid.length; i++) out[i] = mid[i]! + k * sd[i]!;
  return out;
}

function diff(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

/** The SMA sweep of the benchmark and of vectorbt's README: every fast < slow in 2..100 (4,851 sets). */
export const FULL_SMA_GRID = { fast: range(2, 99), slow: range(3, 100) };
export { range };
