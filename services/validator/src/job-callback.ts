import type { SettleRequest } from "@qp/schema";
import { callService, type Logger, ServiceRefused, ServiceUnavailable } from "@qp/service-kit";

/** Called when a back-test job of a concept ends (done or failed); never throws. */
export type JobEndNotifier = (conceptId: string, jobId: string) => Promise<void>;

export interface JobNotifierOptions {
  /** The orchestrator's base URL; the notice goes to `${orchestratorUrl}/api/validations/settle`. */
  orchestratorUrl: string;
  /** Sent as `Authorization: Bearer` when set (the orchestrator requires it when it has one). */
  serviceToken?: string;
  logger: Logger;
  attempts?: number;
  baseDelayMs?: number;
}

/**
 * Tells the orchestrator that a job ended, so the concept is settled at once instead of when someone reads it.
 * The notice carries only ids: the orchestrator reads the outcome from `GET /jobs/:id` itself. Retried with
 * backoff on 409 (our 202 may not be recorded yet: a job can end before the orchestrator stores it), 5xx and
 * connection errors; given up after `attempts`, which is safe: the orchestrator's sweeper settles what nobody
 * reported.
 */
export function createJobNotifier({
  orchestratorUrl,
  serviceToken,
  logger,
  attempts = 5,
  baseDelayMs = 500,
}: JobNotifierOptions): JobEndNotifier {
  const url = `${orchestratorUrl.replace(/\/+$/, "")}/api/validations/settle`;
  return async (conceptId, jobId) => {
    const notice: SettleRequest = { concept_id: conceptId, job_id: jobId };
    let status = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await callService("orchestrator", url, { body: notice, timeoutMs: 15_000, token: serviceToken });
        logger.info({ concept_id: conceptId, job_id: jobId }, "orchestrator told the job ended");
        return;
      } catch (error) {
        status =
          error instanceof ServiceRefused || error instanceof ServiceUnavailable ? (error.status ?? 0) : 0;
        if (status === 0)
          logger.warn({ err: error, job_id: jobId, attempt }, "could not reach the orchestrator");
        else if (status !== 409 && status < 500) break; // refused for good (401, 400): retrying cannot help
      }
      if (attempt < attempts) await new Promise((done) => setTimeout(done, baseDelayMs * 2 ** (attempt - 1)));
    }
    logger.warn(
      { concept_id: conceptId, job_id: jobId, status },
      "orchestrator not told the job ended; its sweeper will settle it",
    );
  };
}
