/**
 * A deliberately small Atom reader for the arXiv API: Workers have no DOMParser, and we need only entry ids,
 * titles, links and category terms. It tolerates namespace prefixes (`atom:entry`), attribute order and quoting,
 * CDATA, and the five XML entities plus numeric references.
 */

export interface AtomLink {
  href: string;
  rel?: string | undefined;
  type?: string | undefined;
  title?: string | undefined;
}

export interface AtomEntry {
  id: string;
  title: string;
  summary: string;
  links: AtomLink[];
  categories: string[];
  primaryCategory?: string;
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes XML entities; unknown named entities are left as written. */
export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#x")) return safeCodePoint(Number.parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith("#")) return safeCodePoint(Number.parseInt(ref.slice(1), 10), whole);
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const name = match[1];
    if (name) out[name] = decodeXml(match[3] ?? match[4] ?? "");
  }
  return out;
}

/** Text of the first `<name>` child (any namespace prefix), tags stripped, whitespace collapsed. */
function childText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}\\s*>`).exec(
    xml,
  );
  if (!match) return undefined;
  // CDATA is literal text; elsewhere nested tags are dropped and entities decoded.
  return (match[1] ?? "")
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith("<![CDATA[") ? part.slice(9, -3) : decodeXml(part.replace(/<[^>]*>/g, "")),
    )
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

function emptyTags(xml: string, name: string): Array<Record<string, string>> {
  return [...xml.matchAll(new RegExp(`<(?:[\\w-]+:)?${name}(\\s[^>]*?)?/?>`, "g"))].map((m) =>
    attributes(m[1] ?? ""),
  );
}

/** The entries of an Atom feed in document order. Throws when the text has no `<feed` at all. */
export function parseAtomFeed(xml: string): AtomEntry[] {
  if (!/<(?:[\w-]+:)?feed[\s>]/.test(xml)) throw new Error("not an Atom feed");
  const entries: AtomEntry[] = [];
  for (const match of xml.matchAll(/<(?:[\w-]+:)?entry(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w-]+:)?entry\s*>/g)) {
    const body = match[1] ?? "";
    const primary = emptyTags(body, "primary_category")[0]?.term;
    entries.push({
      id: childText(body, "id") ?? "",
      title: childText(body, "title") ?? "",
      summary: childText(body, "summary") ?? "",
      links: emptyTags(body, "link")
        .filter((a) => a.href)
        .map((a) => ({ href: a.href!, rel: a.rel, type: a.type, title: a.title })),
      // Plain Atom `<category>` only: `<arxiv:primary_category>` does not match because the name must follow `<`.
      categories: [...body.matchAll(/<(?:atom:)?category(\s[^>]*?)?\/?>/g)]
        .map((m) => attributes(m[1] ?? "").term)
        .filter((term): term is string => Boolean(term)),
      ...(primary ? { primaryCategory: primary } : {}),
    });
  }
  return entries;
}
