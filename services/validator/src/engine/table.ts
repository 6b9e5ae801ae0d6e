import { closeReturns } from "./indicators.ts";

/**
 * Indicator rows of one price series, each computed once per key ("sma:20", "const:30", …) and shared by
 * every parameter set. `pack()` lays them out in one Float64Array (optionally on a SharedArrayBuffer so
 * worker threads read the same memory without copies).
 */
export class IndicatorTable {
  readonly close: Float64Array;
  readonly ret: Float64Array;
  private readonly rows: Float64Array[] = [];
  private readonly index = new Map<string, number>();

  constructor(close: Float64Array) {
    this.close = close;
    this.ret = closeReturns(close);
    this.row("close", () => close);
  }

  get nBars(): number {
    return this.close.length;
  }

  get size(): number {
    return this.rows.length;
  }

  /** The row index of `key`, computing it with `compute` the first time. */
  row(key: string, compute: () => Float64Array): number {
    const found = this.index.get(key);
    if (found !== undefined) return found;
    const values = compute();
    if (values.length !== this.nBars) throw new Error(`indicator ${key} has ${values.length} bars`);
    this.rows.push(values);
    this.index.set(key, this.rows.length - 1);
    return this.rows.length - 1;
  }

  /** A constant row (thresholds such as RSI 30/70, or always/never). */
  constant(value: number): number {
    return this.row(`const:${value}`, () => new Float64Array(this.nBars).fill(value));
  }

  /** The key of every row, in row order. */
  keys(): string[] {
    return [...this.index.keys()];
  }

  get(rowIndex: number): Float64Array {
    const row = this.rows[rowIndex];
    if (!row) throw new Error(`no indicator row ${rowIndex}`);
    return row;
  }

  /** All rows back to back (row r starts at r × nBars). */
  pack(shared = false): Float64Array {
    const n = this.nBars;
    const bytes = this.rows.length * n * 8;
    const out = new Float64Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    for (let r = 0; r < this.rows.length; r++) out.set(this.rows[r]!, r * n);
    return out;
  }
}
