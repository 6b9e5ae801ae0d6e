import { crawlResultMessageSchema, type ParseAnswer } from "@qp/schema";
import { HttpError, readJsonBody, type ServiceEnv, validationError } from "@qp/service-kit";
import { Hono } from "hono";
import { ARROW_STREAM, buildParserTable, toIpcStream } from "../arrow.ts";
import { type IngestOptions, ingestPage } from "../ingest.ts";
import type { ParserMetrics } from "../metrics.ts";
import type { PageRuns } from "../page-runs.ts";

export interface ParseRouteDeps {
  /** What ingestPage reads (embedder, store, chunk memo). */
  ingest: Parameters<typeof ingestPage>[1];
  options: IngestOptions;
  pages: PageRuns;
  metrics: ParserMetrics;
  maxBodyBytes: number;
}

/**
 * `POST /parse`: a crawl.result parsed, embedded and stored synchronously (the work a job does); JSON counts, or
 * the design's Arrow table as an IPC stream when `Accept: application/vnd.apache.arrow.stream`.
 */
export function createParseRoutes(deps: ParseRouteDeps): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  const counters = deps.metrics;

  routes.post("/parse", async (c) => {
    const parsed = crawlResultMessageSchema.safeParse(
      await readJsonBody(c.req.raw, { maxBytes: deps.maxBodyBytes }),
    );
    if (!parsed.success) throw validationError(parsed.error, "crawl.result message");
    const message = parsed.data;
    const started = performance.now();
    let result: Awaited<ReturnType<typeof ingestPage>>;
    try {
      result = await deps.pages.run(message, () => ingestPage(message, deps.ingest, deps.options));
    } catch (error) {
      counters.pages.inc({
        outcome: error instanceof HttpError && error.status < 500 ? "rejected" : "failed",
      });
      throw error;
    }
    counters.pages.inc({ outcome: result.truncated ? "truncated" : "ok" });
    counters.chunks.inc(result.written);
    counters.embedSeconds.observe((performance.now() - started) / 1000);
    c.var.logger.info(
      {
        url: message.url,
        concept_id: message.concept_id,
        chunks: result.chunks.length,
        truncated: result.truncated,
        stale_deleted: result.deletedStale,
      },
      "page parsed",
    );
    const summary: ParseAnswer = {
      chunks: result.chunks.length,
      truncated: result.truncated,
      written: result.written,
      concept_id: message.concept_id,
      url: message.url,
    };
    if ((c.req.header("accept") ?? "").includes(ARROW_STREAM)) {
      const table = buildParserTable(
        result.documents.map((document, index) => ({
          text: document.text,
          embedding: document.embedding,
          processedAt: result.processedAt,
          metadata: {
            ...message.metadata,
            source_url: document.source_url,
            title: document.title,
            concept: document.concept,
            concept_id: document.concept_id,
            chunk_index: document.chunk_index,
            token_count: result.chunks[index]?.tokens ?? null,
            content_type: message.content_type,
            message_id: message.id,
            parser_version: document.parser_version,
          },
        })),
      );
      return c.body(toIpcStream(table) as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": ARROW_STREAM,
        "X-Chunks": String(summary.chunks),
        "X-Truncated": String(summary.truncated),
        "X-Written": String(summary.written),
      });
    }
    return c.json(summary);
  });

  return routes;
}
