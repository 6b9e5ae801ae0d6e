/**
 * A lean DOM: just the part of the DOM API that Mozilla Readability calls, built for speed. Each element keeps
 * its children as a linked list (O(1) insert and remove) and caches what Readability asks for again and again:
 * its text (textContent of a big <div> is read once per candidate, per ancestor and per cleaning pass), and its
 * child lists. A mutation clears the caches it invalidates: the child lists of the parent, the text of every
 * ancestor. On linkedom, Readability spent most of its time rebuilding those (see README, "Extraction").
 *
 * Semantics follow linkedom where Readability can tell the difference (one text node per parser text event,
 * attribute names kept as written, `document.title` from <head>), since the quality test holds our text to
 * Readability on linkedom/jsdom.
 */

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const COMMENT_NODE = 8;
export const DOCUMENT_NODE = 9;

export abstract class LeanNode {
  abstract readonly nodeType: number;
  abstract readonly nodeName: string;
  parentNode: LeanParent | null = null;
  nextSibling: LeanNode | null = null;
  previousSibling: LeanNode | null = null;
  readonly ownerDocument: LeanDocument;
  /** `null` only for the document itself, which is its own owner here (DOM says null; nothing reads it). */
  constructor(ownerDocument: LeanDocument | null) {
    this.ownerDocument = ownerDocument ?? (this as unknown as LeanDocument);
  }

  abstract get textContent(): string;

  get parentElement(): LeanElement | null {
    return this.parentNode instanceof LeanElement ? this.parentNode : null;
  }

  get nextElementSibling(): LeanElement | null {
    let node = this.nextSibling;
    while (node && node.nodeType !== ELEMENT_NODE) node = node.nextSibling;
    return node as LeanElement | null;
  }

  get previousElementSibling(): LeanElement | null {
    let node = this.previousSibling;
    while (node && node.nodeType !== ELEMENT_NODE) node = node.previousSibling;
    return node as LeanElement | null;
  }

  remove(): void {
    this.parentNode?.removeChild(this);
  }
}

export class LeanText extends LeanNode {
  readonly nodeType: number = TEXT_NODE;
  readonly nodeName: string = "#text";
  constructor(
    ownerDocument: LeanDocument,
    public data: string,
  ) {
    super(ownerDocument);
  }
  get textContent(): string {
    return this.data;
  }
  get nodeValue(): string {
    return this.data;
  }
  // Node's child accessors, which Readability also calls on text (`_hasChildBlockElement`).
  readonly firstChild = null;
  readonly lastChild = null;
  get childNodes(): LeanNode[] {
    return [];
  }
}

export class LeanComment extends LeanText {
  override readonly nodeType: number = COMMENT_NODE;
  override readonly nodeName: string = "#comment";
}

/** Something with children: an element or the document. */
export abstract class LeanParent extends LeanNode {
  firstChild: LeanNode | null = null;
  lastChild: LeanNode | null = null;
  private nodesCache: LeanNode[] | null = null;
  private elementsCache: LeanElement[] | null = null;
  /** textContent, cleared when this subtree changes. */
  textCache: string | null = null;
  /** textContent trimmed, and trimmed with runs of whitespace made one space (Readability's inner text). */
  trimmedCache: string | null = null;
  normalisedCache: string | null = null;

  /** A fresh array per change, so a list read before a mutation keeps its nodes (as linkedom's do). */
  get childNodes(): LeanNode[] {
    if (this.nodesCache) return this.nodesCache;
    const nodes: LeanNode[] = [];
    for (let node = this.firstChild; node; node = node.nextSibling) nodes.push(node);
    this.nodesCache = nodes;
    return nodes;
  }

  get children(): LeanElement[] {
    if (this.elementsCache) return this.elementsCache;
    const elements: LeanElement[] = [];
    for (let node = this.firstChild; node; node = node.nextSibling)
      if (node.nodeType === ELEMENT_NODE) elements.push(node as LeanElement);
    this.elementsCache = elements;
    return elements;
  }

  get firstElementChild(): LeanElement | null {
    let node = this.firstChild;
    while (node && node.nodeType !== ELEMENT_NODE) node = node.nextSibling;
    return node as LeanElement | null;
  }

  get lastElementChild(): LeanElement | null {
    let node = this.lastChild;
    while (node && node.nodeType !== ELEMENT_NODE) node = node.previousSibling;
    return node as LeanElement | null;
  }

