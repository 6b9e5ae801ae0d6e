import { Readability } from "@mozilla/readability";
import { parseDocument } from "./html-document.ts";

/**
 * Extraction with Mozilla Readability (the library Firefox Reader View uses) on linkedom (see
 * html-document.ts): title, main text, byline, excerpt, site name, language and canonical URL. Our own code
 * only turns Readability's article element into plain text with paragraph breaks; it decides nothing about
 * what the main content is. Held to what Readability on jsdom extracted (test/fixtures/readability-jsdom).
 */

export interface Extracted {
  title: string;
  text: string;
  lang: string | null;
  canonicalUrl: string | null;
  byline: string | null;
  excerpt: string | null;
  siteName: string | null;
  publishedTime: string | null;
  /** Readability found an article; false means the whole body text was used. */
  readerable: boolean;
}

const BLOCK = new Set(
  "ADDRESS ARTICLE ASIDE BLOCKQUOTE BR DD DIV DL DT FIGCAPTION FIGURE FOOTER H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION TABLE TBODY TD TH THEAD TR UL".split(
    " ",
  ),
);

/** Text of a DOM subtree with a line break around block elements, so paragraphs survive as paragraphs. */
export function blockText(root: Node): string {
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

function canonicalOf(document: Document, baseUrl: string): string | null {
  const href = document.querySelector('link[rel~="canonical" i]')?.getAttribute("href");
  if (!href) return null;
  try {
    const url = new URL(href, baseUrl);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** linkedom document for `url`, with the base URL Readability resolves the article's links against. */
function documentFor(html: string, url: string): Document {
  const document = parseDocument(html);
  // Readability makes the article's links absolute against these (jsdom set them from its `url` option); without
  // them every relative link costs a thrown TypeError.
  Object.defineProperty(document, "baseURI", { value: url });
  Object.defineProperty(document, "documentURI", { value: url });
  return document;
}

/**
 * Readability on `document`. First without its page snapshot (patches/@mozilla__readability@0.6.0.patch): the
 * snapshot serialises the whole page (~10% of the CPU) so that an attempt that finds too little text can start
 * over with looser rules, which few pages need (1 of the 30 fixtures). Such a page throws `retryNeeded`, and is
 * parsed again and run with the snapshot: the same result as Readability unpatched, at about twice the cost
 * for those pages only.
 */
function readability(document: Document, html: string, url: string) {
  // keepClasses: skip Readability's last pass that strips class attributes from the article; the text
  // never sees them, and the pass walks every node (~6% of the CPU).
  const options = { serializer: (node: Node) => node, keepClasses: true };
  try {
    return { document, article: new Readability(document, { ...options, snapshotPage: false }).parse() };
  } catch (error) {
    if (!(error as { retryNeeded?: boolean }).retryNeeded) throw error;
    const fresh = documentFor(html, url);
    return { document: fresh, article: new Readability(fresh, options).parse() };
  }
}

/** Extract an HTML page; `contentLanguage` (the header) is the fallback when `<html lang>` is absent. */
export function extractHtml(html: string, url: string, contentLanguage?: string): Extracted {
  const first = documentFor(html, url);
  // Readability mutates the document, so everything read from <head> is read first.
  const canonicalUrl = canonicalOf(first, url);
  const htmlLang = first.documentElement.getAttribute("lang")?.trim() || null;
  const fallbackTitle = first.title.trim();
  const { document, article } = readability(first, html, url);
  const lang = htmlLang ?? article?.lang ?? contentLanguage?.split(",")[0]?.trim() ?? null;
  if (article?.content) {
    return {
      title: (article.title ?? fallbackTitle).trim(),
      text: blockText(article.content as unknown as Node),
      lang,
      canonicalUrl,
      byline: article.byline ?? null,
      excerpt: article.excerpt ?? null,
      siteName: article.siteName ?? null,
      publishedTime: article.publishedTime ?? null,
      readerable: true,
    };
  }
  return {
    title: fallbackTitle,
    text: document.body ? blockText(document.body) : "",
    lang,
    canonicalUrl,
    byline: null,
    excerpt: null,
    siteName: null,
    publishedTime: null,
    readerable: false,
  };
}

/** Plain text needs no extraction: its first non-empty line (capped) is the title. */
export function extractText(text: string, contentLanguage?: string): Extracted {
  const normalised = text.replace(/\r\n?/g, "\n").trim();
  const firstLine = normalised.split("\n").find((line) => line.trim() !== "") ?? "";
  return {
    title: firstLine.trim().slice(0, 200),
    text: normalised,
    lang: contentLanguage?.split(",")[0]?.trim() || null,
    canonicalUrl: null,
    byline: null,
    excerpt: null,
    siteName: null,
    publishedTime: null,
    readerable: false,
  };
}
