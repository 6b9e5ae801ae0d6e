import {
  crawlResultMessageSchema,
  EMBEDDING_DIM,
  type EmbedResponse,
  embedRequestSchema,
  type ParseAnswer,
} from "@qp/schema";
import {
  HttpError,
  healthHandler,
  installServiceBasics,
  readJsonBody,
  requireSecret,
  type ServiceEnv,
  validationError,
} from "@qp/service-kit";
import type { VectorStore } from "@qp/vector-store";
import { Hono } from "hono";
import type { Logger } from "pino";
import { z } from "zod";
import { ARROW_STREAM, buildParserTable, toIpcStream } from "./arrow.ts";
import { cleanText } from "./clean.ts";
import type { Embedder } from "./embedder.ts";
import { Gate } from "./gate.ts";
import { DEFAULT_INGEST_OPTIONS, type IngestOptions, ingestPage } from "./ingest.ts";
import type { JobQueue } from "./jobs/queue.ts";
import { createParserMetrics, type ParserMetrics } from "./metrics.ts";
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
  /** The gate and page-run memory, when shared with the job worker (main.ts); else the app makes its own. */
  pages?: PageRuns;
  /** One registry for the app and the job worker; else the app makes its own. */
  metrics?: ParserMetrics;
  /** The durable job queue behind `POST /jobs` (needs Redis); absent = `POST /jobs` answers 503. */
  jobs?: JobQueue;
}

const jobIdSchema = z.string().regex(/^[0-9a-f]{32}$/);

/**
 * The parser's HTTP app: `POST /jobs` (a crawl.result into the durable queue: 202 + job id; the outcome goes
 * to the orchestrator as a `page.parsed` / `page.parse_failed` message, see jobs/worker.ts), `GET /jobs/:id`,
 * `POST /parse` (the same work synchronously; JSON counts, or the design's Arrow table as an IPC stream when
 * `Accept: application/vnd.apache.arrow.stream`), `POST /embed` (query strings → 384-d vectors),
 * `GET /health` (model loaded, store reachable), `GET /metrics`.
 */
export function createApp(deps: ParserDeps): Hono<ServiceEnv> {
  const options: IngestOptions = { ...DEFAULT_INGEST_OPTIONS, ...deps.options };
  const maxBodyBytes = deps.maxBodyBytes ?? 4 * 1024 * 1024;
  const pages = deps.pages ?? new PageRuns(new Gate(deps.parseConcurrency ?? 1));
  const counters = deps.metrics ?? createParserMetrics();
  const metrics = counters.service;
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

  app.post("/jobs", async (c) => {
    const parsed = crawlResultMessageSchema.safeParse(
      await readJsonBody(c.req.raw, { maxBytes: maxBodyBytes }),
    );
    if (!parsed.success) throw validationError(parsed.error, "crawl.result message");
    if (!deps.jobs)
      throw new HttpError(
        503,
        "jobs_unavailable",
        "this parser has no job queue (REDIS_URL and QStash unset)",
      );
    const message = parsed.data;
    // Content that can never become chunks is refused at the door (422), not queued to fail later.
    cleanText(message.content);
    let accepted: Awaited<ReturnType<JobQueue["enqueue"]>>;
    try {
      accepted = await deps.jobs.enqueue(message);
    } catch (error) {
      c.var.logger.error({ err: error }, "job queue unavailable");
      throw new HttpError(503, "queue_unavailable", "the job queue (Redis) is unavailable; retry later");
    }
    counters.queueDepth.set(accepted.depth);
    if (accepted.kind === "full") {
      counters.jobs.inc({ event: "refused" });
      // 503, not 429: the caller did nothing wrong, the parser is behind. QStash retries it later.
      throw new HttpError(
        503,
        "queue_full",
        `the parse queue is full (${accepted.depth} pages waiting); retry later`,
        undefined,
        { "Retry-After": "30" },
      );
    }
    counters.jobs.inc({ event: accepted.kind === "queued" ? "accepted" : "duplicate" });
    c.var.logger.info(
      { job_id: accepted.jobId, url: message.url, concept_id: message.concept_id, depth: accepted.depth },
      accepted.kind === "queued" ? "page queued" : "page already queued",
    );
    return c.json(
      {
        job_id: accepted.jobId,
        status: accepted.kind === "queued" ? "queued" : "already_queued",
        queued: accepted.depth,
      },
      202,
    );
  });

  app.get("/jobs/:id", async (c) => {
    const id = jobIdSchema.safeParse(c.req.param("id"));
    if (!id.success) throw new HttpError(400, "invalid_job_id", "job id must be 32 lowercase hex characters");
    if (!deps.jobs) throw new HttpError(404, "not_found", "no such job");
    const job = await deps.jobs.get(id.data);
    if (!job) throw new HttpError(404, "not_found", "no such job (unknown, or finished over a day ago)");
    return c.json({
      job_id: job.id,
      state: job.state,
      attempts: job.attempts,
      accepted_at: job.acceptedAt,
      concept_id: job.message.concept_id,
      url: job.message.url,
      outcome: job.outcome ? JSON.parse(job.outcome) : null,
    });
  });

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
