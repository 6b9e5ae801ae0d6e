import type { CrawlFailedMessage } from "@qp/schema";
import type { MessageHandler } from "./context.ts";

/**
 * `crawl.failed`: mark the URL failed with the crawler's reason. A URL already `parsed` keeps that status (a
 * late or duplicate failure of an older attempt must not hide content that is in the store); the reason is
 * still recorded as its last error.
 */
export const handleCrawlFailed: MessageHandler<CrawlFailedMessage> = async (message, { store, logger }) => {
  const now = new Date();
  const status = await store.updateUrl(
    message,
    message.url,
    {
      status: "failed",
      reason: message.reason,
      status_code: message.status_code,
      failed_at: now.toISOString(),
      last_error: message.reason,
      last_error_at: now.toISOString(),
    },
    { protect: ["parsed"], now },
  );
  logger.info(
    { concept_id: message.concept_id, url: message.url, reason: message.reason, status },
    "crawl failed",
  );
  return { status, url: message.url, concept_id: message.concept_id };
};
