import { closeReturns } from "./indicators.ts";
import type { KernelJob } from "./kernel.ts";

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

  /** The other price fields and the dates, for rules that read them (src/rules). */
  readonly extra: {
    open?: Float64Array;
    high?: Float64Array;
    low?: Float64Array;
    volume?: Float64Array;
    dates?: readonly string[];
    /** The traded symbol, and the other symbols' bars on the same dates, for rules naming them (`close(PEP)`). */
    symbol?: string;
    symbols?: Readonly<
      Record<
        string,
        {
          close: Float64Array;
          open?: Float64Array;
          high?: Float64Array;
          low?: Float64Array;
          volume?: Float64Array;
        }
      >
    >;
  };

  constructor(close: Float64Array, extra: IndicatorTable["extra"] = {}) {
    this.close = close;
    this.extra = extra;
    this.ret = closeReturns(close);
    this.row("close", () => close);
  }

  private auxCache: Float64Array | null = null;

  /**
   * The kernel's shared auxiliary array: [returns (n), prefix sums of returns (n), prefix sums of squared
   * returns (n), then a bottom-up range tree over the closes of `size` = 2^k ≥ n leaves: max (2·size),
   * min (2·size), and the smallest close/running-max ratio within each node's range (2·size)].
   */
  aux(shared = false): Float64Array {
    if (this.auxCache && (!shared || this.auxCache.buffer instanceof SharedArrayBuffer)) return this.auxCache;
    const n = this.nBars;
    let size = 1;
    while (size < n) size *= 2;
    const length = 3 * n + 6 * size;
    const aux = new Float64Array(shared ? new SharedArrayBuffer(length * 8) : new ArrayBuffer(length * 8));
    aux.set(this.ret, 0);
    let p = 0;
    let q = 0;
    for (let i = 0; i < n; i++) {
      p += this.ret[i]!;
      q += this.ret[i]! * this.ret[i]!;
      aux[n + i] = p;
      aux[2 * n + i] = q;
    }
    const mx = 3 * n;
    const mn = mx + 2 * size;
    const dd = mn + 2 * size;
    for (let k = 0; k < size; k++) {
      const v = k < n ? this.close[k]! : Number.NaN;
      aux[mx + size + k] = k < n ? v : 0;
      aux[mn + size + k] = k < n ? v : Infinity;
      aux[dd + size + k] = 1;
    }
    for (let k = size - 1; k >= 1; k--) {
      const [a, b] = [2 * k, 2 * k + 1];
      aux[mx + k] = Math.max(aux[mx + a]!, aux[mx + b]!);
      aux[mn + k] = Math.min(aux[mn + a]!, aux[mn + b]!);
      aux[dd + k] = Math.min(aux[dd + a]!, aux[dd + b]!, aux[mn + b]! / aux[mx + a]!);
    }
    this.auxCache = aux;
    return aux;
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

  /** The kernel's price inputs (see KernelJob): the closes, `aux()`, a fresh `pack()` and the bar count. */
  kernelInputs(): Pick<KernelJob, "close" | "ret" | "table" | "nBars"> {
    return { close: this.close, ret: this.aux(), table: this.pack(), nBars: this.nBars };
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
