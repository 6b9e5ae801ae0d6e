import type { PriceSeries } from "./types.ts";

/**
 * A seeded geometric random walk for tests and demos. Its series, and everything computed on it, carry
 * `synthetic: true`; nothing ever substitutes it for real data.
 */
export function syntheticSeries(
  options: {
    seed?: number;
    bars?: number;
    start?: number;
    drift?: number;
    vol?: number;
    symbol?: string;
  } = {},
): PriceSeries {
  const { seed = 42, bars = 500, start = 100, drift = 0.0003, vol = 0.015, symbol = "SYNTH" } = options;
  let state = seed >>> 0;
  const uniform = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const close = new Float64Array(bars);
  const dates: string[] = [];
  let price = start;
  let day = Date.UTC(2020, 0, 1);
  for (let i = 0; i < bars; i++) {
    const z = Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
    if (i > 0) price *= Math.exp(drift - (vol * vol) / 2 + vol * z);
    close[i] = price;
    dates.push(new Date(day).toISOString().slice(0, 10));
    day += 86_400_000;
  }
  return {
    symbol,
    dates,
    close,
    priceField: "close",
    source: `synthetic:seed=${seed}`,
    repairs: [],
    synthetic: true,
  };
}
