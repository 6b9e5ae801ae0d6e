import type { ProviderError as ProviderErrorEntry } from "@qp/schema";
import { type Discovered, type Provider, ProviderError } from "./providers/types.ts";
import { normaliseUrl } from "./url/normalise.ts";
import { type UrlPolicy, unsafeReason } from "./url/safety.ts";

export interface DiscoveredUrl {
  url: string;
  discoveredBy: string;
}

export interface DiscoveryResult {
  urls: DiscoveredUrl[];
  errors: ProviderErrorEntry[];
  /** How many providers answered (even with nothing). 0 with errors means every provider failed. */
  answered: number;
  /** URLs dropped by the safety rules, with the reason (for the log line, not the client). */
  refused: RefusedUrl[];
}

export interface RefusedUrl {
  url: string;
  reason: string;
  provider: string;
}

export interface DiscoverOptions {
  providers: readonly Provider[];
  concept: string;
  maxUrls: number;
  userAgent: string;
  timeoutMs: number;
  cacheTtlSeconds: number;
  policy: UrlPolicy;
}

/**
 * Ranking: round-robin over the providers' own relevance lists, so every provider that answered contributes
 * its best results before any contributes its second best. arXiv's list is split in two: entries in a q-fin.*
 * category lead the rotation, the rest of arXiv (physics, CS, maths papers that merely share words) trail it.
 * (When arXiv has no q-fin hit it is an ordinary provider at its PROVIDERS position.) Duplicates keep their
 * first, i.e. best, position; refused URLs do not use up the cap. Example with three providers:
 * arxiv-qfin[0], wikipedia[0], tavily[0], arxiv-other[0], arxiv-qfin[1], wikipedia[1], …
 */
export function rankAndMerge(
  lists: ReadonlyArray<{ provider: string; results: readonly Discovered[] }>,
  maxUrls: number,
  policy: UrlPolicy,
): { urls: DiscoveredUrl[]; refused: RefusedUrl[] } {
  const lead = lists
    .map((list) => ({ provider: list.provider, results: list.results.filter((r) => r.preferred) }))
    .filter((list) => list.results.length > 0);
  const split = new Set(lead.map((list) => list.provider));
  const rest = lists.map((list) => ({
    provider: list.provider,
    results: list.results.filter((r) => !r.preferred),
  }));
  const rotation = [
    ...lead,
    ...rest.filter((list) => !split.has(list.provider)),
    ...rest.filter((list) => split.has(list.provider)),
  ];
  const seen = new Set<string>();
  const urls: DiscoveredUrl[] = [];
  const refused: RefusedUrl[] = [];
  const longest = Math.max(0, ...rotation.map((list) => list.results.length));
  for (let index = 0; index < longest && urls.length < maxUrls; index++) {
    for (const list of rotation) {
      const candidate = list.results[index];
      if (!candidate || urls.length >= maxUrls) continue;
      const url = normaliseUrl(candidate.url);
      if (!url) {
        refused.push({ url: candidate.url.slice(0, 200), reason: "not a URL", provider: list.provider });
        continue;
      }
      if (seen.has(url)) continue;
      seen.add(url);
      const reason = unsafeReason(url, policy);
      if (reason) {
        refused.push({ url: url.slice(0, 200), reason, provider: list.provider });
        continue;
      }
      urls.push({ url, discoveredBy: list.provider });
    }
  }
  return { urls, refused };
}

/** Asks every provider at once; one failing (or timing out) never hides what the others found. */
export async function discover(options: DiscoverOptions): Promise<DiscoveryResult> {
  const settled = await Promise.allSettled(
    options.providers.map((provider) =>
      provider.search({
        concept: options.concept,
        // Ask for more than the cap: some results will be duplicates or refused.
        limit: Math.min(options.maxUrls * 2, 50),
        userAgent: options.userAgent,
        timeoutMs: options.timeoutMs,
        cacheTtlSeconds: options.cacheTtlSeconds,
      }),
    ),
  );
  const lists: Array<{ provider: string; results: Discovered[] }> = [];
  const errors: ProviderErrorEntry[] = [];
  settled.forEach((outcome, index) => {
    const provider = options.providers[index]!.name;
    if (outcome.status === "fulfilled") lists.push({ provider, results: outcome.value });
    else {
      const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      const kind = outcome.reason instanceof ProviderError ? outcome.reason.kind : "other";
      errors.push({ provider, message: reason.slice(0, 2000), kind });
    }
  });
  const { urls, refused } = rankAndMerge(lists, options.maxUrls, options.policy);
  // A provider that answered but whose every URL was refused is almost always our settings (e.g. a
  // FIXTURE_SEARCH_URL that names the fixture web by another address than the one its answers use): say so.
  for (const list of lists) {
    const mine = refused.filter((r) => r.provider === list.provider);
    if (list.results.length > 0 && mine.length === list.results.length) {
      errors.push({
        provider: list.provider,
        message:
          `every URL it found was refused by the URL-safety check, e.g. ${mine[0]?.url}: ${mine[0]?.reason}`.slice(
            0,
            2000,
          ),
        kind: "config",
      });
    }
  }
  return { urls, errors, answered: lists.length, refused };
}
