import { closeSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { detectLayout, loadCsvFile, splitCsvLine, symbolFromFileName } from "./csv-loader.ts";
import { MarketDataError, type PriceSeries } from "./types.ts";

export interface IndexEntry {
  symbol: string;
  file: string;
  rows: number;
  /** Set for wide tables (one column per symbol). */
  column?: string;
}

/**
 * Symbol → CSV file, built by reading the header of every `*.csv` under MARKET_DATA_DIR. When several files
 * hold a symbol the longest history wins (and the choice is reported with each result). Files that cannot be
 * read as market data are listed in `skipped` with the reason, never silently.
 */
export class MarketIndex {
  readonly entries = new Map<string, IndexEntry>();
  readonly skipped: Array<{ file: string; reason: string }> = [];

  constructor(readonly dir: string) {
    let files: string[] = [];
    try {
      files = readdirSync(dir)
        .filter((f) => f.toLowerCase().endsWith(".csv"))
        .sort();
    } catch (error) {
      this.skipped.push({ file: dir, reason: (error as Error).message });
    }
    for (const name of files) {
      const file = join(dir, name);
      try {
        const head = readHead(file);
        const lines = head.split(/\r?\n/);
        const layout = detectLayout(
          splitCsvLine(lines[0] ?? ""),
          lines[1] ? splitCsvLine(lines[1]) : undefined,
          file,
        );
        const rows = countRows(file);
        const symbols =
          layout.symbolColumns.size > 0 ? [...layout.symbolColumns.keys()] : [symbolFromFileName(file)];
        for (const symbol of symbols) {
          const current = this.entries.get(symbol);
          if (!current || rows > current.rows)
            this.entries.set(symbol, {
              symbol,
              file,
              rows,
              ...(layout.symbolColumns.size > 0 ? { column: symbol } : {}),
            });
        }
      } catch (error) {
        this.skipped.push({ file, reason: (error as Error).message });
      }
    }
  }

  symbols(): string[] {
    return [...this.entries.keys()].sort();
  }

  load(symbol: string): PriceSeries {
    const entry = this.entries.get(symbol.toUpperCase());
    if (!entry)
      throw new MarketDataError(
        "unknown_symbol",
        `no market data for ${symbol} in ${this.dir}: put ${symbol}.csv (Date,Open,High,Low,Close,Adj Close,Volume) in that folder (MARKET_DATA_DIR), or set DOWNLOAD_ENABLED=true to download prices (needs internet); have: ${this.symbols().join(", ") || "none"}`,
      );
    return loadCsvFile(entry.file, { symbol: entry.symbol });
  }
}

function readHead(file: string): string {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

function countRows(file: string): number {
  const text = readFileSync(file, "utf8");
  let n = 0;
  for (const line of text.split("\n")) if (line.trim() !== "") n++;
  return Math.max(0, n - 1);
}
