import { stableId } from "@qp/schema";
import { decodeBody } from "./charset.ts";
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
    const html = HTML_TYPES.has(page.mime);
    const decoded = decodeBody(page.body, page.contentType, html);
    // A NUL in the first few KB means a binary file served with a text type (image as text/html, etc.).
    if (decoded.text.slice(0, 8192).includes("\u0000")) {
      return failed(`binary content served as ${page.mime}`, page.status);
    }
    const extracted = await deps.extractor.extract({
      kind: html ? "html" : "text",
      body: decoded.text,
      url: page.finalUrl,
      contentLanguage: page.contentLanguage,
    });
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
          bytes: page.body.length,
          charset: decoded.charset,
          charset_source: decoded.source,
          charset_unknown_label: decoded.unknownLabel ?? null,
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
