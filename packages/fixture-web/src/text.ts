/**
 * A cheap HTML-to-text for ranking: drop the elements that never hold article words (scripts, styles, the
 * head, inline SVG, comments), strip the remaining tags and decode the common entities. It is not the
 * crawler's extraction (that one lives in a service, which a package must not import); for BM25 over words a
 * tag strip is enough, since navigation words only add noise evenly across pages.
 */
const DROPPED = /<(script|style|noscript|svg|head|template)\b[\s\S]*?<\/\1\s*>/gi;

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : " ";
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** The page's `<title>`, decoded and trimmed, or "" when it has none. */
export function titleOf(html: string): string {
  const raw = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html)?.[1] ?? "";
  return decodeEntities(raw).replace(/\s+/g, " ").trim();
}

/** The visible text of an HTML page, whitespace collapsed. */
export function textOf(html: string): string {
  const body = html.replace(/<!--[\s\S]*?-->/g, " ").replace(DROPPED, " ");
  return decodeEntities(body.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}
