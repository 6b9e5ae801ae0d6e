import { parseHTML } from "linkedom";

/**
 * HTML → a light DOM for Readability: linkedom (htmlparser2's tokenizer, a DOM made of linked lists) instead of
 * jsdom. Profiled on the 30 fixture pages, jsdom spent ~5× the CPU of linkedom building and walking the tree
 * (symbol-tree bookkeeping, mutation records, CSS parsing of every <style>, and the GC all of that feeds),
 * while Readability itself was under 5% of the time.
 *
 * htmlparser2 is not the HTML5 tree-construction algorithm: it never creates the <html>, <head> and <body> a
 * browser implies, and leaves content where the markup put it. Readability starts from `document.body`, so a
 * page that omits those tags (valid HTML) would come out empty. `normaliseStructure` puts the top level back
 * where a browser would: one <html>, head elements in <head>, everything else in <body>, in source order.
 */

// Elements the HTML5 "in head" insertion mode keeps in <head>; the first other node starts the body.
const HEAD_TAGS = new Set(["BASE", "LINK", "META", "NOSCRIPT", "SCRIPT", "STYLE", "TEMPLATE", "TITLE"]);
const ELEMENT = 1;
const TEXT = 3;

export function parseDocument(html: string): Document {
  const { document } = parseHTML(html) as unknown as { document: Document };
  normaliseStructure(document);
  return document;
}

// `childNodes`, not `firstChild`/`nextSibling`: in linkedom a doctype's `nextSibling` is null.
function childTagged(children: Node[], tag: string): Element | undefined {
  return children.find((node) => node.nodeType === ELEMENT && (node as Element).tagName === tag) as
    | Element
    | undefined;
}

/** Text or an element: what a browser would place in <body>; blank text and comments carry nothing. */
function isContent(node: Node): boolean {
  if (node.nodeType === ELEMENT) return true;
  return node.nodeType === TEXT && (node.nodeValue ?? "").trim() !== "";
}

export function normaliseStructure(document: Document): void {
  // One <html> holding every top-level node (htmlparser2 leaves text after </html> beside it, or has no <html>).
  const topLevel = Array.from(document.childNodes);
  let root = childTagged(topLevel, "HTML");
  if (!root) {
    root = document.createElement("html");
    document.appendChild(root);
  }
  const rootStart = root.firstChild;
  let beforeRoot = true;
  for (const node of topLevel) {
    if (node === root) beforeRoot = false;
    else if (!isContent(node)) continue;
    else if (beforeRoot) root.insertBefore(node, rootStart);
    else root.appendChild(node);
  }

  // <head> then <body>, with each stray top-level node in the one a browser would put it in.
  const children = Array.from(root.childNodes);
  let head = childTagged(children, "HEAD");
  let body = childTagged(children, "BODY");
  const wellFormed = children.every((node) => node === head || node === body || !isContent(node));
  if (wellFormed && head && body) return;
  if (!head) {
    head = document.createElement("head");
    root.insertBefore(head, root.firstChild);
  }
  if (!body) {
    body = document.createElement("body");
    root.appendChild(body);
  }
  const bodyStart = body.firstChild;
  let inBody = false;
  let afterBody = false;
  for (const node of children) {
    if (node === head) continue;
    if (node === body) {
      inBody = afterBody = true;
      continue;
    }
    if (!isContent(node)) continue;
    if (!inBody && node.nodeType === ELEMENT && HEAD_TAGS.has((node as Element).tagName)) {
      head.appendChild(node);
      continue;
    }
    inBody = true;
    if (afterBody) body.appendChild(node);
    else body.insertBefore(node, bodyStart);
  }
}
