import { CheerioCrawler, Configuration, log } from "@crawlee/cheerio";
import { MemoryStorage } from "@crawlee/memory-storage";

/**
 * The benchmark's reference: a bare crawlee CheerioCrawler that fetches and parses pages and nothing else (no
 * robots, no SSRF guard, no extraction, no publishing). Lives here because `@crawlee/cheerio` resolves from this
 * package, not from the repository root where `bench/` is.
 */
export async function runBareCheerio(urls: string[], concurrency: number) {
  log.setLevel(log.LEVELS.OFF);
  let parsed = 0;
  let chars = 0;
  const crawler = new CheerioCrawler(
    {
      // Fixed concurrency, as our crawler runs: crawlee's autoscaling would otherwise react to the shared
      // host's load (other jobs' CPU), not to this crawl, and the comparison would measure the neighbours.
      minConcurrency: concurrency,
      maxConcurrency: concurrency,
      maxRequestRetries: 0,
      useSessionPool: false,
      requestHandler: async ({ $ }) => {
        chars += $("body").text().length + $("title").text().length;
        parsed++;
      },
    },
    new Configuration({
      persistStorage: false,
      storageClient: new MemoryStorage({ persistStorage: false, writeMetadata: false }),
    }),
  );
  const started = performance.now();
  await crawler.run(urls);
  return {
    pages: parsed,
    failed: urls.length - parsed,
    seconds: (performance.now() - started) / 1000,
    chars,
  };
}
