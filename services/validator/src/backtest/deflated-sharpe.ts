/**
 * The deflated Sharpe ratio (Bailey & López de Prado, "The Deflated Sharpe Ratio", 2014): the probability
 * that the best of N tried strategies has a true Sharpe above zero, after correcting for selection among N
 * trials and for non-normal returns.
 *
 *   SR0 = sqrt(V[SR_n]) · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))   (γ = Euler–Mascheroni)
 *   DSR = Φ( (SR − SR0) · sqrt(T − 1) / sqrt(1 − skew · SR + (kurt − 1)/4 · SR²) )
 *
 * All Sharpe ratios here are per bar (not annualised); V[SR_n] is the variance of the trials' per-bar
 * Sharpe ratios; skew and kurt (non-excess) are of the selected strategy's bar returns; T its bar count.
 */
const EULER_GAMMA = 0.5772156649015329;

export interface DeflatedSharpe {
  /** Probability in [0, 1]; null when it cannot be computed (N < 2, no variance, T < 2). */
  dsr: number | null;
  trials: number;
  sr_per_bar: number | null;
  sr0_per_bar: number | null;
  trials_sr_variance: number | null;
  skewness: number | null;
  kurtosis: number | null;
  bars: number;
}

export function deflatedSharpe(returns: Float64Array, trialSharpesPerBar: number[]): DeflatedSharpe {
  const T = returns.length;
  const finite = trialSharpesPerBar.filter(Number.isFinite);
  const N = trialSharpesPerBar.length;
  const empty: DeflatedSharpe = {
    dsr: null,
    trials: N,
    sr_per_bar: null,
    sr0_per_bar: null,
    trials_sr_variance: null,
    skewness: null,
    kurtosis: null,
    bars: T,
  };
  if (T < 3) return empty;
  let mean = 0;
  for (const r of returns) mean += r;
  mean /= T;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const r of returns) {
    const d = r - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= T;
  m3 /= T;
  m4 /= T;
  if (m2 === 0) return empty;
  const std = Math.sqrt((m2 * T) / (T - 1));
  const sr = mean / std;
  const skew = m3 / m2 ** 1.5;
  const kurt = m4 / (m2 * m2);
  let variance = 0;
  if (finite.length >= 2) {
    const mu = finite.reduce((s, v) => s + v, 0) / finite.length;
    variance = finite.reduce((s, v) => s + (v - mu) ** 2, 0) / (finite.length - 1);
  }
  const sr0 =
    N >= 2
      ? Math.sqrt(variance) *
        ((1 - EULER_GAMMA) * normInv(1 - 1 / N) + EULER_GAMMA * normInv(1 - 1 / (N * Math.E)))
      : 0;
  const denominator = 1 - skew * sr + ((kurt - 1) / 4) * sr * sr;
  const dsr = denominator > 0 ? normCdf(((sr - sr0) * Math.sqrt(T - 1)) / Math.sqrt(denominator)) : null;
  return {
    dsr,
    trials: N,
    sr_per_bar: sr,
    sr0_per_bar: sr0,
    trials_sr_variance: variance,
    skewness: skew,
    kurtosis: kurt,
    bars: T,
  };
}

/** Standard normal CDF (erfc-based, |error| < 1.2e-7). */
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normInv(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normInv(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
