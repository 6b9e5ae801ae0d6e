import { stableId } from "@qp/schema";
import { ExtractionError, type ExtractPool } from "./extract-pool.ts";
import { FetchFailure, type FetchOptions, fetchWithRetries, type RetryOptions } from "./fetch-page.ts";
import type { createHostGate } from "./host-gate.ts";
import type { CrawlJob } from "./job.ts";
import { buildFailedMessage, buildResultMessage } from "./message.ts";
import type { createRobotsCache } from "./robots.ts";
import { SsrfError } from "./ssrf.ts";

/**
 * One job from URL to message: robots.txt → per-host turn → fetch (SSRF-guarded, limited, retried) → decode →
 * Readability → a `crawl.result`; every failure on the way becomes a `crawl.failed` with its reason (and HTTP
 * status when there is one). Nothing here throws for a bad page, so one hostile URL never affects another.
 */

export const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
export const TEXT_TYPES = new Set(["text/plain"]);

export interface CrawlPageDeps {
  robots: ReturnType<typeof createRobotsCache>;
  gate: ReturnType<typeof createHostGate>;
  fetchOptions: FetchOptions;
  retry: RetryOptions;
  extractor: ExtractPool;
  maxMessageBytes: number;
}

export type CrawlMessage = ReturnType<typeof buildResultMessage> | ReturnType<typeof buildFailedMessage>;

export async function crawlPage(job: CrawlJob, deps: CrawlPageDeps): Promise<CrawlMessage> {
  const id = await stableId(job.conceptId, job.url);
  let retryCount = 0;
  const failed = (reason: string, statusCode?: number) =>
    buildFailedMessage({
      id,
      conceptId: job.conceptId,
      concept: job.concept,
      url: job.url,
      reason,
      statusCode,
      retryCount,
    });
  try {
    // The SSRF guard first: a private host gets a clear refusal, not a "robots.txt unavailable".
    await deps.fetchOptions.resolve(new URL(job.url).hostname, new URL(job.url).origin);
    const verdict = await deps.robots.check(job.url);
    if (!verdict.allowed) return failed(verdict.reason ?? "disallowed by robots.txt");
    const release = await deps.gate.acquire(new URL(job.url).host);
    let fetched: Awaited<ReturnType<typeof fetchWithRetries>>;
    try {
      fetched = await fetchWithRetries(job.url, deps.fetchOptions, deps.retry);
    } finally {
      release();
    }
    const { page, attempts } = fetched;
    retryCount = attempts - 1;
    // Read before the body moves to an extraction worker (the bytes go without a copy).
    const bytes = page.body.length;
    // The worker decodes the bytes (charset.ts) and refuses a NUL in the first 8 KB: a binary file served with
    // a text type (image as text/html, etc.).
    const { charset, extracted } = await deps.extractor.extract({
      kind: HTML_TYPES.has(page.mime) ? "html" : "text",
      body: page.body,
      contentType: page.contentType,
      url: page.finalUrl,
      contentLanguage: page.contentLanguage,
    });
    if (!extracted) return failed(`binary content served as ${page.mime}`, page.status);
    if (extracted.text.trim() === "") return failed("no text content could be extracted", page.status);
    return buildResultMessage(
      {
        id,
        conceptId: job.conceptId,
        concept: job.concept,
        url: job.url,
        title: extracted.title,
        content: extracted.text,
        contentType: page.mime,
        retryCount,
        metadata: {
          final_url: page.finalUrl,
          canonical_url: extracted.canonicalUrl,
          lang: extracted.lang,
          byline: extracted.byline,
          excerpt: extracted.excerpt,
          site_name: extracted.siteName,
          published_time: extracted.publishedTime,
          readerable: extracted.readerable,
          status: page.status,
          redirects: page.redirects,
          bytes,
          charset: charset?.charset ?? null,
          charset_source: charset?.source ?? null,
          charset_unknown_label: charset?.unknownLabel ?? null,
          discovered_by: job.discoveredBy,
        },
      },
      deps.maxMessageBytes,
    );
  } catch (error) {
    if (error instanceof FetchFailure) return failed(error.message, error.statusCode);
    if (error instanceof ExtractionError) return failed(error.message);
    if (error instanceof SsrfError) return failed(error.message);
    return failed(`crawl failed: ${(error as Error).message ?? String(error)}`);
  }
}
