import { type CrawlResultMessage, parseAnswerSchema, summariseIssues } from "@qp/schema";
import { callService, ServiceRefused, ServiceUnavailable } from "@qp/service-kit";
import { isLastAttempt, type MessageHandler } from "./context.ts";

/**
 * `crawl.result`: mark the URL crawled (title, content length), hand the page to the parser
 * (`POST {PARSER_URL}/parse`, bounded by PARSER_TIMEOUT_MS), then mark it parsed with its chunk count.
 * The parser's 4xx is permanent: the URL is marked failed with the reason and the delivery answers 489 (DLQ).
 * 5xx, timeouts and connection errors are transient: 503, QStash retries; on the last attempt the URL is
 * marked failed too, so the status page does not show it crawling forever.
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
    ({ body: answer } = await callService("parser", `${config.parserUrl}/parse`, {
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

  const parsed = parseAnswerSchema.safeParse(answer);
  if (!parsed.success) {
    throw new ServiceUnavailable(
      "parser",
      `answered 2xx outside the /parse contract: ${summariseIssues(parsed.error)}`,
    );
  }
  const status = await store.updateUrl(message, message.url, {
    status: "parsed",
    chunks: parsed.data.chunks,
    truncated: parsed.data.truncated,
    parsed_at: new Date().toISOString(),
  });
  logger.info(
    {
      concept_id: message.concept_id,
      url: message.url,
      chunks: parsed.data.chunks,
      truncated: parsed.data.truncated,
    },
    "page parsed",
  );
  return { status, url: message.url, concept_id: message.concept_id, chunks: parsed.data.chunks };
};
