import { crawlQueueKeys } from "@qp/schema";

/**
 * Every Redis key the orchestrator uses. The client's key prefix (REDIS_KEY_PREFIX) is applied on top, also
 * to `start_urls`, which the crawler reads with the same prefix.
 */
export const keys = {
  /** HASH: concept_id, concept, created_at, updated_at, validation (JSON). */
  concept: (conceptId: string) => `concept:${conceptId}`,
  /** HASH: URL → JSON `UrlRecord` (status, timestamps, title, chunks, reasons). */
  conceptUrls: (conceptId: string) => `concept:${conceptId}:urls`,
  /**
   * HASH: URL → ISO time a crawler claimed it, written by the crawler (public, like start_urls); the concept
   * view shows such a URL as `crawling` until its result arrives.
   */
  crawling: crawlQueueKeys.crawling,
  /** LIST: crawl jobs; a public interface (see the crawler's README). Producers LPUSH. */
  startUrls: crawlQueueKeys.startUrls,
  /** ZSET: concept ids whose validation runs as a validator job; score = ms when last looked at (sweeper). */
  validationsRunning: "validations:running",
  /** STRING: "processing" / "done" for one QStash message id (idempotency). */
  delivery: (messageId: string) => `qstash:delivery:${messageId}`,
  /** STRING: "processing" / "done" for one signed token's `jti` (a replay with another message id). */
  deliveryToken: (jti: string) => `qstash:jti:${jti}`,
} as const;
