/** Number formats of the report: fractions shown as percent, n/a for what is not defined. */
const NA = "n/a";

export function pct(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NA;
  const text = (value * 100).toFixed(digits);
  return `${text === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : text} %`;
}

export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NA;
  return value.toFixed(digits);
}

/** Prices: 2 decimals, thousands separated. */
export function price(value: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
