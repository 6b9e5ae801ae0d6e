import type { Logger } from "@qp/service-kit";
import {
  type collectHealth,
  createMetrics,
  installServiceBasics,
  requireSecret,
  type ServiceEnv,
} from "@qp/service-kit";
import { Hono } from "hono";
import type { BacktestServiceDeps, StoredReport } from "./backtest/service.ts";
import { registerEngineMetrics } from "./engine-metrics.ts";
import type { JobEndNotifier } from "./job-callback.ts";
import { JobQueue } from "./job-queue.ts";
import { createBacktestRoutes } from "./routes/backtest.ts";
import { createHealthRoutes } from "./routes/health.ts";
import { createResolveRoutes } from "./routes/resolve.ts";
import { createStrategyRoutes } from "./routes/strategies.ts";

export interface AppDeps extends BacktestServiceDeps {
  logger: Logger;
  maxSyncBarSets: number;
  maxJobBarSets: number;
  /** Told when a job of a concept ends (the orchestrator's settle callback); see job-callback.ts. */
  onJobEnd?: JobEndNotifier;
  /** Optional extra health checks (vector store, parser). */
  health?: Parameters<typeof collectHealth>[1];
  /**
   * SERVICE_TOKEN: every route but /health (back-tests, jobs, resolve, strategies, metrics) requires
   * `Authorization: Bearer <it>`. Undefined = open, which main.ts allows on loopback only.
   */
  serviceToken?: string;
}

/**
 * The validator's HTTP app (pure: everything it needs comes in `deps`). Routes: `POST /backtest`,
 * `GET /jobs/:id`, `POST /resolve`, `GET /strategies`, `GET /health`, `GET /metrics`. `jobs` is the queue of
 * sweeps over the synchronous budget (main.ts waits on it at shutdown).
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<ServiceEnv>();
  installServiceBasics(app, deps.logger);
  const metrics = createMetrics("validator");
  app.use("*", metrics.middleware);
  registerEngineMetrics(metrics.registry, deps.engines);
  app.use(
    "*",
    requireSecret({ secret: deps.serviceToken, name: "SERVICE_TOKEN", open: (path) => path === "/health" }),
  );
  const jobs = new JobQueue<StoredReport>(deps.logger);

  app.route("/", createHealthRoutes(deps));
  app.get("/metrics", metrics.handler);
  app.route("/", createStrategyRoutes());
  app.route("/", createResolveRoutes(deps));
  app.route("/", createBacktestRoutes({ ...deps, jobs }));

  return Object.assign(app, { jobs });
}
