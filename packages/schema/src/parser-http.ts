import { z } from "zod";
import { conceptIdSchema, httpUrlSchema } from "./common.ts";

/**
 * The parser's JSON answer to `POST /parse` (a `crawl.result` in the body), read by the orchestrator to mark
 * the URL parsed: `chunks` the page made, `written` the chunks stored this time (0 when a redelivery found
 * them stored already), `truncated` when the page was cut to the chunk limit.
 */
export const parseAnswerSchema = z.strictObject({
  chunks: z.number().int().min(0),
  truncated: z.boolean(),
  written: z.number().int().min(0),
  concept_id: conceptIdSchema,
  url: httpUrlSchema,
});
export type ParseAnswer = z.infer<typeof parseAnswerSchema>;

/** `POST /jobs`'s 202: the page is in the parser's durable queue; its outcome follows as page.parsed / page.parse_failed. */
export const parseJobAcceptedSchema = z.strictObject({
  job_id: z.string().regex(/^[0-9a-f]{32}$/, "must be 32 lowercase hex characters"),
  status: z.enum(["queued", "already_queued"]),
  /** Pages waiting in the queue (this one included). */
  queued: z.number().int().min(0),
});
export type ParseJobAccepted = z.infer<typeof parseJobAcceptedSchema>;
