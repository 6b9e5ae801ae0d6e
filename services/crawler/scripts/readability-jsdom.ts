import { Readability } from "@mozilla/readability";
import { JSDOM, VirtualConsole } from "jsdom";

/**
 * The crawler's extraction as it was until 2026-12-01: Readability 0.6 on jsdom 26, with the same block-aware
 * text. Kept verbatim as the reference that the linkedom extraction is held to (the fixture that
 * capture-readability-jsdom.ts writes) and measured against (bench/crawler.bench.ts). Not used in production.
 */

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

export function extractWithJsdom(html: string, url: string) {
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
