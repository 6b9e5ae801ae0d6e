/**
 * Bar indices to keep when drawing long series in a chart: all of them up to `max`, else the first and last
 * bar, each series' highest and lowest bar, and the lowest and highest strategy value of each of
 * ~(max − fixed)/2 equal buckets. Extremes survive, so a drawn max drawdown is the real one.
 */
export function keepIndices(
  n: number,
  max: number,
  bucketed: ArrayLike<number>,
  extremes: ReadonlyArray<ArrayLike<number>>,
): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const keep = new Set<number>([0, n - 1]);
  for (const series of [bucketed, ...extremes]) {
    let lo = 0;
    let hi = 0;
    for (let i = 1; i < n; i++) {
      if (series[i]! < series[lo]!) lo = i;
      if (series[i]! > series[hi]!) hi = i;
    }
    keep.add(lo).add(hi);
  }
  const buckets = Math.max(1, Math.floor((max - keep.size) / 2));
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (bucketed[i]! < bucketed[lo]!) lo = i;
      if (bucketed[i]! > bucketed[hi]!) hi = i;
    }
    keep.add(lo).add(hi);
  }
  return [...keep].sort((a, b) => a - b);
}
