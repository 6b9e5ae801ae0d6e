import { z } from "zod";
import { fetchJson } from "./http.ts";
import { type Provider, ProviderError } from "./types.ts";

/** `GET /search` answer of @qp/fixture-web (only the fields we read); results are best first. */
const answerSchema = z.object({
  results: z.array(z.object({ url: z.string(), title: z.string().optional(), score: z.number().optional() })),
});

/**
 * The offline demonstration's discovery (`DISCOVERY_SOURCES=fixtures`): asks the bundled fixture web's BM25
 * search, so different concepts get different pages without the internet. Its answers point at the fixture
 * web itself, the one origin the URL-safety check lets through in this mode.
 */
export function fixturesProvider(options: { searchUrl: string }): Provider {
  return {
    name: "fixtures",
    async search({ concept, limit, userAgent, timeoutMs }) {
      const url = new URL(
        "search",
        options.searchUrl.endsWith("/") ? options.searchUrl : `${options.searchUrl}/`,
      );
      url.search = new URLSearchParams({ q: concept, limit: String(Math.min(limit, 50)) }).toString();
      const parsed = answerSchema.safeParse(await fetchJson(url.href, { timeoutMs, userAgent }));
      if (!parsed.success) throw new ProviderError("unexpected answer shape (no results array)");
      return parsed.data.results.map((hit) => ({ url: hit.url, title: hit.title }));
    },
  };
}
