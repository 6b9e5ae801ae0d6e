import { loadCsvFile } from "./csv-loader.ts";
import type { MarketIndex } from "./market-index.ts";
import type { DownloadOptions } from "./providers.ts";
import { downloadStooq, downloadYahoo } from "./providers.ts";
import { MarketDataError, type PriceSeries } from "./types.ts";

export interface MarketSource {
  symbols(): string[];
  load(symbol: string, priceField: "auto" | "close" | "adj_close"): Promise<PriceSeries>;
}

/**
 * Local CSVs first; then, only when downloads are enabled, Yahoo's chart endpoint, then Stooq (with a key).
 * Never synthetic data: a symbol nobody has is an error naming what is available.
 */
export function createMarketSource(
  index: MarketIndex,
  download?: DownloadOptions & { enabled: boolean },
): MarketSource {
  return {
    symbols: () => index.symbols(),
    async load(symbol, priceField) {
      const entry = index.entries.get(symbol.toUpperCase());
      if (entry) return loadCsvFile(entry.file, { symbol: entry.symbol, priceField });
      if (!download?.enabled) return index.load(symbol);
      const errors: string[] = [];
      try {
        return await downloadYahoo(symbol, "max", download);
      } catch (error) {
        errors.push((error as Error).message);
      }
      if (download.stooqApiKey) {
        try {
          return await downloadStooq(symbol, download);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
      throw new MarketDataError(
        "unknown_symbol",
        `no data for ${symbol}: not in ${index.dir}; downloads failed: ${errors.join("; ")}`,
      );
    },
  };
}
