/** One symbol's daily closes, oldest first, as every engine consumes them. */
export interface PriceSeries {
  symbol: string;
  /** ISO dates (YYYY-MM-DD), strictly increasing. */
  dates: string[];
  close: Float64Array;
  /**
   * Open, high, low (scaled like the close when it is the adjusted close) and volume, when the file has them,
   * aligned with `dates`; rules that read them need them (src/rules).
   */
  fields?: { open?: Float64Array; high?: Float64Array; low?: Float64Array; volume?: Float64Array };
  /**
   * Other symbols' bars on exactly these dates (rules/align.ts), for a rule that names them (`close(PEP)`);
   * absent for one symbol.
   */
  others?: Record<
    string,
    {
      close: Float64Array;
      open?: Float64Array;
      high?: Float64Array;
      low?: Float64Array;
      volume?: Float64Array;
    }
  >;
  /** How the bars were aligned with `others` (common dates, bars dropped per symbol), in words. */
  alignment?: string;
  /** Which column the closes came from ("adj_close", "close", or the symbol column of a wide table). */
  priceField: string;
  /** File path, URL or "synthetic:<seed>". */
  source: string;
  /** Every repair applied to the raw data, in words (empty when the file was clean). */
  repairs: string[];
  /** True only for the seeded generator's series: results computed on it say so. */
  synthetic: boolean;
}

/** Bad market data: the message says what and where (file, line, date); HTTP maps it to 422. */
export class MarketDataError extends Error {
  override name = "MarketDataError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
