import { RobotsTxtFile } from "@crawlee/utils";
import { FetchFailure, type FetchOptions, fetchPage } from "./fetch-page.ts";

/**
 * robots.txt, one per origin, cached for `ttlMs` (concurrent lookups share one fetch). crawlee's RobotsTxtFile
 * parses and matches (it wraps robots-parser); we fetch the file ourselves because `RobotsTxtFile.find` uses
 * got-scraping, which would bypass the SSRF guard. Per RFC 9309: 4xx (no robots.txt) = everything allowed;
 * 5xx or unreachable = everything disallowed until the next attempt (cached for `errorTtlMs` only).
 */

export interface RobotsVerdict {
  allowed: boolean;
  reason?: string;
}

interface Entry {
  expires: number;
  robots: Promise<RobotsTxtFile | { disallowAll: string } | null>;
}

export function createRobotsCache({
  fetchOptions,
  userAgent,
  ttlMs = 3_600_000,
  errorTtlMs = 60_000,
  maxEntries = 10_000,
}: {
  fetchOptions: FetchOptions;
  userAgent: string;
  ttlMs?: number;
  errorTtlMs?: number;
  maxEntries?: number;
}) {
  const cache = new Map<string, Entry>();

  const load = async (origin: string): Promise<RobotsTxtFile | { disallowAll: string } | null> => {
    const url = `${origin}/robots.txt`;
    try {
      const page = await fetchPage(url, {
        ...fetchOptions,
        maxBytes: 512 * 1024,
        acceptType: () => true,
        accept: "text/plain,*/*",
      });
      return RobotsTxtFile.from(url, page.body.toString("utf8"));
    } catch (error) {
      const failure = error as FetchFailure;
      if (
        failure instanceof FetchFailure &&
        failure.statusCode !== undefined &&
        failure.statusCode >= 400 &&
        failure.statusCode < 500
      ) {
        return null;
      }
      return { disallowAll: `robots.txt unavailable (${failure.message})` };
    }
  };

  return {
    async check(url: string): Promise<RobotsVerdict> {
      const origin = new URL(url).origin;
      const now = Date.now();
      let entry = cache.get(origin);
      if (!entry || entry.expires < now) {
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
        const robots = load(origin);
        entry = { expires: now + ttlMs, robots };
        cache.set(origin, entry);
        const loaded = await robots;
        if (loaded && "disallowAll" in loaded) entry.expires = now + errorTtlMs;
      }
      const robots = await entry.robots;
      if (robots === null) return { allowed: true };
      if ("disallowAll" in robots) return { allowed: false, reason: robots.disallowAll };
      return robots.isAllowed(url, userAgent)
        ? { allowed: true }
        : { allowed: false, reason: "disallowed by robots.txt" };
    },
  };
}
