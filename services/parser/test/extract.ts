import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Readability } from "@mozilla/readability";
import { JSDOM, VirtualConsole } from "jsdom";

/** The shared real-page fixtures (`tests/fixtures/web-pages` from the repo root). */
export const FIXTURE_PAGES = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../../tests/fixtures/web-pages",
);

/**
 * Article text of a fixture page, extracted the way the crawler does it (Readability over jsdom, no scripts
 * run), so parser tests see the text a real crawl.result carries.
 */
export function extractFixture(name: string): { title: string; text: string; url: string } {
  const html = readFileSync(join(FIXTURE_PAGES, name, "source.html"), "utf8");
  const url = `https://fixtures.example/${name}`;
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  const article = new Readability(dom.window.document).parse();
  dom.window.close();
  if (!article?.textContent) throw new Error(`Readability found no article in ${name}`);
  return { title: article.title ?? name, text: article.textContent, url };
}
