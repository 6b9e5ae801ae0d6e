import { type ExtractorName, type Found, findArticle, parsePage } from "./article.ts";

/**
 * Extraction with Mozilla Readability (the library Firefox Reader View uses) on a lean DOM of our own, or on
 * linkedom (article.ts): title, main text, byline, excerpt, site name, language and canonical URL. Our own
 * code only turns Readability's article element into plain text with paragraph breaks; it decides nothing
 * about what the main content is. Held to what Readability on jsdom extracted (test/fixtures/readability-jsdom).
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
  /** Which DOM Readability ran on (article.ts); "text" for plain text. Not published, for tests and benches. */
  engine: Found["engine"] | "text";
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

/** `<link rel="canonical">`'s URL, absolute, http(s) only (rel is a case-insensitive token list). */
function canonicalOf(document: Document, baseUrl: string): string | null {
  const link = Array.from(document.getElementsByTagName("link")).find((element) =>
    (element.getAttribute("rel") ?? "")
      .toLowerCase()
      .split(/[\t\n\f\r ]+/)
      .includes("canonical"),
  );
  const href = link?.getAttribute("href");
  if (!href) return null;
  try {
    const url = new URL(href, baseUrl);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Extract an HTML page; `contentLanguage` (the header) is the fallback when `<html lang>` is absent. `extractor`
 * picks the DOM Readability runs on (article.ts); `engine` in the result says which one answered.
 */
export function extractHtml(
  html: string,
  url: string,
  contentLanguage?: string,
  extractor: ExtractorName = "lean",
): Extracted {
  const first = parsePage(html, url, extractor);
  // Readability mutates the document, so everything read from <head> is read first.
  const canonicalUrl = canonicalOf(first, url);
  const htmlLang = first.documentElement?.getAttribute("lang")?.trim() || null;
  const fallbackTitle = first.title.trim();
  const { document, article, engine } = findArticle(first, html, url, extractor);
  const lang = htmlLang ?? article?.lang ?? contentLanguage?.split(",")[0]?.trim() ?? null;
  if (article?.content) {
    return {
      title: (article.title ?? fallbackTitle).trim(),
      text: blockText(article.content),
      lang,
      canonicalUrl,
      byline: article.byline ?? null,
      excerpt: article.excerpt ?? null,
      siteName: article.siteName ?? null,
      publishedTime: article.publishedTime ?? null,
      readerable: true,
      engine,
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
    engine,
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
    engine: "text",
  };
}
