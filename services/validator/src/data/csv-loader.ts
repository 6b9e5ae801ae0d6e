import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { cleanRows, type Row } from "./repairs.ts";
import { MarketDataError, type PriceSeries } from "./types.ts";

export interface CsvOptions {
  /** Which symbol to take from a wide (one close column per symbol) table; also the label of the result. */
  symbol?: string;
  /** "auto" (default): `Adj Close` when the file has it, else `Close`. */
  priceField?: "auto" | "close" | "adj_close";
  /** false: every repair becomes an error (strict mode). */
  repair?: boolean;
  source?: string;
}

const OHLC = new Set([
  "open",
  "high",
  "low",
  "close",
  "adj close",
  "adj_close",
  "adjclose",
  "volume",
  "dividends",
  "stock splits",
]);
const DATE_NAMES = new Set(["date", "datetime", "timestamp", "time", "day"]);

/** Parse one CSV line (quoted fields allowed, no embedded newlines). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(",").map((f) => f.trim());
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(field.trim());
      field = "";
    } else field += ch;
  }
  out.push(field.trim());
  return out;
}

/** ISO `YYYY-MM-DD[ T…]` or US `M/D/YYYY` → `YYYY-MM-DD`; null when it is neither or not a real date. */
export function parseDate(text: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (us) [y, m, d] = [Number(us[3]), Number(us[1]), Number(us[2])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export interface CsvLayout {
  dateColumn: number;
  /** Wide table: symbol → column; long (OHLC) table: empty. */
  symbolColumns: Map<string, number>;
  closeColumn: number;
  adjCloseColumn: number;
}

/** Work out which column holds what, from the header alone (plus the first row for an unnamed date column). */
export function detectLayout(header: string[], firstRow: string[] | undefined, file: string): CsvLayout {
  const lower = header.map((h) => h.toLowerCase());
  let dateColumn = lower.findIndex((h) => DATE_NAMES.has(h));
  if (dateColumn < 0 && firstRow) dateColumn = firstRow.findIndex((v) => parseDate(v) !== null);
  if (dateColumn < 0)
    // Never echo the header: `pnpm backtest --csv /etc/shadow` printed the file's first line (issue 12).
    throw new MarketDataError("csv_no_date", `${file} is not a price CSV: its header has no date column`);
  const closeColumn = lower.indexOf("close");
  const adjCloseColumn = lower.findIndex((h) => h === "adj close" || h === "adj_close" || h === "adjclose");
  const symbolColumns = new Map<string, number>();
  if (closeColumn < 0 && adjCloseColumn < 0) {
    // A wide table: every other named, non-OHLC column is one symbol's closes (ffn's test data layout).
    header.forEach((h, i) => {
      if (i !== dateColumn && h !== "" && !OHLC.has(h.toLowerCase())) symbolColumns.set(h.toUpperCase(), i);
    });
    if (symbolColumns.size === 0)
      throw new MarketDataError(
        "csv_no_close",
        `${file} is not a price CSV: its header has no Close, Adj Close or symbol column`,
      );
  }
  return { dateColumn, symbolColumns, closeColumn, adjCloseColumn };
}

/**
 * A bad field for an error message: quoted when it is short and looks like a date or number typo
 * (`"2020-13-45"`, `"1O.5"`), else only its length. The file may not be a price CSV at all (a secret someone
 * pointed --csv at), and then its content must not be echoed.
 */
function describeField(value: string): string {
  if (value === "") return "empty";
  return /^[\w .:/+-]{1,32}$/.test(value) ? `"${value}"` : `${value.length} characters`;
}

/** Read a CSV file of daily prices in any supported layout (see README), with documented repairs. */
export function loadCsvFile(path: string, options: CsvOptions = {}): PriceSeries {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new MarketDataError("csv_unreadable", `${path}: ${(error as Error).message}`);
  }
  return parseCsv(text, { source: path, ...options });
}

/** Parse CSV text (see `loadCsvFile`). */
export function parseCsv(text: string, options: CsvOptions = {}): PriceSeries {
  const file = options.source ?? "csv";
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? "");
  const firstData = lines.slice(1).find((l) => l.trim() !== "");
  const layout = detectLayout(header, firstData ? splitCsvLine(firstData) : undefined, file);
  let column: number;
  let priceField: string;
  let symbol = options.symbol?.toUpperCase();
  if (layout.symbolColumns.size > 0) {
    if (!symbol) {
      if (layout.symbolColumns.size > 1)
        throw new MarketDataError(
          "csv_symbol_required",
          `${file} holds ${[...layout.symbolColumns.keys()].join(", ")}: say which symbol`,
        );
      symbol = [...layout.symbolColumns.keys()][0]!;
    }
    const found = layout.symbolColumns.get(symbol);
    if (found === undefined)
      throw new MarketDataError(
        "csv_unknown_symbol",
        `${file} has no column ${symbol} (has ${[...layout.symbolColumns.keys()].join(", ")})`,
      );
    column = found;
    priceField = symbol;
  } else {
    const wantAdj = options.priceField !== "close" && layout.adjCloseColumn >= 0;
    if (options.priceField === "adj_close" && layout.adjCloseColumn < 0)
      throw new MarketDataError("csv_no_adj_close", `${file} has no Adj Close column`);
    column = wantAdj ? layout.adjCloseColumn : layout.closeColumn;
    priceField = wantAdj ? "adj_close" : "close";
    if (column < 0) throw new MarketDataError("csv_no_close", `${file} has no Close column`);
    symbol ??= symbolFromFileName(file);
  }
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const fields = splitCsvLine(line);
    const rawDate = fields[layout.dateColumn] ?? "";
    const date = parseDate(rawDate);
    if (!date)
      throw new MarketDataError(
        "csv_bad_date",
        `${file} line ${i + 1}: cannot read date ${describeField(rawDate)}`,
      );
    const raw = fields[column] ?? "";
    const missing = raw === "" || /^(nan|null|na|n\/a|-)$/i.test(raw);
    const value = missing ? Number.NaN : Number(raw);
    if (!missing && !Number.isFinite(value))
      throw new MarketDataError(
        "csv_bad_number",
        `${file} line ${i + 1}: ${describeField(raw)} is not a number`,
      );
    rows.push({ date, close: value, line: i + 1 });
  }
  const { dates, close, repairs } = cleanRows(rows, file, options.repair ?? true);
  const fields =
    layout.symbolColumns.size === 0 ? otherFields(lines, header, layout, dates, close, column) : undefined;
  return {
    symbol,
    dates,
    close,
    ...(fields ? { fields } : {}),
    priceField,
    source: file,
    repairs,
    synthetic: false,
  };
}

