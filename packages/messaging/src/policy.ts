import { type PipelineMessage, stableId } from "@qp/schema";

/**
 * The design's delivery policy, in QStash's own terms. Pure and free of Node APIs, so the edge Worker and the
 * Node publisher send exactly the same headers.
 *
 * - 5xx, timeouts, connection errors: retried 3 times after 10 s, 30 s and 60 s.
 * - 4xx: not retried. QStash itself retries any non-2xx, so receivers answer a permanent failure with
 *   489 + `Upstash-NonRetryable-Error: true` (see the receiver middleware), which sends it to the DLQ at once.
 * - each attempt is cut off after 30 s.
 */
export const DELIVERY_POLICY = {
  retries: 3,
  /** QStash retry-delay expression in ms: retried = 0, 1, 2 → 10 000, 30 000, 60 000. */
  retryDelay: "10000 * (1 + retried * (retried + 3) / 2)",
  timeout: "30s",
} as const;

/**
 * A deduplication id from the identity of a message's content, so a re-post or a redelivered upstream
 * message publishes nothing new within QStash's 10-minute window:
 * - `concept.url`: concept and URL;
 * - `crawl.result` / `crawl.failed`: the page id (deterministic from concept and URL) and the outcome;
 * - `concept.validate`: concept and the requested strategy;
 * - `page.parsed` / `page.parse_failed`: the parser's job id (one per accepted run of a page) and the outcome.
 * QStash allows any string; we keep to `[a-z0-9.-]`.
 */
export async function deduplicationIdFor(message: PipelineMessage): Promise<string> {
  switch (message.type) {
    case "concept.url":
      return `url-${await stableId(message.concept_id, message.url)}`;
    case "crawl.result":
      return `crawl-${message.id}`;
    case "crawl.failed":
      return `crawlfail-${message.id}`;
    case "concept.validate":
      return `validate-${await stableId(message.concept_id, JSON.stringify(message.strategy ?? null))}`;
    case "page.parsed":
      return `parsed-${message.job_id}`;
    case "page.parse_failed":
      return `parsefail-${message.job_id}`;
  }
}
