import { MarketDataError } from "./types.ts";

export interface Row {
  date: string;
  close: number;
  line: number;
}

/** Longest calendar gap between two bars that is repaired silently-but-noted; longer is an error. */
export const MAX_GAP_DAYS = 31;
/** Above this share of missing closes the file is refused instead of forward-filled. */
export const MAX_MISSING_SHARE = 0.05;

/**
 * The documented repairs (README "Market data"), each noted in `repairs`; with `repair = false` each is an
 * error instead:
 * - rows out of date order → sorted;
 * - the same date twice with the same close → one kept; with different closes → always an error;
 * - missing/NaN closes → leading ones dropped, later ones forward-filled (vectorbt's `fillna_close`), at most
 *   5 % of rows, else an error;
 * - a calendar gap over 7 days → noted; over 31 days → an error (a split file or a delisting, not a holiday).
 * Non-positive closes are always an error: no repair can know the right price.
 */
export function cleanRows(
  input: Row[],
  file: string,
  repair: boolean,
): { dates: string[]; close: Float64Array; repairs: string[] } {
  const repairs: string[] = [];
  const refuse = (code: string, message: string) => {
    throw new MarketDataError(code, `${file}: ${message}`);
  };
  let rows = input;
  for (const row of rows)
    if (row.close <= 0)
      refuse("csv_non_positive_price", `line ${row.line} (${row.date}): close ${row.close} is not positive`);
  const sorted = rows.every((row, i) => i === 0 || rows[i - 1]!.date <= row.date);
  if (!sorted) {
    if (!repair) refuse("csv_unsorted", "dates are not in ascending order");
    rows = [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.line - b.line));
    repairs.push("rows sorted by date (the file was not in ascending order)");
  }
  const unique: Row[] = [];
  let dropped = 0;
  for (const row of rows) {
    const last = unique[unique.length - 1];
    if (last && last.date === row.date) {
      const same = last.close === row.close || (Number.isNaN(last.close) && Number.isNaN(row.close));
      if (!same)
        refuse(
          "csv_duplicate_date",
          `date ${row.date} appears twice with different closes (lines ${last.line} and ${row.line})`,
        );
      if (!repair)
        refuse("csv_duplicate_date", `date ${row.date} appears twice (lines ${last.line} and ${row.line})`);
      dropped++;
      continue;
    }
    unique.push(row);
  }
  if (dropped > 0) repairs.push(`${dropped} duplicate row(s) with identical closes dropped`);
  let start = 0;
  while (start < unique.length && Number.isNaN(unique[start]!.close)) start++;
  if (start > 0) {
    if (!repair) refuse("csv_missing_close", `line ${unique[0]!.line}: missing close`);
    repairs.push(`${start} leading row(s) without a close dropped`);
  }
  const kept = unique.slice(start);
  const missing = kept.filter((row) => Number.isNaN(row.close));
  if (missing.length > 0) {
    if (!repair) refuse("csv_missing_close", `line ${missing[0]!.line} (${missing[0]!.date}): missing close`);
    if (missing.length > MAX_MISSING_SHARE * kept.length)
      refuse(
        "csv_missing_close",
        `${missing.length} of ${kept.length} closes are missing (more than ${MAX_MISSING_SHARE * 100} %)`,
      );
    repairs.push(
      `${missing.length} missing close(s) forward-filled from the previous bar (first at ${missing[0]!.date})`,
    );
  }
  if (kept.length < 2) refuse("csv_too_short", `${kept.length} usable row(s); need at least 2`);
  const dates = kept.map((row) => row.date);
  const close = new Float64Array(kept.length);
  for (let i = 0; i < kept.length; i++) {
    const value = kept[i]!.close;
    close[i] = Number.isNaN(value) ? close[i - 1]! : value;
  }
  let longest = 0;
  let where = "";
  for (let i = 1; i < dates.length; i++) {
    const days = (Date.parse(dates[i]!) - Date.parse(dates[i - 1]!)) / 86_400_000;
    if (days > longest) [longest, where] = [days, `${dates[i - 1]} → ${dates[i]}`];
  }
  if (longest > MAX_GAP_DAYS)
    refuse("csv_gap", `a ${longest}-day gap between bars (${where}); split the file or fill it`);
  if (longest > 7) {
    if (!repair) refuse("csv_gap", `a ${longest}-day gap between bars (${where})`);
    repairs.push(`longest gap between bars is ${longest} days (${where}); kept as is`);
  }
  return { dates, close, repairs };
}