/**
 * Open, high, low and volume of a long (OHLC) file on the cleaned dates, for rules that read them. When the
 * traded close is the adjusted close, open/high/low are scaled by adjusted/raw close of their row (Yahoo's
 * convention) so they stay consistent with it. A date without a readable value gets NaN (never a guess).
 */
function otherFields(
  lines: string[],
  header: string[],
  layout: CsvLayout,
  dates: string[],
  close: Float64Array,
  closeColumn: number,
): PriceSeries["fields"] {
  const lower = header.map((h) => h.toLowerCase());
  const wanted = (["open", "high", "low", "volume"] as const)
    .map((name) => ({ name, column: lower.indexOf(name) }))
    .filter((f) => f.column >= 0);
  if (wanted.length === 0) return undefined;
  const scaleByAdj = closeColumn === layout.adjCloseColumn && layout.closeColumn >= 0;
  const byDate = new Map<string, string[]>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === "") continue;
    const fields = splitCsvLine(lines[i]!);
    const date = parseDate(fields[layout.dateColumn] ?? "");
    if (date && !byDate.has(date)) byDate.set(date, fields);
  }
  const out: NonNullable<PriceSeries["fields"]> = {};
  for (const { name, column } of wanted) {
    const row = new Float64Array(dates.length);
    for (let k = 0; k < dates.length; k++) {
      const fields = byDate.get(dates[k]!);
      const raw = fields?.[column] ?? "";
      let value = raw === "" ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) value = Number.NaN;
      if (scaleByAdj && name !== "volume") {
        const rawClose = Number(fields?.[layout.closeColumn] ?? Number.NaN);
        value = rawClose > 0 ? (value * close[k]!) / rawClose : Number.NaN;
      }
      row[k] = value;
    }
    out[name] = row;
  }
  return out;
}

/**
 * "yahoofinance-SPY-20080101-20180101.csv" → SPY, "SPY_1999-2020_pandas-ta.csv" → SPY, "goog.csv" → GOOG, and
 * class shares keep their dot: "yahoofinance-BRK.B-20100101-20200101.csv" → BRK.B, "BF.B.csv" → BF.B.
 */
export function symbolFromFileName(path: string): string {
  const stem = basename(path).replace(/\.csv$/i, "");
  const dotted = stem.split(/[-_ ]+/).find((t) => /^[A-Z]{1,6}\.[A-Z]{1,2}$/.test(t));
  if (dotted) return dotted;
  const tokens = stem.split(/[-_ .]+/);
  const upper = tokens.find((t) => /^[A-Z^][A-Z0-9^=]{0,9}$/.test(t) && !/^\d+$/.test(t));
  return (upper ?? tokens[0] ?? stem).toUpperCase();
}
