import {
  backtestAcceptedSchema,
  type backtestRequestSchema,
  type ConceptValidateMessage,
  gridSizeProblem,
  summariseIssues,
} from "@qp/schema";
import { callService, PermanentError, ServiceRefused, ServiceUnavailable } from "@qp/service-kit";
import type { z } from "zod";
import type { ValidationRecord } from "../store/records.ts";
import { isLastAttempt, type MessageHandler } from "./context.ts";

/**
 * Reports above this many characters of JSON are stored as their top-level scalar fields only. The report page
 * needs each run's chart series and trades (~75 KB for one run, ~200 KB for a concept swept over two templates;
 * the validator shrinks both per run when a concept has many runs), so 2 MiB leaves room without letting a
 * runaway answer fill Redis.
 */
export const MAX_STORED_REPORT_CHARS = 2 * 1024 * 1024;

/** The report as stored: whole when small, else its top-level scalars and `report_truncated`. */
export function boundedReport(report: unknown): { report: unknown; report_truncated?: boolean } {
  if (JSON.stringify(report).length <= MAX_STORED_REPORT_CHARS) return { report };
  const scalars =
    report && typeof report === "object" && !Array.isArray(report)
      ? Object.fromEntries(
          Object.entries(report).filter(
            ([, value]) => value === null || ["string", "number", "boolean"].includes(typeof value),
          ),
        )
      : {};
  return { report: scalars, report_truncated: true };
}

/**
 * `concept.validate`: record that a back-test was requested, call the validator
 * (`POST {VALIDATOR_URL}/backtest` with `{concept_id, concept, strategy?}`) and store what it answered under the
 * concept: a 200 report (completed) or a 202 job id and status URL (running). Same failure mapping as
 * `crawl.result`: 4xx → failed + 489, unavailable → 503 and retried (failed on the last attempt).
 * A grid over the shared MAX_GRID_SETS is refused here, before the validator sees it: failed + 489, so neither
 * this signed message nor any retry of it reaches a validator (issue 12: one such grid took the validator down).
 */
export const handleConceptValidate: MessageHandler<ConceptValidateMessage> = async (message, context) => {
  const { store, logger, config, requestId } = context;
  const requestedAt = new Date().toISOString();
  const base: ValidationRecord = {
    status: "requested",
    requested_at: requestedAt,
    updated_at: requestedAt,
    ...(message.strategy ? { strategy: message.strategy } : {}),
  };
  const tooLarge = gridSizeProblem(message.strategy);
  if (tooLarge && message.strategy) {
    // The record keeps the strategy's name only: a grid of 3000 numbers says nothing the reason does not.
    const { grid: _grid, ...strategy } = message.strategy;
    await store.setValidation(message, { ...base, strategy, status: "failed", reason: tooLarge.message });
    logger.warn({ concept_id: message.concept_id, grid_sets: tooLarge.count }, "strategy grid refused");
    throw new PermanentError(`strategy refused: ${tooLarge.message}`);
  }
  await store.setValidation(message, base);

  let answer: { status: number; body: unknown };
  const request: z.input<typeof backtestRequestSchema> = {
    concept_id: message.concept_id,
    concept: message.concept,
    ...(message.strategy ? { strategy: message.strategy } : {}),
  };
  try {
    answer = await callService("validator", `${config.validatorUrl}/backtest`, {
      body: request,
      timeoutMs: config.validatorTimeoutMs,
      token: config.serviceToken,
      requestId,
    });
  } catch (error) {
    const now = new Date().toISOString();
    if (error instanceof ServiceRefused) {
      await store.setValidation(message, {
        ...base,
        status: "failed",
        updated_at: now,
        reason: error.message,
      });
    } else if (error instanceof ServiceUnavailable) {
      const last = isLastAttempt(context);
      await store.setValidation(message, {
        ...base,
        status: last ? "failed" : "requested",
        updated_at: now,
        last_error: error.message,
        ...(last ? { reason: `${error.message} (after ${context.retried + 1} attempts)` } : {}),
      });
    }
    throw error;
  }

  const now = new Date().toISOString();
  if (answer.status === 202) {
    const accepted = backtestAcceptedSchema.safeParse(answer.body);
    if (!accepted.success)
      throw new ServiceUnavailable(
        "validator",
        `answered 202 outside the job contract: ${summariseIssues(accepted.error)}`,
      );
    const { job_id, status_url } = accepted.data;
    await store.setValidation(message, { ...base, status: "running", updated_at: now, job_id, status_url });
    logger.info({ concept_id: message.concept_id, job_id: accepted.data.job_id }, "validation running");
    return { status: "running", concept_id: message.concept_id, job_id: accepted.data.job_id };
  }
  await store.setValidation(message, {
    ...base,
    status: "completed",
    updated_at: now,
    ...boundedReport(answer.body),
  });
  logger.info({ concept_id: message.concept_id }, "validation completed");
  return { status: "completed", concept_id: message.concept_id };
};
