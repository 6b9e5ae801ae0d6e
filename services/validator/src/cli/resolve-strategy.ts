/**
 * `pnpm resolve-strategy "<concept>" [--json]`: the rule(s) the validator would test for a concept, with their
 * parameters and the rule text filled in, the symbols and why; or a refusal with the closest rules (exit 3).
 * Uses the parser's embeddings when PARSER_URL is set and answers, else BM25.
 */
import { parserEmbed } from "../embed-client.ts";
import { resolveStrategy } from "../resolver/resolve.ts";
import { parseArgs } from "./args.ts";

async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(["json"]));
  const concept = positional.join(" ").trim();
  if (concept.length < 3) {
    console.error('usage: pnpm resolve-strategy "<concept>" [--json]');
    return 2;
  }
  const parser = process.env.PARSER_URL;
  const embed = parser ? parserEmbed(parser, { serviceToken: process.env.SERVICE_TOKEN }) : undefined;
  const resolution = await resolveStrategy(concept, embed ? { embed } : {});
  // The rules with their parameters first, then the rest of the resolution.
  const rules = resolution.strategies.map((s) => ({
    name: s.rule?.label ?? s.name,
    ...(s.params ? { params: s.params } : {}),
    ...(s.grid ? { grid: s.grid } : {}),
    ...(s.text ? { rule: s.text } : s.rule ? { rule: { entry: s.rule.entry, exit: s.rule.exit } } : {}),
    strategy: s.rule
      ? {
          entry: s.rule.entry,
          exit: s.rule.exit,
          label: s.rule.label,
          ...(s.rule.trade ? { trade: s.rule.trade } : {}),
          ...(s.params ? { params: s.params } : {}),
        }
      : { name: s.name, ...(s.params ? { params: s.params } : {}) },
    reason: s.reason,
  }));
  if (flags.has("json")) console.log(JSON.stringify({ rules, ...resolution }, null, 2));
  else if (resolution.refused) {
    console.log(resolution.refused.reason);
    for (const c of resolution.refused.closest)
      console.log(`  closest: ${c.name}  entry: ${c.entry}  exit: ${c.exit}`);
  } else
    for (const r of rules)
      console.log(
        `${r.name} ${JSON.stringify(r.params ?? r.grid)}${r.rule ? `  entry: ${r.rule.entry}  exit: ${r.rule.exit}` : ""}  — ${r.reason}`,
      );
  return resolution.refused ? 3 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  },
);
