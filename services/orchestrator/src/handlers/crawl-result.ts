import { type CrawlResultMessage, parseJobAcceptedSchema, summariseIssues } from "@qp/schema";
import { callService, ServiceRefused, ServiceUnavailable } from "@qp/service-kit";
import { isLastAttempt, type MessageHandler } from "./context.ts";

/**
 * `crawl.result`: mark the URL crawled (title, content length) and hand the page to the parser's durable
 * queue (`POST {PARSER_URL}/jobs` → 202 + job id, bounded by PARSER_TIMEOUT_MS). The URL stays `crawled`
 * (the concept shows `parsing`) until the parser's `page.parsed` / `page.parse_failed` message says what it
 * stored (handlers/page-parsed.ts): the record follows the store, never a timeout's guess.
 * The parser's 4xx is permanent: the URL is marked failed with the reason and the delivery answers 489 (DLQ).
 * 5xx (queue full, Redis down), timeouts and connection errors are transient: 503, QStash retries; on the last
 * attempt the URL is marked failed too, so the status page does not show it crawling forever (and if the
 * parser did take the page after all, its `page.parsed` sets the record right).
 */
export const handleCrawlResult: MessageHandler<CrawlResultMessage> = async (message, context) => {
  const { store, logger, config, requestId } = context;
  const crawledAt = new Date();
  await store.updateUrl(
    message,
    message.url,
    {
      status: "crawled",
      title: message.title.slice(0, 1000),
      content_type: message.content_type,
      content_length: message.content.length,
      crawled_at: crawledAt.toISOString(),
    },
    { now: crawledAt },
  );

  let answer: unknown;
  try {
    ({ body: answer } = await callService("parser", `${config.parserUrl}/jobs`, {
      body: message,
      timeoutMs: config.parserTimeoutMs,
      token: config.serviceToken,
      requestId,
    }));
  } catch (error) {
    const now = new Date().toISOString();
    if (error instanceof ServiceRefused) {
      await store.updateUrl(message, message.url, {
        status: "failed",
        reason: `parser refused the page: ${error.reason}`,
        status_code: error.status,
        failed_at: now,
      });
    } else if (error instanceof ServiceUnavailable) {
      const last = isLastAttempt(context);
      await store.updateUrl(message, message.url, {
        last_error: error.message,
        last_error_at: now,
        ...(last
          ? {
              status: "failed" as const,
              reason: `${error.message} (after ${context.retried + 1} attempts)`,
              failed_at: now,
            }
          : {}),
      });
    }
    throw error;
  }

  const accepted = parseJobAcceptedSchema.safeParse(answer);
  if (!accepted.success) {
    throw new ServiceUnavailable(
      "parser",
      `answered 2xx outside the /jobs contract: ${summariseIssues(accepted.error)}`,
    );
  }
  const status = await store.updateUrl(message, message.url, { parse_job_id: accepted.data.job_id });
  logger.info(
    { concept_id: message.concept_id, url: message.url, job_id: accepted.data.job_id },
    "page queued for parsing",
  );
  return { status, url: message.url, concept_id: message.concept_id, job_id: accepted.data.job_id };
};
