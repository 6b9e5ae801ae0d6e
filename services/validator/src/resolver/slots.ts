import type { StrategyName } from "@qp/schema";
import { bindSymbols, RULES } from "../rules/library.ts";
import type { Params } from "../strategies/catalog.ts";
import { ROTATION } from "../strategies/rotation.ts";
import { companyPair, statesSetting } from "./companies.ts";
import type { PhraseMatch } from "./reading/read-rule.ts";
import type { ResolvedStrategy } from "./types.ts";

/*
 * A rule the reading matched, made the strategies a back-test runs: bound to the symbols the text names (pairs and
 * dual momentum have slots), or left unbound for the request's symbols, with its rule text filled in.
 */

/**
 * A rule across symbols (library `slots`) bound to the symbols the text names, in order: pairs trade the first
 * against the second; dual momentum runs one leg per symbol (each trades its own symbol against the other).
 * Too few symbols: pairs are refused (a spread needs two), dual momentum keeps its absolute leg with a note.
 * Null when the rule is not across symbols.
 */
export function acrossSymbols(
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
export function bySlots(symbols: string[], slots: string[] | undefined): string[] {
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

export function phraseStrategy(match: Extract<PhraseMatch, { kind: "rule" }>): ResolvedStrategy {
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
export function withText(s: ResolvedStrategy): ResolvedStrategy {
  const named = s.rule ?? RULES.find((r) => r.template === s.name);
  if (!named || !s.params) return s;
  return { ...s, text: { entry: fill(named.entry, s.params), exit: fill(named.exit, s.params) } };
}
