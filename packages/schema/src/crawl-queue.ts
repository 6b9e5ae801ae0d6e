import { z } from "zod";
import { conceptIdSchema, conceptTextSchema, httpUrlSchema, isoTimestampSchema } from "./common.ts";
import { discoveredBySchema } from "./messages.ts";

/**
 * The crawl queue in Redis: producers (the orchestrator, scripts, a person with redis-cli) push jobs onto
 * `start_urls`; the crawler claims them and marks what it holds in `crawling:{concept_id}`, which the
 * orchestrator's concept view reads. Both services name these keys from here. A client's key prefix
 * (REDIS_KEY_PREFIX) applies on top of them, in both services alike.
 */
export const crawlQueueKeys = {
  /** LIST: crawl jobs (a public interface: any producer may LPUSH a job or a bare URL). */
  startUrls: "start_urls",
  /** HASH: URL → ISO time a crawler claimed it; the concept view shows the URL as `crawling` meanwhile. */
  crawling: (conceptId: string) => `crawling:${conceptId}`,
  /**
   * LIST: jobs the crawler gave up on, newest first, as `crawlDeadLetterSchema` entries (the crawler names it
   * `{its list}:dead`, so this is the default list's).
   */
  dead: "start_urls:dead",
} as const;

/**
 * One job on `start_urls` as any producer may write it. One rule for both sides: the fields follow the
 * `concept.url` message the orchestrator builds its jobs from (the concept as `conceptTextSchema`, the
 * provider as a short lowercase name), so a job the orchestrator writes is always one the crawler takes.
 * `concept_id` and `concept` may be left out together (the crawler files the URL under its default concept);
 * a `concept_id` without its `concept` text is refused, since nobody could tell whose concept it is.
 */
export const crawlJobSchema = z
  .strictObject({
    url: httpUrlSchema,
    concept_id: conceptIdSchema.optional(),
    concept: conceptTextSchema.optional(),
    discovered_by: discoveredBySchema.optional(),
  })
  .refine((job) => job.concept_id === undefined || job.concept !== undefined, {
    error: "concept_id without concept",
    path: ["concept"],
  });
export type CrawlJob = z.infer<typeof crawlJobSchema>;

/** The job the orchestrator queues for a `concept.url`: every field present. */
export type QueuedCrawlJob = { [K in keyof CrawlJob]-?: Exclude<CrawlJob[K], undefined> };

/**
 * One entry of `start_urls:dead`: the job exactly as it was queued (`job`, raw text: it may be the very thing
 * that was not a valid job), why the crawler gave up on it and when. Written by the crawler, read by whoever
 * audits the pipeline.
 */
export const crawlDeadLetterSchema = z.strictObject({
  job: z.string(),
  reason: z.string(),
  at: isoTimestampSchema,
});
export type CrawlDeadLetter = z.infer<typeof crawlDeadLetterSchema>;
