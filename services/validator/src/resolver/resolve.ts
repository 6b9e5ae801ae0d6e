import { isRuleRequest, type StrategyName, type StrategyRequest } from "@qp/schema";
import { bindSymbols, RULES } from "../rules/library.ts";
import { CATALOG, type Params, type TemplateName } from "../strategies/catalog.ts";
import { ROTATION } from "../strategies/rotation.ts";
import { companyPair, statesSetting } from "./companies.ts";
import { bm25Scores, cosine, tokenize } from "./lexical.ts";
import { OUTSIDE_DATA } from "./reading/outside.ts";
import { type PhraseMatch, readRule } from "./reading/read-rule.ts";
import { findSymbols, matchRules } from "./rules.ts";

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

/**
 * A rule across symbols (library `slots`) bound to the symbols the text names, in order: pairs trade the first
 * against the second; dual momentum runs one leg per symbol (each trades its own symbol against the other).
 * Too few symbols: pairs are refused (a spread needs two), dual momentum keeps its absolute leg with a note.
 * Null when the rule is not across symbols.
 */
function acrossSymbols(
  match: Extract<PhraseMatch, { kind: "rule" }>,
  symbols: string[],
  notes: string[],
  concept: string,
): ResolvedStrategy[] | { refused: string } | null {
  const named = RULES.find((r) => r.name === match.name)!;
  if (!named.slots) return null;
  if (symbols.length < named.slots.length) {
    // "Pair trade Coke and Pepsi": the pair is stated, by company, and company names are not symbols. The rule
    // stays with its slots unbound, and the back-test binds them to the request's symbols (bindSlots) or refuses.
    const companies = symbols.length === 0 && named.name !== "dual_momentum" ? companyPair(concept) : null;
    if (companies) {
      notes.push(
        `the pair is named by company (${companies}), not by ticker: ${named.title} binds A and B to the request's first ${named.slots.length} symbols (the first is traded)`,
      );
      return [withText(phraseStrategy(match))];
    }
    // "Take two cointegrated stocks …, buy the first when the spread's z-score is below -2", "Chan's pairs: a 60-day
    // rolling regression, in below -1": the rule told in general with its settings (in digits or, dictated, in words),
    // naming neither ticker nor company. It stays with its slots unbound, as a pair named by company does. ("Pairs
    // trading cointegration", a
    // name with no setting, is still refused.)
    if (symbols.length === 0 && named.name !== "dual_momentum" && statesSetting(concept)) {
      notes.push(
        `the text names no pair: ${named.title} binds A and B to the request's first ${named.slots.length} symbols (the first is traded)`,
      );
      return [withText(phraseStrategy(match))];
    }
    // "Antonacci dual momentum, 12 months", "dual momentum 12 months": the rule's point is the comparison, and the
    // text names no symbol. It stays dual momentum with its slots unbound, and the back-test binds them to the
    // request's symbols (bindSlots) or asks for them. One named symbol keeps the absolute leg below.
    if (named.name === "dual_momentum" && symbols.length === 0) {
      notes.push(
        "dual momentum compares symbols and the text names none: A and B are bound to the request's symbols (two: one leg each; three or more: the rotation; one: its absolute leg)",
      );
      return [withText(phraseStrategy(match))];
    }
    if (named.name !== "dual_momentum")
      return {
        refused: `${named.title} needs ${named.slots.length} symbols and the text names ${symbols.length ? `only ${symbols.join(", ")}` : "none"} (e.g. "pairs trading KO vs PEP")`,
      };
    notes.push(
      'dual momentum\'s relative leg compares two symbols and the text names fewer: each symbol is tested with the absolute-momentum leg only (name two, e.g. "dual momentum SPY vs GOOG")',
    );
    return [withText(phraseStrategy({ ...match, name: "ts_momentum" }))];
  }
  // Dual momentum across three or more stated symbols is one rotated portfolio (strategies/rotation.ts): the
  // strongest positive return of all of them, not the legs of the first two. Two symbols keep the library's legs.
  if (named.name === "dual_momentum" && symbols.length > named.slots.length) {
    const lookback = match.params.lookback ?? ROTATION.defaults.lookback!;
    return [
      {
        name: ROTATION.name,
        params: { lookback },
        method: "rule",
        reason: `dual momentum across ${symbols.join(", ")}: one rotated portfolio (${ROTATION.name}) holding, at each month end, the symbol with the highest ${lookback}-bar return while that return is positive, cash otherwise`,
      },
    ];
  }
  if (symbols.length > named.slots.length)
    notes.push(
      `${named.title} compares ${named.slots.length} symbols: using ${symbols.slice(0, 2).join(" and ")} of ${symbols.join(", ")}`,
    );
  return legsOf(named, match, symbols);
}

