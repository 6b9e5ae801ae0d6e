import { Parser } from "htmlparser2";
import { normaliseStructure } from "../html-document.ts";
import {
  COMMENT_NODE,
  ELEMENT_NODE,
  LeanComment,
  LeanDocument,
  LeanElement,
  type LeanNode,
  type LeanParent,
  LeanText,
} from "./nodes.ts";

/**
 * HTML → lean DOM (nodes.ts) with htmlparser2, the tokenizer linkedom uses, driven the same way (same options,
 * one node per event), so the tree has the shape Readability saw on linkedom; then the top level is put where
 * a browser would (html-document.ts). `innerHTML` parses and serialises through here too.
 */

const VOID = new Set(
  "AREA BASE BR COL EMBED HR IMG INPUT LINK META PARAM SOURCE TRACK WBR"
    .split(" ")
    .map((t) => t.toLowerCase()),
);
const RAW_TEXT = new Set(["script", "style"]);
/**
 * Nesting past this depth is flattened: deeper elements become children of the element at this depth, as
 * Chromium's HTML parser does past 512. Readability's passes cost O(nodes × depth) and some recurse, so a
 * page of 100,000 nested <div>s would otherwise take minutes or overflow the stack; real pages stay far below.
 */
export const MAX_DEPTH = 512;

const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttr = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

class HtmlDocument extends LeanDocument {
  parseInto(parent: LeanParent, html: string): void {
    let node: LeanParent = parent;
    let depth = 0;
    // Elements opened past MAX_DEPTH, added as children of the deepest allowed one; their closes come first.
    let overflow = 0;
    const parser = new Parser(
      {
        onopentag: (name, attributes) => {
          const element = new LeanElement(this, name, attributes);
          if (depth >= MAX_DEPTH) {
            node.appendChild(element);
            overflow++;
            this.flattened = true;
            return;
          }
          node = node.appendChild(element);
          depth++;
        },
        ontext: (text) => {
          node.appendChild(new LeanText(this, text));
        },
        oncomment: (data) => {
          node.appendChild(new LeanComment(this, data));
        },
        onclosetag: () => {
          if (overflow > 0) {
            overflow--;
            return;
          }
          depth--;
          // The parser closes what it opened; guard the root anyway, should a stray close tag reach it.
          if (node !== parent && node.parentNode) node = node.parentNode;
        },
      },
      { lowerCaseAttributeNames: false, decodeEntities: true },
    );
    parser.write(html);
    parser.end();
  }

  serializeChildren(parent: LeanParent): string {
    let html = "";
    for (let node = parent.firstChild; node; node = node.nextSibling) html += serialize(node, parent);
    return html;
  }
}

function serialize(node: LeanNode, parent: LeanParent): string {
  if (node.nodeType === COMMENT_NODE) return `<!--${(node as LeanComment).data}-->`;
  if (node.nodeType !== ELEMENT_NODE) {
    const raw = parent.nodeType === ELEMENT_NODE && RAW_TEXT.has((parent as LeanElement).localName);
    return raw ? (node as LeanText).data : escapeText((node as LeanText).data);
  }
  const element = node as LeanElement;
  const name = element.localName;
  const attributes = element.attributes.map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join("");
  if (VOID.has(name)) return `<${name}${attributes}>`;
  return `<${name}${attributes}>${element.ownerDocument.serializeChildren(element)}</${name}>`;
}

/** Parse a whole page; `url` is what Readability resolves the article's links against. */
export function parseLeanDocument(html: string, url = "about:blank"): LeanDocument {
  const document = new HtmlDocument();
  document.baseURI = url;
  document.documentURI = url;
  document.parseInto(document, html);
  normaliseStructure(document as unknown as Document);
  return document;
}
