/**
 * Captures what Readability 0.6 on jsdom extracts from each of the 30 fixture pages, as the reference that a
 * faster extraction is held to (token F1 ≥ 0.95 per page, same titles): `pnpm --filter @qp/crawler exec tsx
 * scripts/capture-readability-jsdom.ts` writes `test/fixtures/readability-jsdom/<page>.json`.
 *
 * The jsdom pipeline lives verbatim in readability-jsdom.ts (the extraction as it was on 2026-12-01, before the
 * switch to linkedom), so the reference can be regenerated, and checked, whatever `src/extract.ts` becomes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { extractWithJsdom } from "./readability-jsdom.ts";

const FIXTURES = join(import.meta.dirname, "../../../tests/fixtures/web-pages");
const OUT = join(import.meta.dirname, "../test/fixtures/readability-jsdom");

const require = createRequire(import.meta.url);
const versions = {
  readability: require("@mozilla/readability/package.json").version as string,
  jsdom: require("jsdom/package.json").version as string,
};
mkdirSync(OUT, { recursive: true });
const pages = readdirSync(FIXTURES)
  .filter((name) => !name.endsWith(".md"))
  .sort();
for (const name of pages) {
  const html = readFileSync(join(FIXTURES, name, "source.html"), "utf8");
  const started = performance.now();
  const result = extractWithJsdom(html, `http://fixtures.test/${name}/`);
  const ms = performance.now() - started;
  writeFileSync(
    join(OUT, `${name}.json`),
    `${JSON.stringify({ page: name, ...versions, ...result }, null, 2)}\n`,
  );
  console.log(`${name}: ${result.text.length} chars, ${ms.toFixed(0)} ms`);
}
