import { Readability } from "@mozilla/readability";
import type { ExtractorName } from "./extractors.ts";
import { parseDocument } from "./html-document.ts";
import { parseLeanDocument } from "./lean-dom/document.ts";
import type { LeanDocument } from "./lean-dom/nodes.ts";
import { leanReadability } from "./lean-dom/readability.ts";

/**
 * Where the article comes from: Mozilla Readability's algorithm either way, on one of two DOMs.
 * - `lean` (default): our lean DOM (lean-dom/), ~2.5× less CPU than linkedom on the 30 fixture pages, with
 *   the same text on each (extract.test.ts). A page on which Readability's first attempt finds too little text
 *   (it would start over with looser rules; 1 of the 30 fixtures) falls back to Readability on linkedom.
 * - `readability`: Readability on linkedom throughout, as before; kept to compare against and as a way back
 *   (`CRAWLER_EXTRACTOR=readability`).
 */

export type { ExtractorName } from "./extractors.ts";

export interface Article {
  title?: string | null | undefined;
  content?: Node | null | undefined;
  byline?: string | null | undefined;
  excerpt?: string | null | undefined;
  siteName?: string | null | undefined;
  publishedTime?: string | null | undefined;
  lang?: string | null | undefined;
}

export interface Found {
  /** The document the article was taken from (Readability mutates it: what is left is the rest of the page). */
  document: Document;
  article: Article | null;
  /** What produced it: the lean DOM, Readability on linkedom, or linkedom after the lean attempt fell short. */
  engine: "lean" | "readability" | "lean→readability";
}

/** A linkedom document for `url`, with the base URL Readability resolves the article's links against. */
function linkedomDocument(html: string, url: string): Document {
  const document = parseDocument(html);
  // Readability makes the article's links absolute against these (jsdom set them from its `url` option); without
  // them every relative link costs a thrown TypeError.
  Object.defineProperty(document, "baseURI", { value: url });
  Object.defineProperty(document, "documentURI", { value: url });
  return document;
}

export function parsePage(html: string, url: string, extractor: ExtractorName): Document {
  return extractor === "lean"
    ? (parseLeanDocument(html, url) as unknown as Document)
    : linkedomDocument(html, url);
}

const isRetry = (error: unknown) => (error as { retryNeeded?: boolean } | null)?.retryNeeded === true;

/** Readability with its page snapshot on a fresh linkedom document: exactly Readability as published. */
function readabilityWithSnapshot(html: string, url: string): Found {
  const fresh = linkedomDocument(html, url);
  const options = { serializer: (node: Node) => node, keepClasses: true };
  return { document: fresh, article: new Readability(fresh, options).parse(), engine: "readability" };
}

/**
 * Readability on `document` (from parsePage with the same extractor). The first attempt runs without the page
 * snapshot (patches/@mozilla__readability@0.6.0.patch): the snapshot serialises the whole page so that an
 * attempt that finds too little text can start over with looser rules, which few pages need. Such a page
 * throws `retryNeeded` and runs again with the snapshot on linkedom: the same result as Readability unpatched.
 */
export function findArticle(document: Document, html: string, url: string, extractor: ExtractorName): Found {
  try {
    if (extractor === "lean") {
      const article = leanReadability(document as never);
      return { document, article, engine: "lean" };
    }
    // keepClasses: skip Readability's last pass that strips class attributes; the text never sees them.
    const options = { serializer: (node: Node) => node, keepClasses: true, snapshotPage: false };
    return { document, article: new Readability(document, options).parse(), engine: "readability" };
  } catch (error) {
    if (!isRetry(error)) throw error;
    // Past the lean parser's depth limit, linkedom would take the nesting as written: minutes of CPU, or a
    // stack overflow (its passes recurse). Such a page gets the defined fallback: no article, the body's text.
    if (extractor === "lean" && (document as unknown as LeanDocument).flattened)
      return { document: parsePage(html, url, "lean"), article: null, engine: "lean" };
    const found = readabilityWithSnapshot(html, url);
    return extractor === "lean" ? { ...found, engine: "lean→readability" } : found;
  }
}
