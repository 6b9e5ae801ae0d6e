import type { QstashReceiverOptions } from "@qp/messaging";
import {
  createMetrics,
  type HealthCheck,
  HttpError,
  handleError,
  healthHandler,
  installServiceBasics,
  type Logger,
  PermanentError,
  type Redis,
  requireSecret,
  type ServiceEnv,
  TransientError,
} from "@qp/service-kit";
import { Hono } from "hono";
import type { HandlerConfig } from "./handlers/index.ts";
import { cached, qstashCheck, redisCheck, serviceCheck } from "./health.ts";
import { type BackupDeps, createBackupRoutes } from "./routes/backups.ts";
import { createConceptRoutes } from "./routes/concepts.ts";
import { createQstashRoutes } from "./routes/qstash.ts";
import { createReportRoutes } from "./routes/report.ts";
import { createSearchRoutes, type SearchDeps } from "./routes/search.ts";
import { createValidationRoutes } from "./routes/validations.ts";
import { createConceptStore } from "./store/concept-store.ts";

export interface AppDeps {
  redis: Redis;
  logger: Logger;
  /** Signing keys (and PUBLIC_URL for the `sub` check) for deliveries to /api/qstash. */
  signing: QstashReceiverOptions;
  /** Parser and validator endpoints and their deadlines. */
  config: HandlerConfig;
  /** The broker, for /health only (the orchestrator receives; it does not publish). */
  qstash?: { url: string; token: string } | undefined;
  /** Retries the publishers ask for; default DELIVERY_POLICY.retries. */
  maxRetries?: number;
  /** Semantic search over the vector store (`GET /api/search`); the route is absent without it. */
  search?: SearchDeps;
  /** `POST /api/backups` (run/latest absent: the route answers 503 not_configured). */
  backup?: Pick<BackupDeps, "run" | "latest"> | undefined;
  /** Prometheus default process metrics; off in tests that build many apps. */
  defaultMetrics?: boolean;
  /**
   * API_KEY: everything but `/health`, `/api/qstash` (signed deliveries) and `/api/validations/settle`
   * (SERVICE_TOKEN) requires it as `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Undefined = open, which main.ts allows on loopback only.
   */
  apiKey?: string;
  /** How long /health reuses the broker's DLQ answer (default 15 s; each probe is a management API call). */
  qstashHealthTtlMs?: number;
}

/**
 * Paths that need no API key: the health probe, deliveries (authenticated by their QStash signature), the
 * validator's callback (authenticated by SERVICE_TOKEN in its route) and backups (a signed schedule delivery or
 * SERVICE_TOKEN, checked in its route).
 */
const OPEN_PATHS = new Set(["/health", "/api/qstash", "/api/validations/settle", "/api/backups"]);

function isUnclassified(error: Error): boolean {
  return !(error instanceof HttpError || error instanceof PermanentError || error instanceof TransientError);
}

/**
 * The orchestrator's HTTP app, pure: everything it talks to comes in `deps`. Routes: `POST /api/qstash`
 * (signed QStash deliveries of every pipeline message), `GET /api/concepts/:id`, `GET /api/concepts/:id/summary`,
 * `POST /api/validations/settle` (the validator's word that a job ended), `POST /api/backups` (nightly schedule), `GET /concepts/:id/report` (HTML),
 * `GET /api/search` (when `deps.search` is given), `GET /health`, `GET /metrics`.
 */
export function createApp(deps: AppDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  installServiceBasics(app, deps.logger);
  // A Redis outage surfaces as whatever ioredis throws (MaxRetriesPerRequestError, "Connection is closed"):
  // while the client is not ready that is "unavailable, try again" (503), not an internal error (500).
  app.onError((error, c) =>
    handleError(
      deps.redis.status !== "ready" && isUnclassified(error)
        ? new TransientError("the concept store (Redis) is unavailable; try again shortly")
        : error,
      c,
    ),
  );
  const metrics = createMetrics("orchestrator", { defaults: deps.defaultMetrics ?? true });
  app.use("*", metrics.middleware);
  app.use(
    "*",
    requireSecret({
      secret: deps.apiKey,
      name: "API_KEY",
      apiKeyHeader: true,
      open: (path) => OPEN_PATHS.has(path),
    }),
  );

  const checks: Record<string, HealthCheck> = {
    redis: { check: redisCheck(deps.redis), required: true },
    parser: { check: serviceCheck(deps.config.parserUrl), required: false },
    validator: { check: serviceCheck(deps.config.validatorUrl), required: false },
  };
  if (deps.search) {
    const vectorStore = deps.search.vectorStore;
    checks.vector_store = { check: () => vectorStore.health(), required: false };
  }
  if (deps.qstash) {
    checks.qstash = {
      check: cached(qstashCheck(deps.qstash.url, deps.qstash.token), deps.qstashHealthTtlMs ?? 15_000),
      required: false,
    };
  }
  app.get("/health", healthHandler("orchestrator", checks));
  app.get("/metrics", metrics.handler);

  const store = createConceptStore(deps.redis, deps.logger);
  app.route(
    "/api",
    createQstashRoutes({
      redis: deps.redis,
      store,
      signing: deps.signing,
      config: deps.config,
      registry: metrics.registry,
      maxRetries: deps.maxRetries,
    }),
  );
  app.route(
    "/api",
    createBackupRoutes({
      ...deps.backup,
      signing: deps.signing,
      ...(deps.signing.publicUrl ? { publicUrl: deps.signing.publicUrl } : {}),
      ...(deps.config.serviceToken ? { serviceToken: deps.config.serviceToken } : {}),
      registry: metrics.registry,
      logger: deps.logger,
    }),
  );
  app.route("/api", createConceptRoutes({ redis: deps.redis, logger: deps.logger }));
  app.route(
    "/api",
    createValidationRoutes({ redis: deps.redis, logger: deps.logger, store, config: deps.config }),
  );
  if (deps.search) app.route("/api", createSearchRoutes(deps.search));
  app.route(
    "/",
    createReportRoutes({
      redis: deps.redis,
      logger: deps.logger,
      ...(deps.search ? { search: deps.search } : {}),
    }),
  );
  return app;
}
