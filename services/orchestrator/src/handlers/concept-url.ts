import type { ConceptUrlMessage } from "@qp/schema";
import type { MessageHandler } from "./context.ts";

/**
 * `concept.url`: record the URL under its concept (status `discovered`) and push the crawl job onto
 * `start_urls`, in one Lua step. A URL the concept already has is not queued again, so a redelivery or the
 * same URL found by two providers costs one crawl.
 */
export const handleConceptUrl: MessageHandler<ConceptUrlMessage> = async (message, { store, logger }) => {
  const queued = await store.recordUrl({
    url: message.url,
    concept_id: message.concept_id,
    concept: message.concept,
    discovered_by: message.discovered_by,
  });
  logger.info(
    { concept_id: message.concept_id, url: message.url, discovered_by: message.discovered_by, queued },
    queued ? "url queued for crawling" : "url already known for this concept",
  );
  return { queued, url: message.url, concept_id: message.concept_id };
};
