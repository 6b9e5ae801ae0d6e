import { type ValidatorJob, validatorJobSchema } from "@qp/schema";
import { callService, type Logger, type Redis, ServiceRefused } from "@qp/service-kit";
import { boundedReport } from "./handlers/concept-validate.ts";
import type { HandlerConfig } from "./handlers/index.ts";
import type { ConceptStore } from "./store/concept-store.ts";
import { readConcept } from "./store/concept-view.ts";
import { keys } from "./store/keys.ts";

/** How long one job lookup may take; the settle callback and the sweeper both stay quick. */
const JOB_LOOKUP_TIMEOUT_MS = 10_000;

export interface SettleDeps {
  redis: Redis;
  store: ConceptStore;
  config: HandlerConfig;
  logger: Logger;
}

/**
 * What settling found: `settled` (the record now says completed or failed), `pending` (the job is still
 * queued or running), `not_running` (no running validation with that job id: never was, not yet stored, or
 * already settled), `already_settled` (that very job was settled before), `unavailable` (the validator did not answer; nothing changed).
 */
export type SettleOutcome = "settled" | "already_settled" | "pending" | "not_running" | "unavailable";

/**
 * Settle a validation the validator accepted as a job (202). Called when the validator says the job ended
 * (`POST /api/validations/settle`) and by the sweeper for jobs nobody reported (validator restarted, callback
 * lost); never by a read. The validator's own `GET /jobs/:id` is the truth, not the caller's word: done →
 * `completed` with the report, failed → `failed` with its reason, unknown to the validator (it restarted;
 * jobs live in its memory) → `failed`, saying to post the concept again. `expectJobId` limits it to one job.
 */
export async function settleValidationJob(
  conceptId: string,
  deps: SettleDeps,
  expectJobId?: string,
): Promise<SettleOutcome> {
  const { store, config, logger } = deps;
  const view = await readConcept(deps.redis, logger, conceptId);
  const validation = view?.validation;
  if (expectJobId !== undefined && validation?.job_id !== expectJobId) return "not_running";
  if (validation?.status === "completed" || validation?.status === "failed") {
    return expectJobId !== undefined ? "already_settled" : "not_running";
  }
  if (!view || validation?.status !== "running" || !validation.job_id) return "not_running";
  let answer: ValidatorJob | "gone";
  try {
    const { body } = await callService(
      "validator",
      `${config.validatorUrl}/jobs/${encodeURIComponent(validation.job_id)}`,
      {
        timeoutMs: Math.min(config.validatorTimeoutMs, JOB_LOOKUP_TIMEOUT_MS),
        token: config.serviceToken,
        // After a validator restart the first lookup usually lands on a pooled keep-alive socket the old
        // process closed ("other side closed"): one more try on a fresh connection.
        retryBrokenConnection: true,
      },
    );
    answer = validatorJobSchema.parse(body);
  } catch (error) {
    if (error instanceof ServiceRefused && error.status === 404) {
      answer = "gone";
    } else {
      logger.warn({ err: error, job_id: validation.job_id }, "validator job status unavailable");
      return "unavailable";
    }
  }
  if (answer !== "gone" && (answer.status === "queued" || answer.status === "running")) return "pending";
  const now = new Date().toISOString();
  const concept = { concept_id: view.concept_id, concept: view.concept };
  if (answer === "gone") {
    await store.setValidation(concept, {
      ...validation,
      status: "failed",
      updated_at: now,
      reason: `the validator no longer has job ${validation.job_id} (it restarted?): post the concept again to re-run the back-test`,
    });
  } else if (answer.status === "failed") {
    await store.setValidation(concept, {
      ...validation,
      status: "failed",
      updated_at: now,
      reason: `validator job failed: ${(answer.error ?? "no reason given").slice(0, 1900)}`,
    });
  } else {
    await store.setValidation(concept, {
      ...validation,
      status: "completed",
      updated_at: now,
      ...boundedReport(answer.result ?? null),
    });
  }
  logger.info({ concept_id: view.concept_id, job_id: validation.job_id }, "validation job settled");
  return "settled";
}

export interface ValidationSweeper {
  /** Check every running validation not checked for `checkAfterMs`; returns what each check found. */
  runOnce(now?: number): Promise<Array<{ concept_id: string; outcome: SettleOutcome }>>;
  start(): void;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/**
 * The backstop for jobs nobody reported: a validator that restarted forgot its jobs, and a callback can be
 * lost. Running validations are indexed in `validations:running` (ZSET, score = when last looked at, kept by
 * the store); every `intervalMs` the ones older than `checkAfterMs` are settled. A job that is gone ends
 * `failed` with what to do; one still running is looked at again later.
 */
export function createValidationSweeper(
  deps: SettleDeps & { intervalMs: number; checkAfterMs: number; batch?: number },
): ValidationSweeper {
  const { redis, logger } = deps;
  let timer: NodeJS.Timeout | undefined;
  const runOnce = async (now = Date.now()) => {
    const due = await redis.zrangebyscore(
      keys.validationsRunning,
      "-inf",
      now - deps.checkAfterMs,
      "LIMIT",
      0,
      deps.batch ?? 50,
    );
    const results: Array<{ concept_id: string; outcome: SettleOutcome }> = [];
    for (const conceptId of due) {
      // Look again later unless this check settles it (setValidation then removes it from the index).
      await redis.zadd(keys.validationsRunning, "XX", now, conceptId);
      const outcome = await settleValidationJob(conceptId, deps).catch((error: unknown) => {
        logger.error({ err: error, concept_id: conceptId }, "validation check failed");
        return "unavailable" as const;
      });
      if (outcome === "not_running") await redis.zrem(keys.validationsRunning, conceptId);
      results.push({ concept_id: conceptId, outcome });
    }
    return results;
  };
  let inFlight: Promise<unknown> | undefined;
  return {
    runOnce,
    start() {
      timer ??= setInterval(() => {
        if (inFlight) return; // the previous sweep is still going (a slow validator): skip this tick
        inFlight = runOnce()
          .catch((error: unknown) => logger.error({ err: error }, "validation sweep failed"))
          .finally(() => {
            inFlight = undefined;
          });
      }, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
