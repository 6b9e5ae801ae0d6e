import { isRuleRequest, type StrategyName, type StrategyRequest } from "@qp/schema";
import { CATALOG, type Params, type TemplateName } from "../strategies/catalog.ts";
import { bm25Scores, cosine } from "./lexical.ts";
import { findSymbols, matchRules } from "./rules.ts";

/** Texts → vectors (the parser service's `POST /embed`); absent or failing → the lexical fallback. */
export type Embed = (texts: string[]) => Promise<number[][]>;

export interface ResolvedStrategy {
  name: StrategyName;
  /** name "rule": the rule's text (and its library name); the params/grid fill its {placeholders}. */
  rule?: { entry: string; exit: string; label?: string };
  /** One parameter set (a rule or an explicit request) … */
  params?: Params;
  /** … or a grid to sweep (similarity matches sweep the template's default grid). */
  grid?: Record<string, number[]>;
  method: "explicit" | "rule" | "passages" | "embedding" | "lexical" | "default";
  score?: number;
  reason: string;
}

export interface Resolution {
  concept: string | null;
  strategies: ResolvedStrategy[];
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

const templates = Object.values(CATALOG).filter((t) => t.name !== "buy_and_hold");
const docOf = (t: (typeof templates)[number]) => `${t.title}. ${t.description}`;

/**
 * Concept → strategy: an explicit `strategy` wins; else named rules in the text ("golden cross", "RSI under
 * 30", "MACD 12 26 9", …); else the templates closest to the text, by embedding cosine similarity when an
 * embedder answers, else by BM25 over the descriptions — and every choice carries its reason.
 */
export async function resolveStrategy(
  concept: string | undefined,
  options: ResolveOptions = {},
): Promise<Resolution> {
  const notes: string[] = [];
  const symbols = concept ? findSymbols(concept, options.knownSymbols) : [];
  const symbols_reason = symbols.length
    ? `named in the concept: ${symbols.join(", ")}`
    : "the concept names no symbol";
  const base = { concept: concept ?? null, symbols, symbols_reason, notes };
  if (options.strategy) {
    const s = options.strategy;
    return {
      ...base,
      strategies: [
        {
          name: isRuleRequest(s) ? "rule" : s.name,
          ...(isRuleRequest(s)
            ? { rule: { entry: s.entry, exit: s.exit, ...(s.label ? { label: s.label } : {}) } }
            : {}),
          ...(s.params ? { params: s.params } : {}),
          ...(s.grid ? { grid: s.grid } : {}),
          method: "explicit",
          reason:
            "the request names the strategy" +
            (s.params || s.grid ? " and its parameters" : "; sweeping its default grid"),
        },
      ],
    };
  }
  if (!concept) {
    return {
      ...base,
      strategies: [
        {
          name: "sma_crossover",
          grid: CATALOG.sma_crossover.grid,
          method: "default",
          reason: "no concept and no strategy: sweeping the SMA crossover's default grid",
        },
      ],
    };
  }
  const rules = matchRules(concept);
  if (rules.length > 0)
    return {
      ...base,
      strategies: rules.map((r) => ({ name: r.name, params: r.params, method: "rule", reason: r.reason })),
    };

  const top = options.top ?? 2;
  const fromPassages = passageRules(options.passages ?? []);
  if (fromPassages.length > 0) return { ...base, strategies: fromPassages.slice(0, top) };
  let scores: number[] | null = null;
  let method: "embedding" | "lexical" = "embedding";
  if (options.embed) {
    try {
      const vectors = await options.embed([concept, ...templates.map(docOf)]);
      const [query, ...docs] = vectors;
      if (!query || docs.length !== templates.length)
        throw new Error(`embedder returned ${vectors.length} vectors`);
      scores = docs.map((d) => cosine(query, d));
    } catch (error) {
      notes.push(
        `embedding service unavailable (${(error as Error).message}); used lexical BM25 similarity instead`,
      );
    }
  } else notes.push("no embedding service configured (PARSER_URL); used lexical BM25 similarity instead");
  if (!scores) {
    method = "lexical";
    scores = bm25Scores(concept, templates.map(docOf));
  }
  const ranked = templates.map((t, i) => ({ t, score: scores[i]! })).sort((a, b) => b.score - a.score);
  if (method === "lexical" && ranked[0]!.score <= 0) {
    return {
      ...base,
      strategies: ["sma_crossover", "ts_momentum"].map((name) => ({
        name: name as StrategyName,
        grid: CATALOG[name as TemplateName].grid,
        method: "default" as const,
        reason:
          "no known rule and no word in common with any template description (lexical fallback): sweeping the generic trend templates' default grids",
      })),
    };
  }
  const how =
    method === "embedding"
      ? "embedding cosine similarity"
      : "BM25 similarity (lexical fallback: no embeddings)";
  return {
    ...base,
    strategies: ranked
      .filter((r, k) => k === 0 || method === "embedding" || r.score > 0)
      .slice(0, top)
      .map(({ t, score }, rank) => ({
        name: t.name,
        grid: t.grid,
        method,
        score: Number(score.toFixed(4)),
        reason: `no named rule in the text; ${t.title} is #${rank + 1} by ${how} of the concept to its description (${score.toFixed(3)}); sweeping its default grid`,
      })),
  };
}

/** Named rules that the concept's stored passages mention, most frequent first (ties: first seen). */
function passageRules(passages: string[]): ResolvedStrategy[] {
  const votes = new Map<string, { rule: ReturnType<typeof matchRules>[number]; count: number }>();
  for (const passage of passages) {
    for (const rule of matchRules(passage.slice(0, 4000))) {
      const key = `${rule.name}:${JSON.stringify(rule.params)}`;
      const vote = votes.get(key) ?? { rule, count: 0 };
      vote.count++;
      votes.set(key, vote);
    }
  }
  return [...votes.values()]
    .sort((a, b) => b.count - a.count)
    .map(({ rule, count }) => ({
      name: rule.name,
      params: rule.params,
      method: "passages" as const,
      reason: `the concept names no rule, but ${count} of ${passages.length} stored passages do: ${rule.reason}`,
    }));
}
