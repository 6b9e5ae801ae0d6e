import { readRule } from "../src/resolver/reading/read-rule.ts";
import { resolveStrategy } from "../src/resolver/resolve.ts";

/** What the reading made of a text: the rule's name and parameters, or the refusal (or null) as it is. */
export function ruleOf(text: string) {
  const m = readRule(text);
  return m?.kind === "rule" ? { name: m.name, params: m.params } : m;
}

/** What the resolver made of a text, reduced to what the tests check: its first strategy, or that it refused. */
export async function firstOf(text: string) {
  const r = await resolveStrategy(text);
  const first = r.strategies[0];
  return {
    refused: r.refused !== undefined,
    name: first?.rule?.label ?? first?.name,
    params: first?.params,
    symbols: r.symbols,
  };
}
