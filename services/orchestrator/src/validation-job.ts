import type { Logger } from "@qp/service-kit";
import { z } from "zod";
import { boundedReport } from "./handlers/concept-validate.ts";
import type { HandlerConfig } from "./handlers/index.ts";
import type { ConceptStore } from "./store/concept-store.ts";
import type { ConceptView } from "./store/concept-view.ts";

/** `GET {VALIDATOR_URL}/jobs/:id` as the validator answers it. */
const jobSchema = z.object({
  job_id: z.string(),
  status: z.enum(["queued", "running", "done", "failed"]),
  result: z.unknown().optional(),
  error: z.string().optional(),
});

/** How long a concept read may wait on the validator before answering with what it has. */
const JOB_POLL_TIMEOUT_MS = 3000;

/**
 * GET the job. Retried once when the connection breaks before an answer: after a validator restart the
 * first request usually lands on a pooled keep-alive socket the old process closed ("other side closed").
 * A GET is safe to repeat; a timeout is not retried (the read must stay quick).
 */
async function getJob(config: HandlerConfig, jobId: string): Promise<Response> {
  const url = `${config.validatorUrl}/jobs/${encodeURIComponent(jobId)}`;
  const timeoutMs = Math.min(config.validatorTimeoutMs, JOB_POLL_TIMEOUT_MS);
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if ((error as Error).name === "TimeoutError") throw error;
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  }
}

/**
 * A validation the validator accepted as a job (202: the sweep was over its synchronous budget) is stored as
 * `running` with its job id. When someone reads the concept, ask the validator once how the job is doing and
 * store the outcome: done → `completed` with the report, failed → `failed` with its reason, unknown to the
 * validator (it restarted; jobs live in its memory) → `failed`, saying to post the concept again. Returns
 * whether the stored record changed. A validator that does not answer changes nothing: the read still works.
 */
export async function followValidationJob(
  view: ConceptView,
  { store, config, logger }: { store: ConceptStore; config: HandlerConfig; logger: Logger },
): Promise<boolean> {
  const validation = view.validation;
  if (validation?.status !== "running" || !validation.job_id) return false;
  let answer: z.infer<typeof jobSchema> | "gone";
  try {
    const response = await getJob(config, validation.job_id);
    if (response.status === 404) {
      await response.body?.cancel();
      answer = "gone";
    } else if (response.ok) {
      answer = jobSchema.parse(await response.json());
    } else {
      await response.body?.cancel();
      logger.warn({ job_id: validation.job_id, status: response.status }, "validator job status unavailable");
      return false;
    }
  } catch (error) {
    logger.warn({ err: error, job_id: validation.job_id }, "validator job status unavailable");
    return false;
  }
  if (answer !== "gone" && (answer.status === "queued" || answer.status === "running")) return false;
  const now = new Date().toISOString();
  const concept = { concept_id: view.concept_id, concept: view.concept };
  if (answer === "gone") {
    await store.setValidation(concept, {
      ...validation,
      status: "failed",
      updated_at: now,
      reason: `the validator no longer has job ${validation.job_id} (restarted?): post the concept again to re-run it`,
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
  return true;
}
