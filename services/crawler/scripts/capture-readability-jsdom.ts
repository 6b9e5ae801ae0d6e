/**
 * Captures what Readability 0.6 on jsdom extracts from each of the 30 fixture pages, as the reference that a
 * faster extraction is held to (token F1 ≥ 0.95 per page, same titles): `pnpm --filter @qp/crawler exec tsx
 * scripts/capture-readability-jsdom.ts` writes `test/fixtures/readability-jsdom/<page>.json`.
 *
 * The jsdom pipeline is kept here verbatim (the extraction as it was on 2026-12-01, before the switch away from
 * jsdom), so the reference can be regenerated, and checked, whatever `src/extract.ts` becomes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Readability } from "@mozilla/readability";
import { JSDOM, VirtualConsole } from "jsdom";

const FIXTURES = join(import.meta.dirname, "../../../tests/fixtures/web-pages");
const OUT = join(import.meta.dirname, "../test/fixtures/readability-jsdom");

const BLOCK = new Set(
  "ADDRESS ARTICLE ASIDE BLOCKQUOTE BR DD DIV DL DT FIGCAPTION FIGURE FOOTER H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION TABLE TBODY TD TH THEAD TR UL".split(
    " ",
  ),
);

function blockText(root: Node): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      parts.push(node.nodeValue ?? "");
      return;
    }
    if (node.nodeType !== 1) return;
    const name = (node as Element).tagName;
    if (name === "SCRIPT" || name === "STYLE" || name === "NOSCRIPT" || name === "TEMPLATE") return;
    const block = BLOCK.has(name);
    if (block) parts.push("\n");
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
    if (block) parts.push("\n");
  };
  walk(root);
  return parts
    .join("")
    .replace(/[ \t\f\v\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function extractWithJsdom(html: string, url: string) {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  try {
    const document = dom.window.document;
    const fallbackTitle = document.title.trim();
    const article = new Readability(document, { serializer: (node: Node) => node }).parse();
    if (article?.content) {
      return {
        title: (article.title ?? fallbackTitle).trim(),
        text: blockText(article.content as unknown as Node),
        readerable: true,
      };
    }
    return { title: fallbackTitle, text: document.body ? blockText(document.body) : "", readerable: false };
  } finally {
    dom.window.close();
  }
}

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
