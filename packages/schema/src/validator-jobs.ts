import { z } from "zod";
import { conceptIdSchema, isoTimestampSchema } from "./common.ts";

/**
 * The validator's back-test jobs as the orchestrator sees them: the 202 answer of `POST /backtest` for sweeps
 * over the synchronous budget, `GET /jobs/:id`, and the validator's `POST /api/validations/settle` notice
 * to the orchestrator when one ends.
 */

export const validatorJobStatusSchema = z.enum(["queued", "running", "done", "failed"]);
export type ValidatorJobStatus = z.infer<typeof validatorJobStatusSchema>;

const jobIdSchema = z.string().min(1).max(256);

/** `POST /backtest` → 202: the job to poll (`status_url`, also in `Location`). */
export const backtestAcceptedSchema = z.strictObject({
  job_id: jobIdSchema,
  status_url: z.string().min(1).max(2048),
  status: validatorJobStatusSchema,
  bar_sets: z.number().int().min(0),
});
export type BacktestAccepted = z.infer<typeof backtestAcceptedSchema>;

/** `GET /jobs/:id`: the job; `result` (the report) once done, `error` once failed. */
export const validatorJobSchema = z.strictObject({
  job_id: jobIdSchema,
  status: validatorJobStatusSchema,
  created_at: isoTimestampSchema,
  finished_at: isoTimestampSchema.optional(),
  bar_sets: z.number().int().min(0),
  result: z.unknown().optional(),
  error: z.string().optional(),
});
/** The job with its result typed as the validator produces it (`unknown` to readers). */
export type ValidatorJob<T = unknown> = Omit<z.infer<typeof validatorJobSchema>, "result"> & { result?: T };

/**
 * `POST /api/validations/settle` (validator → orchestrator): which job ended. Only ids: the orchestrator
 * reads the outcome from `GET /jobs/:id` itself, so a forged notice can at most make it ask.
 */
export const settleRequestSchema = z.strictObject({
  concept_id: conceptIdSchema,
  job_id: jobIdSchema,
});
export type SettleRequest = z.infer<typeof settleRequestSchema>;