  get textContent(): string {
    if (this.textCache !== null) return this.textCache;
    let text = "";
    for (let node = this.firstChild; node; node = node.nextSibling)
      if (node.nodeType !== COMMENT_NODE) text += node.textContent;
    this.textCache = text;
    return text;
  }

  /** Readability's `_getInnerText`, cached with the text: it asks for the same big subtrees many times. */
  trimmedText(normaliseSpaces: boolean): string {
    this.trimmedCache ??= this.textContent.trim();
    if (!normaliseSpaces) return this.trimmedCache;
    this.normalisedCache ??= this.trimmedCache.replace(/\s{2,}/g, " ");
    return this.normalisedCache;
  }

  /** Whether any text below is other than whitespace: stops at the first such text, and reads no cache. */
  hasText(): boolean {
    if (this.textCache !== null) return /\S/.test(this.textCache);
    let node = this.firstChild;
    while (node) {
      if (node.nodeType === TEXT_NODE) {
        if (/\S/.test((node as LeanText).data)) return true;
      } else if (node.nodeType === ELEMENT_NODE && (node as LeanParent).firstChild) {
        node = (node as LeanParent).firstChild;
        continue;
      }
      while (node && !node.nextSibling) {
        node = node.parentNode;
        if (node === this) return false;
      }
      node = node ? node.nextSibling : null;
    }
    return false;
  }

  set textContent(value: string) {
    while (this.firstChild) this.removeChild(this.firstChild);
    if (value !== "") this.appendChild(new LeanText(this.ownerDocument, value));
  }

  /** This subtree's child lists or text changed: clear the caches that depend on it. */
  changed(): void {
    this.nodesCache = null;
    this.elementsCache = null;
    for (let node: LeanParent | null = this; node; node = node.parentNode) {
      if (node.textCache === null && node !== this) break;
      node.textCache = node.trimmedCache = node.normalisedCache = null;
    }
  }

  appendChild<T extends LeanNode>(node: T): T {
    return this.insertBefore(node, null);
  }

  insertBefore<T extends LeanNode>(node: T, before: LeanNode | null): T {
    if (node.parentNode) node.parentNode.removeChild(node);
    node.parentNode = this;
    const previous = before ? before.previousSibling : this.lastChild;
    node.previousSibling = previous;
    node.nextSibling = before;
    if (previous) previous.nextSibling = node;
    else this.firstChild = node;
    if (before) before.previousSibling = node;
    else this.lastChild = node;
    this.changed();
    return node;
  }

  removeChild<T extends LeanNode>(node: T): T {
    if (node.parentNode !== this) throw new Error("removeChild: not a child of this node");
    const { previousSibling: previous, nextSibling: next } = node;
    if (previous) previous.nextSibling = next;
    else this.firstChild = next;
    if (next) next.previousSibling = previous;
    else this.lastChild = previous;
    node.parentNode = null;
    node.nextSibling = null;
    node.previousSibling = null;
    this.changed();
    return node;
  }

  replaceChild<T extends LeanNode>(node: LeanNode, old: T): T {
    if (node === old) return old;
    // `old` may be `node`'s next sibling: take `node` out first, then insert before whatever follows `old`.
    if (node.parentNode) node.parentNode.removeChild(node);
    const next = old.nextSibling;
    this.removeChild(old);
    this.insertBefore(node, next);
    return old;
  }

  /** Elements below this node with `tag` (upper case, or "*"), in document order. A snapshot, not live. */
  getElementsByTagName(tag: string): LeanElement[] {
    if (tag === "*") return this.elementsBelow(() => true);
    const wanted = tag.toUpperCase();
    return this.elementsBelow((tagName) => tagName === wanted);
  }

  /** Only selectors made of tag names joined by commas (all Readability asks for), in document order. */
  querySelectorAll(selector: string): LeanElement[] {
    const tags = new Set(selector.split(",").map((tag) => tag.trim().toUpperCase()));
    if ([...tags].some((tag) => !/^[A-Z][A-Z0-9-]*$/.test(tag)))
      throw new Error(`lean DOM: unsupported selector ${JSON.stringify(selector)}`);
    if (tags.size === 1) return this.getElementsByTagName([...tags][0] as string);
    return this.elementsBelow((tagName) => tags.has(tagName));
  }

  /** The elements below this node whose tag name `matches`, in document order: a pre-order walk, no recursion. */
  private elementsBelow(matches: (tagName: string) => boolean): LeanElement[] {
    const found: LeanElement[] = [];
    let node = this.firstChild;
    while (node) {
      if (node.nodeType === ELEMENT_NODE) {
        const element = node as LeanElement;
        if (matches(element.tagName)) found.push(element);
        if (element.firstChild) {
          node = element.firstChild;
          continue;
        }
      }
      while (node && !node.nextSibling) {
        node = node.parentNode;
        if (node === this) return found;
      }
      node = node ? node.nextSibling : null;
    }
    return found;
  }
}

