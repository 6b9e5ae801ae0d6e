import { z } from "zod";
import { cachedFetchText } from "./cache.ts";
import { type Provider, ProviderError } from "./types.ts";

/** The Action API's `list=search` answer with `formatversion=2` (only the fields we read). */
const searchAnswerSchema = z.object({
  query: z.object({
    search: z.array(z.object({ title: z.string().min(1), pageid: z.number().optional() })),
  }),
});

/** Action API errors come back as HTTP 200 with an `error` object (and a MediaWiki-API-Error header). */
const errorAnswerSchema = z.object({ error: z.object({ code: z.string(), info: z.string().optional() }) });

export interface WikipediaOptions {
  /** `…/w/api.php` of the wiki. */
  apiUrl: string;
  /** Prefix of article URLs, e.g. `https://en.wikipedia.org/wiki/`. */
  articleBase: string;
}

/** Article URL from a title: spaces become `_`, then percent-encoding (the form the wiki itself links). */
export function articleUrl(articleBase: string, title: string): string {
  const base = articleBase.endsWith("/") ? articleBase : `${articleBase}/`;
  return `${base}${encodeURIComponent(title.replace(/ /g, "_")).replace(/%2F/g, "/").replace(/%3A/g, ":")}`;
}

/**
 * Wikipedia full-text search (`action=query&list=search`, articles only). Keyless; results come in the wiki's
 * relevance order.
 */
export function wikipediaProvider(options: WikipediaOptions): Provider {
  return {
    name: "wikipedia",
    async search({ concept, limit, userAgent, timeoutMs, cacheTtlSeconds }) {
      const url = new URL(options.apiUrl);
      url.search = new URLSearchParams({
        action: "query",
        list: "search",
        srsearch: concept,
        srlimit: String(Math.min(limit, 50)),
        srnamespace: "0",
        srprop: "",
        format: "json",
        formatversion: "2",
      }).toString();
      const answer = await cachedFetchText(
        url.href,
        { timeoutMs, userAgent, headers: { Accept: "application/json" } },
        cacheTtlSeconds,
      );
      let body: unknown;
      try {
        body = JSON.parse(answer.text);
      } catch {
        throw new ProviderError(`answer is not JSON: ${answer.text.replace(/\s+/g, " ").slice(0, 120)}`);
      }
      const failure = errorAnswerSchema.safeParse(body);
      if (failure.success) {
        throw new ProviderError(
          `API error ${failure.data.error.code}: ${failure.data.error.info ?? ""}`.trim(),
          "http",
        );
      }
      const parsed = searchAnswerSchema.safeParse(body);
      if (!parsed.success) throw new ProviderError("unexpected answer shape (no query.search array)");
      await answer.remember();
      return parsed.data.query.search.map((hit) => ({
        url: articleUrl(options.articleBase, hit.title),
        title: hit.title,
      }));
    },
  };
}
