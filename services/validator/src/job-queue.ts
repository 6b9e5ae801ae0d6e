import { randomUUID } from "node:crypto";
import type { ValidatorJob } from "@qp/schema";
import { type Logger, scrubPaths } from "@qp/service-kit";

/** A job as `GET /jobs/:id` answers it (`validatorJobSchema` of @qp/schema). */
export type Job<T> = ValidatorJob<T>;

/**
 * In-memory jobs for sweeps over the synchronous budget: one runs at a time (the CPU is the bottleneck,
 * running two would only slow both), finished ones are kept for `ttlMs`. A restart loses them; callers
 * holding a job id then get 404 and re-submit (the request is deterministic).
 */
export class JobQueue<T> {
  private readonly jobs = new Map<string, Job<T>>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly logger: Logger,
    private readonly ttlMs = 3_600_000,
  ) {}

  /** `onEnd` runs after the job is done or failed (it must not throw; the queue does not wait on it). */
  submit(barSets: number, work: () => Promise<T>, onEnd?: (job: Job<T>) => void): Job<T> {
    this.prune();
    const job: Job<T> = {
      job_id: randomUUID(),
      status: "queued",
      created_at: new Date().toISOString(),
      bar_sets: barSets,
    };
    this.jobs.set(job.job_id, job);
    this.chain = this.chain.then(async () => {
      job.status = "running";
      try {
        job.result = await work();
        job.status = "done";
      } catch (error) {
        job.status = "failed";
        // Clients read this: no server file paths (a CSV's location); the log line keeps them.
        job.error = scrubPaths((error as Error).message);
        this.logger.error({ err: error, job_id: job.job_id }, "backtest job failed");
      }
      job.finished_at = new Date().toISOString();
      onEnd?.(job);
    });
    return job;
  }

  get(id: string): Job<T> | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when every job submitted so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  private prune(): void {
    const cutoff = Date.now() - this.ttlMs;
    for (const [id, job] of this.jobs)
      if (job.finished_at && Date.parse(job.finished_at) < cutoff) this.jobs.delete(id);
  }
}
