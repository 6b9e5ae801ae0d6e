import { isRuleRequest, type StrategyName } from "@qp/schema";
import { RULES } from "../rules/library.ts";
import { CATALOG, type TemplateName } from "../strategies/catalog.ts";
import { bm25Scores, cosine, tokenize } from "./lexical.ts";
import { OUTSIDE_DATA } from "./reading/outside.ts";
import { readRule } from "./reading/read-rule.ts";
import { findSymbols, matchRules } from "./rules.ts";
import { acrossSymbols, bySlots, phraseStrategy, withText } from "./slots.ts";
import type { Resolution, ResolvedStrategy, ResolveOptions } from "./types.ts";

export { bindSlots } from "./slots.ts";
export type { Embed, Resolution, ResolvedStrategy, ResolveOptions } from "./types.ts";

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
          // Not a rule, so the schema's refinement guarantees a template name.
          name: isRuleRequest(s) ? "rule" : s.name!,
          ...(isRuleRequest(s)
            ? {
                rule: {
                  entry: s.entry,
                  exit: s.exit,
                  ...(s.label ? { label: s.label } : {}),
                  ...(s.trade ? { trade: s.trade.toUpperCase() } : {}),
                },
              }
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
  const phrase = readRule(concept);
  if (phrase?.kind === "unsupported")
    return { ...base, strategies: [], refused: refusal(concept, phrase.reason, phrase.closest) };
  if (phrase) {
    if (phrase.note) notes.push(phrase.note);
    const across = acrossSymbols(phrase, bySlots(symbols, phrase.symbols), notes, concept);
    if (across && "refused" in across)
      return { ...base, strategies: [], refused: refusal(concept, across.refused) };
    return { ...base, strategies: across ?? [withText(phraseStrategy(phrase))] };
  }
  const top = options.top ?? 2;
  const fromPassages = passageRules(options.passages ?? []);
  if (fromPassages.length > 0) return { ...base, strategies: fromPassages.slice(0, top) };
  // No phrase names a rule: similarity may pick one, but only when the text shares trading words with a rule's
  // description. "buy when the moon is full" shares none and is refused, not swept as an unrelated grid.
  const gate = closestRules(concept);
  const refuse = (reason: string) => ({ ...base, strategies: [], refused: refusal(concept, reason) });
  if (!(gate[0]!.score >= 1))
    return refuse(
      "no rule of the library is named and the text shares no trading term with any rule's description",
    );
  // A signal from data the validator does not have (news, sentiment, people's trades, fundamentals, the sky)
  // is refused by name even when a word of it ("trending") passed the first gate, so the refusal says why.
  const outside = OUTSIDE_DATA.exec(concept.toLowerCase());
  if (outside)
    return refuse(
      `"${outside[1]}" is not in the market data (daily prices and volume), so no rule can be tested on it`,
    );
  if (!(gate[0]!.score >= MIN_LEXICAL_SCORE))
    return refuse(
      `no rule of the library is named and the text is far from every rule's description (closest: ${gate[0]!.title}, BM25 ${gate[0]!.score} < ${MIN_LEXICAL_SCORE})`,
    );

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

/**
 * BM25 over the library's descriptions, generic words left out: below this, nothing is close enough. With the
 * structured reading in front, every text that reached the similarity sweep in the seven phrase sets and scored
 * under 3 was swept wrongly ("buy n hold VTI" → a Donchian grid at 2.6, "harvest the volatility risk premium" → a
 * squeeze grid at 2.3); texts that describe a rule without naming it score about 4 ("revert to the mean after a
 * selloff", "the standard deviation bands").
 */
const MIN_LEXICAL_SCORE = 3.0;
const GENERIC = new Set(
  [
    "buy",
    "sell",
    "hold",
    "price",
    "trade",
    "trading",
    "strategy",
    "stock",
    "market",
    "go",
    "long",
    "short",
    "day",
    "rule",
    "when",
    "then",
    "after",
    "asset",
    "signal",
    "turn",
    "new",
    "good",
    "make",
    "money",
    "low",
    "high",
    "up",
    "down",
    // Words about price data or forecasting in general, not about any rule: "predict tomorrow's close".
    "close",
    "closing",
    "open",
    "index",
    "predict",
    "tomorrow",
    "today",
  ].flatMap((w) => tokenize(w)),
);
const ruleDocs = RULES.map((r) => `${r.title}. ${r.description}`);

/** The library's rules ranked by BM25 of the concept (generic trading words removed) to their descriptions. */
export function closestRules(concept: string) {
  const query = tokenize(concept)
    .filter((t) => !GENERIC.has(t))
    .join(" ");
  const scores = bm25Scores(query, ruleDocs);
  return RULES.map((r, i) => ({
    name: r.name,
    title: r.title,
    score: Number(scores[i]!.toFixed(3)),
    entry: r.entry,
    exit: r.exit,
  })).sort((a, b) => b.score - a.score);
}

/**
 * The refusal with the closest rules: by BM25 to the descriptions, or, when the reading names rules (`prefer`: the
 * entry of a text refused for its exit or sizing), those first, and then the reason lists them too.
 */
function refusal(concept: string, reason: string, prefer?: string[]): NonNullable<Resolution["refused"]> {
  const ranked = closestRules(concept);
  const closest = prefer
    ? [
        ...prefer.flatMap((n) => ranked.filter((r) => r.name === n)),
        ...ranked.filter((r) => !prefer.includes(r.name)),
      ].slice(0, 3)
    : ranked.slice(0, 3);
  const listed = prefer ? `; the closest rules: ${closest.map((c) => c.name).join(", ")}` : "";
  return {
    reason: `refused: ${reason}${listed}. Name a rule (e.g. "price above the 200-day moving average", "RSI(2) below 10 above the 200-day", "z-score below -2") or send strategy {entry, exit}.`,
    closest,
  };
}
