import { setTimeout as sleep } from "node:timers/promises";
import type { PageParsedMessage, PageParseFailedMessage } from "@qp/schema";
import { HttpError, type Redis } from "@qp/service-kit";
import type { Logger } from "pino";
import type { IngestResult } from "../ingest.ts";
import type { ParserMetrics } from "../metrics.ts";
import type { Job, JobQueue } from "./queue.ts";

export type ParseOutcome = PageParsedMessage | PageParseFailedMessage;

export interface JobWorkerDeps {
  queue: JobQueue;
  /** A connection of its own for each loop's blocking BLMOVE. */
  blocking: () => Redis;
  /** Parse and store one page (through the parser's gate, like POST /parse). */
  ingest: (job: Job) => Promise<IngestResult>;
  /** Publish the outcome to the orchestrator (through QStash); throws when the broker refuses or is down. */
  publish: (outcome: ParseOutcome) => Promise<void>;
  logger: Logger;
  metrics?: ParserMetrics;
  /** Loops taking jobs; the gate inside `ingest` still bounds how many pages embed at once. */
  concurrency?: number;
  /** Attempts per job for transient failures (store or model unavailable) before it is reported failed. */
  maxAttempts?: number;
  /** Delay before retry n (1-based): base × 2^(n-1), capped at 60 s. */
  retryBaseMs?: number;
}

export interface JobWorker {
  stop(): Promise<void>;
}

/**
 * Works through the parser's job queue: claim → parse and store → publish `page.parsed` (with the chunk count
 * the store now holds) or `page.parse_failed` → finish. The outcome is saved on the job before it is published,
 * so a publish that fails (QStash down) is retried without parsing again, and a parser killed at any point
 * finds the job in the active list at start (queue.recover) and runs it again: storing is an upsert by stable
 * chunk id, so a second run never duplicates chunks.
 */
export function startJobWorker(deps: JobWorkerDeps): JobWorker {
  const maxAttempts = deps.maxAttempts ?? 5;
  const base = deps.retryBaseMs ?? 5000;
  const backoff = (attempt: number) => Math.min(60_000, base * 2 ** Math.max(0, attempt - 1));
  const abort = new AbortController();
  // Per-page time split (chunk / embed / store ms) for the "page parsed" log line: the pipeline's profile.
  const timings = new Map<string, IngestResult["timings"]>();
  let stopping = false;

  const outcomeOf = async (job: Job): Promise<ParseOutcome | "retry"> => {
    const { message } = job;
    const page = { job_id: job.id, id: message.id, concept_id: message.concept_id, concept: message.concept };
    try {
      const result = await deps.ingest(job);
      timings.set(job.id, result.timings);
      deps.metrics?.pages.inc({ outcome: result.truncated ? "truncated" : "ok" });
      deps.metrics?.chunks.inc(result.written);
      return {
        type: "page.parsed",
        ...page,
        url: message.url,
        chunks: result.documents.length,
        truncated: result.truncated,
        written: result.written,
        parsed_at: new Date().toISOString(),
      };
    } catch (error) {
      const permanent = error instanceof HttpError && error.status < 500;
      if (!permanent && job.attempts < maxAttempts) return "retry";
      deps.metrics?.pages.inc({ outcome: permanent ? "rejected" : "failed" });
      const reason = permanent
        ? `parser refused the page: ${(error as Error).message}`
        : `parser could not store the page after ${job.attempts} attempts: ${(error as Error).message}`;
      return {
        type: "page.parse_failed",
        ...page,
        url: message.url,
        reason: reason.slice(0, 2000),
        permanent,
        ...(error instanceof HttpError ? { status_code: error.status } : {}),
        failed_at: new Date().toISOString(),
      };
    }
  };

  const handle = async (job: Job) => {
    const log = deps.logger.child({
      job_id: job.id,
      concept_id: job.message.concept_id,
      url: job.message.url,
    });
    let outcome: ParseOutcome;
    if (job.outcome) {
      outcome = JSON.parse(job.outcome) as ParseOutcome;
    } else {
      const computed = await outcomeOf(job);
      if (computed === "retry") {
        const delay = backoff(job.attempts);
        deps.metrics?.jobs.inc({ event: "retried" });
        log.warn({ attempts: job.attempts, retry_in_ms: delay }, "parse failed; job retried later");
        await deps.queue.retryLater(job.id, delay);
        return;
      }
      outcome = computed;
      await deps.queue.saveOutcome(job.id, JSON.stringify(outcome));
    }
    try {
      await deps.publish(outcome);
    } catch (error) {
      // Stored but not yet reported: keep the outcome and publish it again later (never parse it again).
      log.warn({ err: error }, "could not publish the parse outcome; retried later");
      await deps.queue.retryLater(job.id, backoff(1));
      return;
    }
    const state = outcome.type === "page.parsed" ? "done" : "failed";
    await deps.queue.finish(job.id, state);
    deps.metrics?.jobs.inc({ event: outcome.type === "page.parsed" ? "parsed" : "failed" });
    const ms = timings.get(job.id);
    timings.delete(job.id);
    if (outcome.type === "page.parsed")
      log.info({ chunks: outcome.chunks, written: outcome.written, ms }, "page parsed");
    else log.warn({ reason: outcome.reason, permanent: outcome.permanent }, "page not parsed");
  };

  const loop = async (blocking: Redis) => {
    while (!stopping) {
      try {
        const job = await deps.queue.claim(blocking, 1);
        if (!job) continue;
        await handle(job);
      } catch (error) {
        // Redis away: the job (if any) stays active and comes back at the next start; wait and go on.
        if (!stopping) deps.logger.error({ err: error }, "parse job loop error");
        await sleep(1000, undefined, { signal: abort.signal }).catch(() => {});
      }
    }
    blocking.disconnect();
  };

  const promoter = setInterval(() => {
    deps.queue
      .promote()
      .catch((error: unknown) => deps.logger.warn({ err: error }, "promote retries failed"));
  }, 1000);
  promoter.unref();

  const loops = (async () => {
    const recovered = await deps.queue.recover().catch((error: unknown) => {
      deps.logger.error({ err: error }, "could not take back the jobs left active");
      return 0;
    });
    if (recovered > 0) deps.logger.info({ recovered }, "jobs left active by the last run queued again");
    await Promise.all(
      Array.from({ length: Math.max(1, deps.concurrency ?? 1) }, () => loop(deps.blocking())),
    );
  })();

  return {
    async stop() {
      stopping = true;
      abort.abort();
      clearInterval(promoter);
      await loops;
    },
  };
}
