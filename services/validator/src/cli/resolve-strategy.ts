/**
 * `pnpm resolve-strategy "<concept>" [--json]`: the template(s), parameters or grid the validator would
 * test for a concept, and why. Uses the parser's embeddings when PARSER_URL is set and answers, else BM25.
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
  const resolution = await resolveStrategy(concept, parser ? { embed: parserEmbed(parser) } : {});
  if (flags.has("json")) console.log(JSON.stringify(resolution, null, 2));
  else
    for (const s of resolution.strategies)
      console.log(`${s.name} ${JSON.stringify(s.params ?? s.grid)}  — ${s.reason}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  },
);
