import type { PipelineMessage, PipelineMessageType } from "@qp/schema";
import { handleConceptUrl } from "./concept-url.ts";
import { handleConceptValidate } from "./concept-validate.ts";
import type { HandlerContext, MessageHandler } from "./context.ts";
import { handleCrawlFailed } from "./crawl-failed.ts";
import { handleCrawlResult } from "./crawl-result.ts";
import { handlePageParsed, handlePageParseFailed } from "./page-parsed.ts";

export type { HandlerConfig, HandlerContext } from "./context.ts";

type HandlerTable = { [T in PipelineMessageType]: MessageHandler<Extract<PipelineMessage, { type: T }>> };

/** One handler per message type; the compiler insists every type of the union has one. */
export const handlers: HandlerTable = {
  "concept.url": handleConceptUrl,
  "crawl.result": handleCrawlResult,
  "crawl.failed": handleCrawlFailed,
  "concept.validate": handleConceptValidate,
  "page.parsed": handlePageParsed,
  "page.parse_failed": handlePageParseFailed,
};

export function dispatch(
  message: PipelineMessage,
  context: HandlerContext,
): Promise<Record<string, unknown>> {
  const handler = handlers[message.type] as MessageHandler<PipelineMessage>;
  return handler(message, context);
}
