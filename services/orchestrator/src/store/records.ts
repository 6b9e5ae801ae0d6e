import { conceptIdSchema, httpUrlSchema, isoTimestampSchema, strategyRequestSchema } from "@qp/schema";
import { z } from "zod";

/**
 * What the orchestrator keeps in Redis, as zod schemas: every value read back is parsed with these (a value
 * written by an older version, by hand or by another tool is reported, never trusted).
 */

/** A source URL's life: discovered → (crawling, set by a crawler if it reports it) → crawled → parsed, or failed. */
export const urlStatusSchema = z.enum(["discovered", "crawling", "crawled", "parsed", "failed"]);
export type UrlStatus = z.infer<typeof urlStatusSchema>;

export const urlRecordSchema = z.strictObject({
  url: httpUrlSchema,
  status: urlStatusSchema,
  discovered_by: z.string().min(1).max(64),
  discovered_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
  crawled_at: isoTimestampSchema.optional(),
  parsed_at: isoTimestampSchema.optional(),
  failed_at: isoTimestampSchema.optional(),
  title: z.string().max(1000).optional(),
  content_type: z.string().max(255).optional(),
  content_length: z.number().int().min(0).optional(),
  chunks: z.number().int().min(0).optional(),
  truncated: z.boolean().optional(),
  /** Why the URL failed (crawler's reason, or the parser's refusal). */
  reason: z.string().max(2000).optional(),
  status_code: z.number().int().min(100).max(599).optional(),
  /** The last transient problem (parser down, timeout); kept even when a later attempt succeeds. */
  last_error: z.string().max(2000).optional(),
  last_error_at: isoTimestampSchema.optional(),
  /** The parser's job for the last crawl of this page (its outcome message names it). */
  parse_job_id: z.string().max(64).optional(),
});
export type UrlRecord = z.infer<typeof urlRecordSchema>;

export const validationStatusSchema = z.enum(["requested", "running", "completed", "failed"]);

export const validationRecordSchema = z.strictObject({
  status: validationStatusSchema,
  requested_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
  strategy: strategyRequestSchema.optional(),
  /** 202 answers of the validator: its job id and where to poll. */
  job_id: z.string().max(256).optional(),
  status_url: z.string().max(2048).optional(),
  /** 200 answers: the validator's report as it sent it (bounded when stored). */
  report: z.unknown().optional(),
  report_truncated: z.boolean().optional(),
  reason: z.string().max(2000).optional(),
  last_error: z.string().max(2000).optional(),
});
export type ValidationRecord = z.infer<typeof validationRecordSchema>;

/** The concept hash as HGETALL returns it (strings only). */
export const conceptHashSchema = z.strictObject({
  concept_id: conceptIdSchema,
  concept: z.string().min(1).max(500),
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
  validation: z.string().optional(),
});
export type ConceptHash = z.infer<typeof conceptHashSchema>;
