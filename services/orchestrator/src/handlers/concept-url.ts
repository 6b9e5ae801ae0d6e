import { type ConceptUrlMessage, stripUrlCredentials } from "@qp/schema";
import type { MessageHandler } from "./context.ts";

/**
 * `concept.url`: record the URL under its concept (status `discovered`) and push the crawl job onto
 * `start_urls`, in one Lua step. A URL the concept already has is not queued again, so a redelivery or the
 * same URL found by two providers costs one crawl.
 */
export const handleConceptUrl: MessageHandler<ConceptUrlMessage> = async (message, { store, logger }) => {
  // A URL with `user:pass@` is recorded and crawled without them: the credentials would otherwise spread
  // into start_urls, crawl messages, the DLQ and the concept's answer. (The edge refuses such URLs already.)
  const url = stripUrlCredentials(message.url);
  const queued = await store.recordUrl({
    url,
    concept_id: message.concept_id,
    concept: message.concept,
    discovered_by: message.discovered_by,
  });
  logger.info(
    { concept_id: message.concept_id, url, discovered_by: message.discovered_by, queued },
    queued ? "url queued for crawling" : "url already known for this concept",
  );
  return { queued, url, concept_id: message.concept_id };
};