/** An attribute as `element.attributes` lists it: a copy, built when asked for (Readability rarely asks). */
export class LeanAttr {
  constructor(
    readonly name: string,
    readonly value: string,
  ) {}
  cloneNode(): LeanAttr {
    return new LeanAttr(this.name, this.value);
  }
}

const NO_STYLE = Object.freeze({ display: "", visibility: "" });

export class LeanElement extends LeanParent {
  readonly nodeType: number = ELEMENT_NODE;
  readonly tagName: string;
  readonly localName: string;
  /** Name → value, in source order; the parser's own object (a Map would cost a copy per element). */
  private readonly attrs: Record<string, string>;
  /** Readability's score record; an expando on a real DOM. */
  readability?: { contentScore: number };

  constructor(ownerDocument: LeanDocument, name: string, attributes?: Record<string, string>) {
    super(ownerDocument);
    this.localName = name.toLowerCase();
    this.tagName = name.toUpperCase();
    this.attrs = attributes ?? {};
  }

  get nodeName(): string {
    return this.tagName;
  }

  get attributes(): LeanAttr[] {
    return Object.keys(this.attrs).map((name) => new LeanAttr(name, this.attrs[name] as string));
  }

  getAttribute(name: string): string | null {
    return Object.hasOwn(this.attrs, name) ? (this.attrs[name] as string) : null;
  }

  hasAttribute(name: string): boolean {
    return Object.hasOwn(this.attrs, name);
  }

  setAttribute(name: string, value: string): void {
    this.attrs[name] = String(value);
  }

  setAttributeNode(node: LeanAttr): void {
    this.setAttribute(node.name, node.value);
  }

  removeAttribute(name: string): void {
    delete this.attrs[name];
  }

  get id(): string {
    return this.getAttribute("id") ?? "";
  }
  set id(value: string) {
    this.setAttribute("id", value);
  }
  get className(): string {
    return this.getAttribute("class") ?? "";
  }
  set className(value: string) {
    this.setAttribute("class", value);
  }
  get src(): string {
    return this.getAttribute("src") ?? "";
  }
  get srcset(): string {
    return this.getAttribute("srcset") ?? "";
  }
  get href(): string {
    return this.getAttribute("href") ?? "";
  }

  /** The two properties Readability reads from the style attribute (`_isProbablyVisible`). */
  get style(): { display: string; visibility: string } {
    const text = this.getAttribute("style");
    if (!text) return NO_STYLE;
    const style = { display: "", visibility: "" };
    for (const declaration of text.split(";")) {
      const colon = declaration.indexOf(":");
      if (colon < 0) continue;
      const property = declaration.slice(0, colon).trim().toLowerCase();
      if (property === "display" || property === "visibility")
        style[property] = declaration.slice(colon + 1).trim();
    }
    return style;
  }

  get innerHTML(): string {
    return this.ownerDocument.serializeChildren(this);
  }
  set innerHTML(html: string) {
    while (this.firstChild) this.removeChild(this.firstChild);
    this.ownerDocument.parseInto(this, html);
  }
}

export abstract class LeanDocument extends LeanParent {
  constructor() {
    super(null);
  }
  readonly nodeType: number = DOCUMENT_NODE;
  readonly nodeName: string = "#document";
  /** The parser flattened nesting deeper than its limit (document.ts, MAX_DEPTH). */
  flattened = false;
  baseURI = "about:blank";
  documentURI = "about:blank";

  abstract parseInto(parent: LeanParent, html: string): void;
  abstract serializeChildren(parent: LeanParent): string;

  get documentElement(): LeanElement | null {
    return this.children.find((element) => element.tagName === "HTML") ?? null;
  }
  get head(): LeanElement | null {
    return this.documentElement?.children.find((element) => element.tagName === "HEAD") ?? null;
  }
  get body(): LeanElement | null {
    return this.documentElement?.children.find((element) => element.tagName === "BODY") ?? null;
  }
  /** As linkedom: the first <title> in <head>. */
  get title(): string {
    return this.head?.getElementsByTagName("title")[0]?.textContent ?? "";
  }

  createElement(name: string): LeanElement {
    return new LeanElement(this, name);
  }
  createTextNode(data: string): LeanText {
    return new LeanText(this, data);
  }
}
