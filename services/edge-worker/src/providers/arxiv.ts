import { type AtomEntry, parseAtomFeed } from "./atom.ts";
import { cachedFetchText } from "./cache.ts";
import { type Discovered, type Provider, ProviderError } from "./types.ts";

/** Words that carry no search meaning; dropping them keeps the AND query from matching nothing. */
const STOP_WORDS = new Set(
  "a an and are as at be buy by for from how in into is it of on or sell that the this to when with".split(
    " ",
  ),
);

/** At most six meaningful words of the concept, as `all:` terms joined with AND. */
export function arxivQuery(concept: string): string {
  const words = concept
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2 && !STOP_WORDS.has(word));
  const terms = [...new Set(words)].slice(0, 6);
  return terms.length > 0 ? terms.map((word) => `all:${word}`).join(" AND ") : `all:${concept}`;
}

/** `http://arxiv.org/abs/1605.08386v1` → `https://arxiv.org/abs/1605.08386` (latest version, https). */
export function absUrl(entry: AtomEntry): string | undefined {
  const alternate = entry.links.find((link) => link.rel === "alternate")?.href;
  const source = entry.id || alternate || "";
  const match =
    /arxiv\.org\/abs\/(.+?)(v\d+)?$/.exec(source) ?? /arxiv\.org\/abs\/(.+?)(v\d+)?$/.exec(alternate ?? "");
  return match?.[1] ? `https://arxiv.org/abs/${match[1]}` : undefined;
}

function isQuantFinance(entry: AtomEntry): boolean {
  return [entry.primaryCategory, ...entry.categories].some((term) => term?.startsWith("q-fin."));
}

/**
 * arXiv API search, keyless. One request per concept, sorted by relevance; entries in a q-fin.* category are
 * marked `preferred` and ranked first by the merger. Links point at abstract pages, never PDFs (arXiv's terms).
 * arXiv allows one request per 3 s for all our machines together; the Worker makes at most one per POST.
 */
export function arxivProvider(options: { apiUrl: string }): Provider {
  return {
    name: "arxiv",
    async search({ concept, limit, userAgent, timeoutMs, cacheTtlSeconds }) {
      const url = new URL(options.apiUrl);
      url.search = new URLSearchParams({
        search_query: arxivQuery(concept),
        start: "0",
        max_results: String(Math.min(limit * 2, 50)),
        sortBy: "relevance",
        sortOrder: "descending",
      }).toString();
      // An error is itself an Atom feed (HTTP 400 on the new backend): read it to report arXiv's own words.
      const answer = await cachedFetchText(
        url.href,
        { timeoutMs, userAgent, errorBodyIsAnswer: true, headers: { Accept: "application/atom+xml" } },
        cacheTtlSeconds,
      );
      const { text, contentType, status } = answer;
      // The "Access Denied" robot page is HTML; never parse it as a feed.
      if (!/atom|xml/i.test(contentType)) {
        throw new ProviderError(`HTTP ${status}, unexpected content-type ${contentType || "(none)"}`);
      }
      let entries: AtomEntry[];
      try {
        entries = parseAtomFeed(text);
      } catch {
        throw new ProviderError(`HTTP ${status}, answer is not an Atom feed`);
      }
      const error = entries.find((entry) => entry.title === "Error" && entry.id.includes("/api/errors"));
      if (error) throw new ProviderError(`API error (HTTP ${status}): ${error.summary}`, "http");
      if (status >= 400) throw new ProviderError(`HTTP ${status}`, "http");
      await answer.remember();
      const found: Discovered[] = [];
      for (const entry of entries) {
        const abs = absUrl(entry);
        if (abs) found.push({ url: abs, title: entry.title, preferred: isQuantFinance(entry) });
      }
      return found;
    },
  };
}
