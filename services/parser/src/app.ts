import {
  crawlResultMessageSchema,
  EMBEDDING_DIM,
  type EmbedResponse,
  embedRequestSchema,
  type ParseAnswer,
} from "@qp/schema";
import {
  createMetrics,
  HttpError,
  healthHandler,
  installServiceBasics,
  readJsonBody,
  requireSecret,
  type ServiceEnv,
  type ServiceMetrics,
  validationError,
} from "@qp/service-kit";
import type { VectorStore } from "@qp/vector-store";
import { Hono } from "hono";
import type { Logger } from "pino";
import { Counter, Histogram } from "prom-client";
import { ARROW_STREAM, buildParserTable, toIpcStream } from "./arrow.ts";
import type { Embedder } from "./embedder.ts";
import { Gate } from "./gate.ts";
import { DEFAULT_INGEST_OPTIONS, type IngestOptions, ingestPage } from "./ingest.ts";
import { PageRuns } from "./page-runs.ts";

export interface ParserDeps {
  embedder: Embedder;
  store: VectorStore;
  logger: Logger;
  options?: Partial<IngestOptions>;
  /** Largest request body in bytes (a 900,000-character page of 3-byte characters fits). */
  maxBodyBytes?: number;
  /**
   * SERVICE_TOKEN: every route but /health requires `Authorization: Bearer <it>` (an open /parse would let
   * anyone write chunks into the store). Undefined = open, which main.ts allows on loopback only.
   */
  serviceToken?: string;
  /** Pages parsed at once (default 1: see gate.ts); the others wait, and leave if their caller gives up. */
  parseConcurrency?: number;
}

function parserMetrics(metrics: ServiceMetrics) {
  return {
    pages: new Counter({
      name: "parser_pages_total",
      help: "Pages parsed, by outcome",
      labelNames: ["outcome"] as const,
      registers: [metrics.registry],
    }),
    chunks: new Counter({
      name: "parser_chunks_total",
      help: "Chunks embedded and stored",
      registers: [metrics.registry],
    }),
    embedSeconds: new Histogram({
      name: "parser_embed_seconds",
      help: "Time to embed one request's texts",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [metrics.registry],
    }),
  };
}

/**
 * The parser's HTTP app: `POST /parse` (a crawl.result → chunks in the vector store; JSON counts, or the
 * design's Arrow table as an IPC stream when `Accept: application/vnd.apache.arrow.stream`), `POST /embed`
 * (query strings → 384-d vectors), `GET /health` (model loaded, store reachable), `GET /metrics`.
 */
export function createApp(deps: ParserDeps): Hono<ServiceEnv> {
  const options: IngestOptions = { ...DEFAULT_INGEST_OPTIONS, ...deps.options };
  const maxBodyBytes = deps.maxBodyBytes ?? 4 * 1024 * 1024;
  const pages = new PageRuns(new Gate(deps.parseConcurrency ?? 1));
  const metrics = createMetrics("parser");
  const counters = parserMetrics(metrics);
  const app = new Hono<ServiceEnv>();
  installServiceBasics(app, deps.logger);
  app.use("*", metrics.middleware);
  app.use(
    "*",
    requireSecret({ secret: deps.serviceToken, name: "SERVICE_TOKEN", open: (path) => path === "/health" }),
  );

  app.get("/health", async (c) => {
    const handler = healthHandler("parser", {
      model: {
        check: async () => {
          await deps.embedder.load();
          return { status: "healthy" };
        },
      },
      store: { check: () => deps.store.health() },
    });
    return handler(c, async () => {});
  });
  app.get("/metrics", metrics.handler);

  app.post("/parse", async (c) => {
    const parsed = crawlResultMessageSchema.safeParse(
      await readJsonBody(c.req.raw, { maxBytes: maxBodyBytes }),
    );
    if (!parsed.success) throw validationError(parsed.error, "crawl.result message");
    const message = parsed.data;
    const started = performance.now();
    let result: Awaited<ReturnType<typeof ingestPage>>;
    try {
      result = await pages.run(message, () => ingestPage(message, deps, options));
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

  app.post("/embed", async (c) => {
    const parsed = embedRequestSchema.safeParse(await readJsonBody(c.req.raw, { maxBytes: 1024 * 1024 }));
    if (!parsed.success) throw validationError(parsed.error);
    const started = performance.now();
    const embeddings = await deps.embedder.embed(parsed.data.texts, options.batchSize);
    counters.embedSeconds.observe((performance.now() - started) / 1000);
    const answer: EmbedResponse = { embeddings, model: deps.embedder.modelId, dim: EMBEDDING_DIM };
    return c.json(answer);
  });

  return app;
}
