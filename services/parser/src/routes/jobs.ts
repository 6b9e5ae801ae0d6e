import { crawlResultMessageSchema } from "@qp/schema";
import { HttpError, readJsonBody, type ServiceEnv, validationError } from "@qp/service-kit";
import { Hono } from "hono";
import { z } from "zod";
import { cleanText } from "../clean.ts";
import type { JobQueue } from "../jobs/queue.ts";
import type { ParserMetrics } from "../metrics.ts";

export interface JobRouteDeps {
  /** The durable job queue (needs Redis); absent = `POST /jobs` answers 503 and `GET /jobs/:id` 404. */
  jobs?: JobQueue | undefined;
  metrics: ParserMetrics;
  maxBodyBytes: number;
}

const jobIdSchema = z.string().regex(/^[0-9a-f]{32}$/);

/**
 * `POST /jobs` (a crawl.result into the durable queue: 202 + job id; the outcome goes to the orchestrator as a
 * `page.parsed` / `page.parse_failed` message, see jobs/worker.ts) and `GET /jobs/:id` (its state and outcome).
 */
export function createJobRoutes(deps: JobRouteDeps): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  const counters = deps.metrics;

  routes.post("/jobs", async (c) => {
    const parsed = crawlResultMessageSchema.safeParse(
      await readJsonBody(c.req.raw, { maxBytes: deps.maxBodyBytes }),
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

  routes.get("/jobs/:id", async (c) => {
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

  return routes;
}
