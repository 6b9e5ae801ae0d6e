import { Readability } from "@mozilla/readability";
import type { ExtractorName } from "./extractors.ts";
import { parseDocument } from "./html-document.ts";
import { parseLeanDocument } from "./lean-dom/document.ts";
import type { LeanDocument } from "./lean-dom/nodes.ts";
import { leanReadability } from "./lean-dom/readability.ts";

/**
 * Where the article comes from: Mozilla Readability's algorithm either way, on one of two DOMs.
 * - `lean` (default): our lean DOM (lean-dom/), ~2.5× less CPU than linkedom on the 30 fixture pages, with
 *   the same result on each (extract-lean.test.ts).
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
  /** What produced it: the lean DOM (its first attempt, or Readability's retries after it fell short), linkedom. */
  engine: "lean" | "lean, retried" | "readability";
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
 * attempt that finds too little text can start over with looser rules, which few pages need (1 of the 30
 * fixtures). Such a page throws `retryNeeded` and runs again from a fresh parse with the snapshot, on the same
 * DOM: the same result as Readability unpatched.
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
    if (extractor === "readability") return readabilityWithSnapshot(html, url);
    const fresh = parseLeanDocument(html, url);
    return {
      document: fresh as unknown as Document,
      article: leanReadability(fresh, { snapshot: true }),
      engine: "lean, retried",
    };
  }
}
