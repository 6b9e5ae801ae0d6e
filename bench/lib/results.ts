import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where every benchmark writes its JSON (`bench/results/`, ignored by git). */
export const RESULTS_DIR = join(import.meta.dirname, "..", "results");

/** Write `bench/results/NAME.json` (pretty JSON, one trailing newline); returns its path. */
export function writeResult(name: string, result: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}
