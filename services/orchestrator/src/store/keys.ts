/**
 * Every Redis key the orchestrator uses. The client's key prefix (REDIS_KEY_PREFIX) is applied on top, also
 * to `start_urls`, which the crawler reads with the same prefix.
 */
export const keys = {
  /** HASH: concept_id, concept, created_at, updated_at, validation (JSON). */
  concept: (conceptId: string) => `concept:${conceptId}`,
  /** HASH: URL → JSON `UrlRecord` (status, timestamps, title, chunks, reasons). */
  conceptUrls: (conceptId: string) => `concept:${conceptId}:urls`,
  /** LIST: crawl jobs; a public interface (see INTERFACES.md). Producers LPUSH. */
  startUrls: "start_urls",
  /** STRING: "processing" / "done" for one QStash message id (idempotency). */
  delivery: (messageId: string) => `qstash:delivery:${messageId}`,
} as const;
