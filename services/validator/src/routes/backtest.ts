import { type BacktestAccepted, backtestRequestSchema } from "@qp/schema";
import { HttpError, readJsonBody, type ServiceEnv, validationError } from "@qp/service-kit";
import { Hono } from "hono";
import { type BacktestServiceDeps, planBacktest, runPlan, type StoredReport } from "../backtest/service.ts";
import type { JobEndNotifier } from "../job-callback.ts";
import type { JobQueue } from "../job-queue.ts";
import { MAX_BODY_BYTES } from "./body-limit.ts";

export interface BacktestRouteDeps extends BacktestServiceDeps {
  jobs: JobQueue<StoredReport>;
  maxSyncBarSets: number;
  maxJobBarSets: number;
  onJobEnd?: JobEndNotifier | undefined;
}

/**
 * `POST /backtest`: the report at once (200) when the sweep is within `maxSyncBarSets`, else a job (202 with
 * its status URL; the concept's `onJobEnd` is told when it ends); 413 over `maxJobBarSets`.
 * `GET /jobs/:id`: a job's status and, once done, its report.
 */
export function createBacktestRoutes(deps: BacktestRouteDeps): Hono<ServiceEnv> {
  const { jobs } = deps;
  const routes = new Hono<ServiceEnv>();
  routes.post("/backtest", async (c) => {
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

  routes.get("/jobs/:id", (c) => {
    const job = jobs.get(c.req.param("id"));
    if (!job)
      throw new HttpError(
        404,
        "unknown_job",
        `no job ${c.req.param("id")} (jobs live in memory for an hour)`,
      );
    return c.json(job);
  });
  return routes;
}
