import { z } from "zod";
import { strategyRequestSchema } from "./backtest.ts";
import {
  conceptIdSchema,
  conceptTextSchema,
  httpUrlSchema,
  isoTimestampSchema,
  metadataSchema,
} from "./common.ts";

/** Largest `content` a `crawl.result` may carry, in characters; the crawler caps pages to fit the broker's size limit. */
export const MAX_CRAWL_CONTENT_CHARS = 900_000;

/** Who found a URL: a discovery provider name (`wikipedia`, `arxiv`, `tavily`…) or `manual`. */
export const discoveredBySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, "must be a short lowercase provider name");

/** A source URL found for a concept; the orchestrator records it and queues a crawl job. */
export const conceptUrlMessageSchema = z.strictObject({
  type: z.literal("concept.url"),
  concept_id: conceptIdSchema,
  concept: conceptTextSchema,
  url: httpUrlSchema,
  discovered_by: discoveredBySchema,
});
export type ConceptUrlMessage = z.infer<typeof conceptUrlMessageSchema>;

/** A crawled page (the design's message schema plus concept, title and content type). */
export const crawlResultMessageSchema = z.strictObject({
  type: z.literal("crawl.result"),
  id: z.string().regex(/^[0-9a-f]{32}$/, "must be 32 lowercase hex characters"),
  concept_id: conceptIdSchema,
  concept: conceptTextSchema,
  url: httpUrlSchema,
  title: z.string().max(1000),
  content: z.string().max(MAX_CRAWL_CONTENT_CHARS),
  content_type: z.string().min(1).max(255),
  timestamp: isoTimestampSchema,
  metadata: metadataSchema,
  retry_count: z.number().int().min(0).max(100).default(0),
});
export type CrawlResultMessage = z.infer<typeof crawlResultMessageSchema>;

/** A URL that could not be crawled, with the reason. */
export const crawlFailedMessageSchema = z.strictObject({
  type: z.literal("crawl.failed"),
  id: z.string().regex(/^[0-9a-f]{32}$/, "must be 32 lowercase hex characters"),
  concept_id: conceptIdSchema,
  concept: conceptTextSchema,
  url: httpUrlSchema,
  reason: z.string().min(1).max(2000),
  status_code: z.number().int().min(100).max(599).optional(),
  timestamp: isoTimestampSchema,
  retry_count: z.number().int().min(0).max(100).default(0),
});
export type CrawlFailedMessage = z.infer<typeof crawlFailedMessageSchema>;

/** Ask the validator to back-test a concept, optionally with an explicit strategy. */
export const conceptValidateMessageSchema = z.strictObject({
  type: z.literal("concept.validate"),
  concept_id: conceptIdSchema,
  concept: conceptTextSchema,
  strategy: strategyRequestSchema.optional(),
});
export type ConceptValidateMessage = z.infer<typeof conceptValidateMessageSchema>;

/** The parser's job id for one accepted page (`POST /jobs`): 32 lowercase hex characters. */
const parseJobIdSchema = z.string().regex(/^[0-9a-f]{32}$/, "must be 32 lowercase hex characters");

/**
 * The parser stored a page: its chunks are in the vector store, `chunks` of them (the count the store now holds
 * for this concept and URL). Published by the parser once the page is written, so the orchestrator's record
 * follows what was actually stored.
 */
export const pageParsedMessageSchema = z.strictObject({
  type: z.literal("page.parsed"),
  job_id: parseJobIdSchema,
  /** The `crawl.result` id the page came with. */
  id: z.string().regex(/^[0-9a-f]{32}$/, "must be 32 lowercase hex characters"),
  concept_id: conceptIdSchema,
  concept: conceptTextSchema,
  url: httpUrlSchema,
  chunks: z.number().int().min(0),
  truncated: z.boolean(),
  /** Chunks this run upserted (by stable id: a re-run of the same page overwrites, never adds). */
  written: z.number().int().min(0),
  parsed_at: isoTimestampSchema,
});
export type PageParsedMessage = z.infer<typeof pageParsedMessageSchema>;

/**
 * The parser gave up on a page: refused it (empty, binary, mis-decoded: `permanent`) or could not store it
 * after its attempts (store or model unavailable). Nothing of this run was stored.
 */
export const pageParseFailedMessageSchema = z.strictObject({
  type: z.literal("page.parse_failed"),
  job_id: parseJobIdSchema,
  id: z.string().regex(/^[0-9a-f]{32}$/, "must be 32 lowercase hex characters"),
  concept_id: conceptIdSchema,
  concept: conceptTextSchema,
  url: httpUrlSchema,
  reason: z.string().min(1).max(2000),
  /** 4xx-like (the page itself is unusable) rather than the parser's own trouble. */
  permanent: z.boolean(),
  status_code: z.number().int().min(100).max(599).optional(),
  failed_at: isoTimestampSchema,
});
export type PageParseFailedMessage = z.infer<typeof pageParseFailedMessageSchema>;

/** Every message that flows through QStash, discriminated on `type`. */
export const pipelineMessageSchema = z.discriminatedUnion("type", [
  conceptUrlMessageSchema,
  crawlResultMessageSchema,
  crawlFailedMessageSchema,
  conceptValidateMessageSchema,
  pageParsedMessageSchema,
  pageParseFailedMessageSchema,
]);
export type PipelineMessage = z.infer<typeof pipelineMessageSchema>;
export type PipelineMessageType = PipelineMessage["type"];
