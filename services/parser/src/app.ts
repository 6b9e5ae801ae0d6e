import { installServiceBasics, requireSecret, type ServiceEnv } from "@qp/service-kit";
import type { VectorStore } from "@qp/vector-store";
import { Hono } from "hono";
import type { Logger } from "pino";
import type { Embedder } from "./embedder.ts";
import { Gate } from "./gate.ts";
import { DEFAULT_INGEST_OPTIONS, type IngestOptions } from "./ingest.ts";
import type { JobQueue } from "./jobs/queue.ts";
import { createParserMetrics, type ParserMetrics } from "./metrics.ts";
import { PageRuns } from "./page-runs.ts";
import { createEmbedRoutes } from "./routes/embed.ts";
import { createHealthRoutes } from "./routes/health.ts";
import { createJobRoutes } from "./routes/jobs.ts";
import { createParseRoutes } from "./routes/parse.ts";

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

/**
 * The parser's HTTP app (pure: everything it needs comes in `deps`). Routes: `POST /jobs` and `GET /jobs/:id`
 * (routes/jobs.ts), `POST /parse` (routes/parse.ts), `POST /embed` (routes/embed.ts), `GET /health`
 * (routes/health.ts), `GET /metrics`.
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

  app.route("/", createHealthRoutes(deps));
  app.get("/metrics", metrics.handler);
  app.route("/", createJobRoutes({ jobs: deps.jobs, metrics: counters, maxBodyBytes }));
  app.route("/", createParseRoutes({ ingest: deps, options, pages, metrics: counters, maxBodyBytes }));
  app.route(
    "/",
    createEmbedRoutes({ embedder: deps.embedder, batchSize: options.batchSize, metrics: counters }),
  );

  return app;
}
