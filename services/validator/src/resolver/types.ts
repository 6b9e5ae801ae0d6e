import type { StrategyName, StrategyRequest } from "@qp/schema";
import type { Params } from "../strategies/catalog.ts";

/* What the resolver answers (resolve.ts), shared by the slot binding (slots.ts) and the back-test plan. */

/** Texts → vectors (the parser service's `POST /embed`); absent or failing → the lexical fallback. */
export type Embed = (texts: string[]) => Promise<number[][]>;

export interface ResolvedStrategy {
  name: StrategyName;
  /** name "rule": the rule's text (and its library name); the params/grid fill its {placeholders}. */
  rule?: { entry: string; exit: string; label?: string; trade?: string };
  /** One parameter set (a rule or an explicit request) … */
  params?: Params;
  /** … or a grid to sweep (similarity matches sweep the template's default grid). */
  grid?: Record<string, number[]>;
  method: "explicit" | "rule" | "passages" | "embedding" | "lexical" | "default";
  /** The rule as the language writes it, with the parameters filled in (a template's restatement too). */
  text?: { entry: string; exit: string };
  score?: number;
  reason: string;
}

export interface Resolution {
  concept: string | null;
  strategies: ResolvedStrategy[];
  /** Nothing matched well enough: no strategy, the reason, and the closest rules of the library. */
  refused?: {
    reason: string;
    closest: Array<{ name: string; title: string; score: number; entry: string; exit: string }>;
  };
  symbols: string[];
  symbols_reason: string;
  notes: string[];
}

export interface ResolveOptions {
  strategy?: StrategyRequest;
  embed?: Embed;
  knownSymbols?: ReadonlySet<string>;
  /** The concept's stored passages (crawled sources), searched for named rules when the concept has none. */
  passages?: string[];
  /** How many templates a similarity match sweeps (default 2). */
  top?: number;
}
