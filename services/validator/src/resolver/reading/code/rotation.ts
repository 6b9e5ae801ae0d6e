/**
 * Dual momentum written as code over a list of tickers: the returns of every ticker over one lookback (`px[['IWM',
 * 'SPY']].pct_change(63)`, `ROC(prices, n = 252)`, `p.iloc[-1] / p.iloc[-127] - 1`), the strongest picked
 * (`idxmax()`, `argmax`, `which.max`, `nlargest(1)`, a descending sort's first) and held only while its return is
 * positive, cash otherwise (`if r[best] > 0 else 'cash'`). Relative and absolute momentum together are the library's
 * dual momentum; the strongest held whatever its sign (relative momentum alone) is not, and is left unmatched.
 */

/** A quoted list of two or more tickers: `['IWM', 'SPY']`, R's `c("SPY", "EFA")`. */
const LIST =
  /(?:\[|\bc\s*\()\s*((?:['"]\^?[A-Z][A-Z0-9.=-]{0,9}['"]\s*,\s*)+['"]\^?[A-Z][A-Z0-9.=-]{0,9}['"])\s*[\])]/;
/** The lookback of the returns: a number, or a name the code assigns a number to. */
const RETURNS = [
  /\bpct_change\s*\(\s*(?:periods\s*=\s*)?(\w+)\s*\)/,
  /\b(?:ROC|rate_of_change|momentum|Delt)\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*?,\s*(?:n|k|periods?|lookback|window)?\s*=?\s*(\w+)\s*\)/i,
  /\/\s*[\w.[\]'"]+\.shift\(\s*(\w+)\s*\)\s*-\s*1\b/,
];
/** `p.iloc[-1] / p.iloc[-127] - 1`: positions from the end, the lookback their distance. */
const POSITIONS = /\.iloc\[\s*-1\s*\]\s*\/\s*[\w.[\]'"]+\.iloc\[\s*-(\d+)\s*\]\s*-\s*1\b/;
const STRONGEST =
  /\b(?:idxmax|argmax|which\.max)\b|\bnlargest\s*\(\s*1\s*\)|\bsort_values\s*\([^)]*ascending\s*=\s*False[^)]*\)\s*(?:\.index\s*\[\s*0\s*\]|\.head\s*\(\s*1\s*\))|\bmax\s*\([^()]*\bkey\s*=/;
/** The absolute side: the pick's return above zero, and somewhere else to be. */
const POSITIVE = /(?:>|>=)\s*0(?:\.0*)?(?![\d.])/;
const CASH = /\b(?:cash|flat|none|nothing|bil|shy|t[-_]?bills?|nan)\b/i;

export interface Rotation {
  lookback: number;
  symbols: string[];
}

/** R's tickers merged bare: `merge(SPY, EFA)`, `cbind(Cl(SPY), Cl(EFA))`. */
const MERGED =
  /\b(?:merge|cbind)\s*\(\s*((?:(?:Cl|Ad)\(\s*)?[A-Z][A-Z0-9]{0,4}\)?(?:\s*,\s*(?:(?:Cl|Ad)\(\s*)?[A-Z][A-Z0-9]{0,4}\)?)+)\s*\)/;

export function rotation(text: string): Rotation | null {
  const list = LIST.exec(text);
  const merged = list ? null : MERGED.exec(text);
  if ((!list && !merged) || !STRONGEST.test(text) || !POSITIVE.test(text) || !CASH.test(text)) return null;
  const symbols = list
    ? [...list[1]!.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]!)
    : [...merged![1]!.matchAll(/\b([A-Z][A-Z0-9]{0,4})\b(?!\()/g)].map((m) => m[1]!);
  const lookback = lookbackOf(text);
  return lookback && lookback >= 2 ? { lookback, symbols } : null;
}

function lookbackOf(text: string): number | null {
  const positions = POSITIONS.exec(text);
  if (positions) return Number(positions[1]) - 1;
  for (const re of RETURNS) {
    const m = re.exec(text);
    if (!m) continue;
    if (/^\d+$/.test(m[1]!)) return Number(m[1]);
    const named = new RegExp(String.raw`^\s*${m[1]}\s*(?:=|<-)\s*(\d+)\s*$`, "m").exec(text);
    if (named) return Number(named[1]);
  }
  return null;
}
