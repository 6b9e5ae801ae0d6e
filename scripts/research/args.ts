import type { Sources } from "../stack/index.ts";

export const USAGE =
  'usage: pnpm research "<concept>" [--sources web|fixtures] [--symbols SPY,AAPL] [--market-dir DIR] [--out DIR] [--keep-running] [--json] [--timeout SECONDS]';

export interface ResearchArgs {
  concept: string;
  sources: Sources;
  symbols: string[];
  marketDir: string | undefined;
  out: string | undefined;
  keepRunning: boolean;
  json: boolean;
  timeoutS: number;
}

/** A mistake on the command line, said in one sentence with the usage (exit 2). */
export class UsageError extends Error {}

const VALUE_FLAGS = new Set(["sources", "symbols", "market-dir", "out", "timeout"]);
const BOOLEAN_FLAGS = new Set(["keep-running", "json", "help"]);

export function parseResearchArgs(argv: string[]): ResearchArgs | "help" {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (BOOLEAN_FLAGS.has(name)) booleans.add(name);
    else if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      values.set(name, value);
    } else throw new UsageError(`unknown option --${name}`);
  }
  if (booleans.has("help")) return "help";
  const concept = words.join(" ").trim();
  if (concept.length < 3) throw new UsageError("give the concept to research, in quotes");
  if (concept.length > 500) throw new UsageError("the concept is longer than 500 characters");
  const sources = values.get("sources") ?? "web";
  if (sources !== "web" && sources !== "fixtures")
    throw new UsageError(`--sources is web or fixtures, not "${sources}"`);
  const symbols = (values.get("symbols") ?? "")
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  for (const symbol of symbols)
    if (!/^\^?[A-Z0-9][A-Z0-9.-]{0,9}$/.test(symbol))
      throw new UsageError(`"${symbol}" does not look like a ticker symbol`);
  const timeoutS = Number(values.get("timeout") ?? 900);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new UsageError("--timeout is a number of seconds");
  return {
    concept,
    sources,
    symbols,
    marketDir: values.get("market-dir"),
    out: values.get("out"),
    keepRunning: booleans.has("keep-running"),
    json: booleans.has("json"),
    timeoutS,
  };
}
