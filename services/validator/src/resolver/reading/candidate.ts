import type { Params } from "../../strategies/catalog.ts";

/** A library rule the reading supports, how strongly (the highest score wins), its parameters and why. */
export interface Candidate {
  name: string;
  score: number;
  params: Params;
  reason: string;
}

/** Evidence strengths: a rule named by its own words beats one inferred from a single period. */
export const STRONG = 8;
export const NAMED = 6;
export const INFERRED = 4;
export const WEAK = 3;

export const first = <T>(...lists: Array<T[] | undefined>): T | undefined => {
  for (const l of lists) if (l && l.length > 0) return l[0];
  return undefined;
};
export const unique = (values: number[]) => values.filter((v, i, a) => a.indexOf(v) === i);
