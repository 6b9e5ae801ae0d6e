import type { EngineName } from "@qp/schema";
import type { IndicatorTable } from "./table.ts";

export interface Costs {
  initCash: number;
  /** Fraction of traded value, both sides (0.001 = 0.1 %). */
  fees: number;
  /** Cash per filled order. */
  fixedFees: number;
  /** Fraction of the price, always against the trade. */
  slippage: number;
}

/** One sweep: every parameter set of one template on one price series, traded in bars [from, to). */
export interface SweepInput {
  table: IndicatorTable;
  /** SET_STRIDE int32 per set (see kernel.ts). */
  specs: Int32Array;
  nSets: number;
  from: number;
  to: number;
  costs: Costs;
}

/** What every engine returns: OUT_STRIDE float64 per set (see kernel.ts), in set order. */
export interface SweepRaw {
  out: Float64Array;
  engine: EngineName;
  gpuAccelerated: boolean;
  seconds: number;
}

export interface Engine {
  name: EngineName;
  gpuAccelerated: boolean;
  run(input: SweepInput): Promise<SweepRaw>;
}