/**
 * The symbols in the order of the rule's slots when code bound them (`np.polyfit(log(PEP), log(KO), 1)` names PEP
 * first, but the spread it trades is KO's), the text's other symbols after them; else the text's order.
 */
function bySlots(symbols: string[], slots: string[] | undefined): string[] {
  if (!slots?.every((s) => symbols.includes(s))) return symbols;
  return [...slots, ...symbols.filter((s) => !slots.includes(s))];
}

/** The rule's legs bound to the first two symbols: one for a pair, one per symbol for dual momentum. */
function legsOf(
  named: (typeof RULES)[number],
  match: { params?: Params; reason: string; method?: ResolvedStrategy["method"] },
  symbols: string[],
): ResolvedStrategy[] {
  const [a, b] = symbols as [string, string];
  const legs =
    named.name === "dual_momentum"
      ? [
          [a, b],
          [b, a],
        ]
      : [[a, b]];
  return legs.map((pair) => {
    const bind = (text: string) => bindSymbols(text, named.slots!, pair);
    return withText({
      name: "rule",
      rule: { entry: bind(named.entry), exit: bind(named.exit), label: named.name, trade: pair[0]! },
      ...(match.params ? { params: match.params } : {}),
      method: match.method ?? "rule",
      reason: `${match.reason}; trading ${pair[0]} against ${pair[1]}`,
    });
  });
}

/**
 * A slotted rule the resolver left unbound (a pair named by company, dual momentum named without symbols) bound to
 * the request's symbols, in order; bound rules and templates pass through. Too few symbols: the reason, for a 400.
 */
export function bindSlots(
  strategies: ResolvedStrategy[],
  symbols: string[],
): ResolvedStrategy[] | { missing: string } {
  const out: ResolvedStrategy[] = [];
  for (const s of strategies) {
    const named = s.rule?.label ? RULES.find((r) => r.name === s.rule!.label) : undefined;
    const unbound = named?.slots && s.rule!.entry === named.entry && s.rule!.exit === named.exit;
    if (!named?.slots || !unbound) {
      out.push(s);
      continue;
    }
    if (named.name === "dual_momentum" && symbols.length !== named.slots.length) {
      const lookback = s.params?.lookback ?? ROTATION.defaults.lookback!;
      // Three or more: one rotated portfolio over all of them, as when the concept names them; one: its absolute leg;
      // none ("dual momentum" typed alone into `pnpm research`): the absolute leg on the default symbol, saying so.
      out.push(
        symbols.length > named.slots.length
          ? {
              name: ROTATION.name,
              params: { lookback },
              method: s.method,
              reason: `${s.reason}; across the request's ${symbols.join(", ")}: one rotated portfolio (${ROTATION.name})`,
            }
          : withText({
              name: "ts_momentum",
              params: { lookback },
              method: s.method,
              reason: symbols.length
                ? `${s.reason}; the request gives one symbol, so only the absolute-momentum leg is tested`
                : `${s.reason}; neither the concept nor the request names a symbol, so only the absolute-momentum leg is tested, on the default symbol (give two or more symbols, e.g. ["SPY", "EFA"], for the relative leg)`,
            }),
      );
      continue;
    }
    if (symbols.length < named.slots.length)
      return {
        missing: `${named.title} needs ${named.slots.length} symbols and the concept names its pair by company, not by ticker: give them in symbols (the first is traded, e.g. ["KO", "PEP"])`,
      };
    out.push(...legsOf(named, s, symbols));
  }
  return out;
}

function phraseStrategy(match: Extract<PhraseMatch, { kind: "rule" }>): ResolvedStrategy {
  const named = RULES.find((r) => r.name === match.name)!;
  if (named.template)
    return {
      name: named.template as StrategyName,
      params: match.params,
      method: "rule",
      reason: match.reason,
    };
  return {
    name: "rule",
    rule: { entry: named.entry, exit: named.exit, label: named.name },
    params: match.params,
    method: "rule",
    reason: match.reason,
  };
}

const fill = (text: string, params: Params) =>
  text.replace(/\{([a-z][a-z0-9_]*)\}/g, (all, name: string) =>
    name in params ? String(params[name]) : all,
  );

/** The rule text with the parameters filled in, for a library rule or a template's restatement. */
function withText(s: ResolvedStrategy): ResolvedStrategy {
  const named = s.rule ?? RULES.find((r) => r.template === s.name);
  if (!named || !s.params) return s;
  return { ...s, text: { entry: fill(named.entry, s.params), exit: fill(named.exit, s.params) } };
}
