import type { PageParsedMessage, PageParseFailedMessage } from "@qp/schema";
import type { MessageHandler } from "./context.ts";

/**
 * `page.parsed` (published by the parser once the page is in the store): mark the URL parsed with the chunk
 * count the store now holds for it. Always applied, even over `failed`: a URL recorded failed because the
 * parser was slow to accept it is corrected by what the parser actually stored (record and store agree).
 */
export const handlePageParsed: MessageHandler<PageParsedMessage> = async (message, { store, logger }) => {
  const status = await store.updateUrl(message, message.url, {
    status: "parsed",
    chunks: message.chunks,
    truncated: message.truncated,
    parsed_at: message.parsed_at,
    parse_job_id: message.job_id,
  });
  logger.info(
    { concept_id: message.concept_id, url: message.url, chunks: message.chunks, job_id: message.job_id },
    "page parsed",
  );
  return { status, url: message.url, concept_id: message.concept_id, chunks: message.chunks };
};

/**
 * `page.parse_failed`: mark the URL failed with the parser's reason. A URL already `parsed` keeps that status:
 * a failed re-run stored nothing and deleted nothing, so the earlier chunks (and their count) still stand.
 */
export const handlePageParseFailed: MessageHandler<PageParseFailedMessage> = async (
  message,
  { store, logger },
) => {
  const status = await store.updateUrl(
    message,
    message.url,
    {
      status: "failed",
      reason: message.reason,
      status_code: message.status_code,
      failed_at: message.failed_at,
      last_error: message.reason,
      last_error_at: message.failed_at,
    },
    { protect: ["parsed"] },
  );
  logger.warn(
    { concept_id: message.concept_id, url: message.url, reason: message.reason, status },
    "page not parsed",
  );
  return { status, url: message.url, concept_id: message.concept_id };
};
