import { fetchText } from "./http.ts";

type FetchInit = Parameters<typeof fetchText>[1];

export interface CachedAnswer {
  text: string;
  contentType: string;
  status: number;
  /** True when the answer came from the cache (no request reached the provider). */
  cached: boolean;
  /** Stores the answer; providers call it only once they have checked the answer is a real result. */
  remember(): Promise<void>;
}

function defaultCache(): Cache | undefined {
  return typeof caches === "undefined" ? undefined : (caches as unknown as { default?: Cache }).default;
}

/**
 * A GET through the colo's Cache API. Search answers change slowly (arXiv updates once a day and asks clients
 * to cache identical queries), so a re-post of a concept, or two people posting the same one, costs the
 * providers nothing and answers faster; it also keeps us under arXiv's one-request-per-3-s rule for repeats.
 * Only answers the provider validated are stored (Wikipedia reports errors with HTTP 200), via `remember()`.
 * `ttlSeconds <= 0` disables it.
 */
export async function cachedFetchText(
  url: string,
  init: FetchInit,
  ttlSeconds: number,
): Promise<CachedAnswer> {
  const cache = ttlSeconds > 0 ? defaultCache() : undefined;
  const key = new Request(url, { method: "GET" });
  const hit = cache ? await cache.match(key).catch(() => undefined) : undefined;
  if (hit) {
    const text = await hit.text();
    const contentType = hit.headers.get("content-type") ?? "";
    return { text, contentType, status: hit.status, cached: true, remember: async () => {} };
  }
  const answer = await fetchText(url, init);
  return {
    ...answer,
    cached: false,
    remember: async () => {
      if (!cache || answer.status < 200 || answer.status >= 300) return;
      const stored = new Response(answer.text, {
        headers: { "content-type": answer.contentType, "cache-control": `max-age=${ttlSeconds}` },
      });
      // A cache failure must never fail the request: the answer is already in hand.
      await cache.put(key, stored).catch(() => {});
    },
  };
}
