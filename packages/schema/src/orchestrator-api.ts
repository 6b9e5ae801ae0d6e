import { z } from "zod";
import { strategyRequestSchema } from "./backtest.ts";
import { conceptIdSchema, httpUrlSchema, isoTimestampSchema } from "./common.ts";

/**
 * The orchestrator's read API as others see it: `GET /api/concepts/:id` (the concept view) and `GET /api/search`.
 * The orchestrator types its answers with these and `pnpm research` parses them with the same schemas, so a
 * change on one side that the other does not follow fails a test instead of a person's run.
 */

/** A source URL's life: discovered → (crawling, set by a crawler if it reports it) → crawled → parsed, or failed. */
export const urlStatusSchema = z.enum(["discovered", "crawling", "crawled", "parsed", "failed"]);
export type UrlStatus = z.infer<typeof urlStatusSchema>;

/** One source of a concept, as the orchestrator keeps it in Redis and shows it in the concept view. */
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

/** The concept's back-test, as the orchestrator keeps it and shows it. */
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

/**
 * A concept's place in the pipeline, earliest unfinished stage first: `discovered` (URLs known, no crawler has
 * claimed one yet) → `crawling` → `parsing` (every page fetched, some still with the parser) → `validating`
 * (sources settled, the back-test not yet) → `done`; or `partial` / `failed` once nothing is left to wait for.
 */
export const conceptStatusSchema = z.enum([
  "discovered",
  "crawling",
  "parsing",
  "validating",
  "done",
  "partial",
  "failed",
]);
export type ConceptStatus = z.infer<typeof conceptStatusSchema>;

const count = z.number().int().min(0);

/** `GET /api/concepts/:id`: the concept's status, sources, failures and back-test, read back from Redis. */
export const conceptViewSchema = z.strictObject({
  concept_id: conceptIdSchema,
  /** Empty when the concept hash is unreadable (then `unreadable` says why). */
  concept: z.string(),
  status: conceptStatusSchema,
  /** Why the concept is `partial` or `failed`, in plain words; empty otherwise. */
  reasons: z.array(z.string()),
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
  counts: z.strictObject({
    discovered: count,
    crawling: count,
    crawled: count,
    parsed: count,
    failed: count,
    total: count,
  }),
  chunks_total: count,
  sources: z.array(urlRecordSchema.extend({ crawl_started_at: isoTimestampSchema.optional() })),
  failures: z.array(
    z.strictObject({
      url: z.string(),
      reason: z.string(),
      status_code: z.number().int().optional(),
      at: isoTimestampSchema,
    }),
  ),
  validation: validationRecordSchema.nullable(),
  /** Values in Redis that did not pass validation: reported, never guessed at. */
  unreadable: z.array(z.strictObject({ key: z.string(), message: z.string() })).optional(),
});
export type ConceptView = z.infer<typeof conceptViewSchema>;

/** `GET /api/search` query: unknown parameters are rejected like unknown body fields. */
export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, "q must not be empty").max(500, "q must be at most 500 characters"),
  concept: conceptIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** One chunk found by `GET /api/search`: its source, text and cosine score (4 decimals). */
export const searchResultSchema = z.strictObject({
  url: z.string(),
  title: z.string(),
  text: z.string(),
  score: z.number(),
  chunk_index: z.number().int().min(0),
  /** As the vector store holds it (any string there). */
  concept_id: z.string(),
  concept: z.string(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

/** `GET /api/search` answer: the query as understood and the nearest chunks, best first. */
export const searchAnswerSchema = z.strictObject({
  query: z.string(),
  concept: conceptIdSchema.nullable(),
  limit: z.number().int().min(1).max(50),
  count,
  results: z.array(searchResultSchema),
});
export type SearchAnswer = z.infer<typeof searchAnswerSchema>;
