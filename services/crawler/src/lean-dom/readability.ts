import { Readability } from "@mozilla/readability";
import { ELEMENT_NODE, type LeanDocument, LeanParent } from "./nodes.ts";

/**
 * Readability on the lean DOM, with its hot helpers answered from the DOM's caches and the passes that only
 * shape the article's HTML skipped: we keep its text alone (extract.ts's blockText), and these passes never
 * change a word of it. Everything that decides what the article is runs unchanged. extract.test.ts checks
 * the text equals Readability's on linkedom, page by page.
 */

// Readability's methods are not in its type declarations; this is the part we override or call.
interface Internals {
  _getInnerText(e: Node, normalizeSpaces?: boolean): string;
  _getCharCount(e: Node, s?: string): number;
  _isElementWithoutContent(node: Node): boolean;
  _isValidByline(node: Node, matchString: string): boolean;
  _cleanStyles(e: Node): void;
  _postProcessContent(articleContent: Node): void;
}

const base = Readability.prototype as unknown as Internals;

class LeanReadability extends Readability<Node> {}

const overrides: Internals = {
  _getInnerText(e, normalizeSpaces = true) {
    if (e instanceof LeanParent) return e.trimmedText(normalizeSpaces);
    return base._getInnerText.call(this, e, normalizeSpaces);
  },
  _getCharCount(e, s = ",") {
    const text = (this as unknown as Internals)._getInnerText(e);
    let count = 0;
    for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + s.length)) count++;
    return count;
  },
  _isElementWithoutContent(node) {
    if (node.nodeType !== ELEMENT_NODE || !(node instanceof LeanParent)) return false;
    if (node.hasText()) return false;
    const children = node.children.length;
    return (
      children === 0 ||
      children === node.getElementsByTagName("br").length + node.getElementsByTagName("hr").length
    );
  },
  // The same test, the text's length read last: Readability asks it of every node until a byline is found.
  _isValidByline(node, matchString) {
    const element = node as Element;
    const itemprop = element.getAttribute("itemprop");
    const candidate =
      element.getAttribute("rel") === "author" ||
      itemprop?.includes("author") ||
      (this as unknown as { REGEXPS: { byline: RegExp } }).REGEXPS.byline.test(matchString);
    if (!candidate) return false;
    const length = (element.textContent ?? "").trim().length;
    return length > 0 && length < 100;
  },
  // Removes style and presentational attributes: nothing after it reads them (visibility was judged before).
  _cleanStyles() {},
  // Absolute links, unwrapped single-child <div>s, classes: markup only, the text stays as it is.
  _postProcessContent() {},
};
Object.assign(LeanReadability.prototype, overrides);

export interface LeanArticle {
  title: string | null | undefined;
  content: Node | null | undefined;
  byline: string | null | undefined;
  excerpt: string | null | undefined;
  siteName: string | null | undefined;
  publishedTime: string | null | undefined;
  lang: string | null | undefined;
}

/**
 * Readability on `document`. Without `snapshot` (the default), its first attempt only: a page on which that
 * finds too little text throws `retryNeeded` where Readability would start over. With it, Readability as
 * published: the page's HTML is kept (serialised through document.ts) so that it can start over.
 */
export function leanReadability(document: LeanDocument, { snapshot = false } = {}): LeanArticle | null {
  return new LeanReadability(document as unknown as Document, {
    serializer: (node: Node) => node,
    keepClasses: true,
    snapshotPage: snapshot,
  }).parse();
}
