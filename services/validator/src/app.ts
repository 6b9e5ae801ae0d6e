import { type BacktestAccepted, backtestRequestSchema, conceptTextSchema } from "@qp/schema";
import type { Logger } from "@qp/service-kit";
import {
  collectHealth,
  createMetrics,
  HttpError,
  installServiceBasics,
  readJsonBody,
  requireSecret,
  type ServiceEnv,
  validationError,
} from "@qp/service-kit";
import { Hono } from "hono";
import { z } from "zod";
import { type BacktestServiceDeps, planBacktest, runPlan, type StoredReport } from "./backtest/service.ts";
import { registerEngineMetrics } from "./engine-metrics.ts";
import type { JobEndNotifier } from "./job-callback.ts";
import { resolveStrategy } from "./resolver/resolve.ts";
import { JobQueue } from "./routes/jobs.ts";
import { CATALOG } from "./strategies/catalog.ts";

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

const resolveBodySchema = z.strictObject({ concept: conceptTextSchema });

/**
 * Largest request body. A back-test request is a strategy, its grid and a few symbols (a few KB); the cap
 * keeps a runaway client from having its body buffered whole.
 */
const MAX_BODY_BYTES = 1024 * 1024;

/** The validator's HTTP app (pure: everything it needs comes in `deps`). */
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

  app.get("/health", async (c) => {
    const body = await collectHealth(
      "validator",
      {
        engine: {
          required: true,
          check: async () => {
            const backend = await deps.engines.backend();
            const auto = backend.gpu ? backend.name : "native";
            return {
              status: "healthy",
              message: `auto engine: ${auto} (gpu_accelerated: ${backend.gpu}); tfjs backend: ${backend.detail}; native threads: ${deps.engines.native.pool.threads}`,
            };
          },
        },
        market_data: {
          required: false,
          check: async () => {
            const symbols = deps.market.symbols();
            return symbols.length
              ? { status: "healthy", message: `${symbols.length} symbols: ${symbols.join(", ")}` }
              : { status: "degraded", message: "no CSV market data found" };
          },
        },
        ...(deps.health ?? {}),
      },
      5000,
    );
    return c.json(body, body.status === "unhealthy" ? 503 : 200);
  });
  app.get("/metrics", metrics.handler);

  app.get("/strategies", (c) =>
    c.json({
      strategies: Object.values(CATALOG).map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        params: t.paramNames,
        defaults: t.defaults,
        grid: t.grid,
      })),
    }),
  );

  app.post("/resolve", async (c) => {
    const parsed = resolveBodySchema.safeParse(await readJsonBody(c.req.raw, { maxBytes: MAX_BODY_BYTES }));
    if (!parsed.success) throw validationError(parsed.error);
    return c.json(
      await resolveStrategy(parsed.data.concept, {
        ...(deps.embed ? { embed: deps.embed } : {}),
        knownSymbols: new Set(deps.market.symbols()),
      }),
    );
  });

  app.post("/backtest", async (c) => {
    const parsed = backtestRequestSchema.safeParse(
      await readJsonBody(c.req.raw, { maxBytes: MAX_BODY_BYTES }),
    );
    if (!parsed.success) throw validationError(parsed.error);
    const plan = await planBacktest(parsed.data, deps);
    if (plan.barSets > deps.maxJobBarSets)
      throw new HttpError(
        413,
        "sweep_too_large",
        `the sweep needs ${plan.barSets.toLocaleString("en")} bar·sets, over the limit of ${deps.maxJobBarSets.toLocaleString("en")}; use a smaller grid or fewer symbols`,
      );
    // tfjs without a GPU (pure JS kernels) is ~1000× slower than native: such runs go to a job much sooner.
    const slowEngine = parsed.data.engine === "tfjs" && !(await deps.engines.backend()).gpu;
    if (plan.barSets * (slowEngine ? 100 : 1) > deps.maxSyncBarSets) {
      const conceptId = parsed.data.concept_id;
      const notify = deps.onJobEnd;
      const job = jobs.submit(
        plan.barSets,
        () => runPlan(plan, deps),
        conceptId && notify ? (ended) => void notify(conceptId, ended.job_id) : undefined,
      );
      const accepted: BacktestAccepted = {
        job_id: job.job_id,
        status_url: `/jobs/${job.job_id}`,
        status: job.status,
        bar_sets: plan.barSets,
      };
      return c.json(accepted, 202, { Location: accepted.status_url });
    }
    return c.json(await runPlan(plan, deps));
  });

  app.get("/jobs/:id", (c) => {
    const job = jobs.get(c.req.param("id"));
    if (!job)
      throw new HttpError(
        404,
        "unknown_job",
        `no job ${c.req.param("id")} (jobs live in memory for an hour)`,
      );
    return c.json(job);
  });

  return Object.assign(app, { jobs });
}
