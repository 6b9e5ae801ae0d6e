import { z } from "zod";
import { fetchJson } from "./http.ts";
import { type Provider, ProviderError } from "./types.ts";

/** Tavily `POST /search` answer (only the fields we read); results are already sorted by `score`. */
const answerSchema = z.object({
  results: z.array(z.object({ url: z.string(), title: z.string().optional(), score: z.number().optional() })),
});

export interface TavilyOptions {
  apiUrl: string;
  apiKey: string;
}

/**
 * Tavily web search (keyed). `search_depth: basic` costs one credit per call; the key travels as a Bearer
 * header, never in the body or a log line.
 */
export function tavilyProvider(options: TavilyOptions): Provider {
  return {
    name: "tavily",
    async search({ concept, limit, userAgent, timeoutMs }) {
      const body = await fetchJson(options.apiUrl, {
        method: "POST",
        timeoutMs,
        userAgent,
        headers: { Authorization: `Bearer ${options.apiKey}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          query: concept,
          max_results: Math.min(limit, 20),
          search_depth: "basic",
          topic: "general",
          include_answer: false,
          include_raw_content: false,
        }),
      });
      const parsed = answerSchema.safeParse(body);
      if (!parsed.success) throw new ProviderError("unexpected answer shape (no results array)");
      return parsed.data.results.map((hit) => ({ url: hit.url, title: hit.title }));
    },
  };
}
