import { createPublisher, type PublishResult } from "@qp/messaging";
import type { PipelineMessage } from "@qp/schema";
import type { DiscoveredUrl } from "./discover.ts";

export interface PublishConceptOptions {
  qstashUrl: string;
  qstashToken: string;
  orchestratorUrl: string;
  conceptId: string;
  concept: string;
  urls: readonly DiscoveredUrl[];
}

/**
 * One `concept.url` per URL plus one `concept.validate`, in ONE `/v2/batch` call, each with its deduplication
 * id and the design's retry policy (both applied by @qp/messaging's publisher). Returns how many URL messages
 * the broker queued as new: a re-post inside QStash's 10-minute window answers `deduplicated` and counts 0.
 * Throws PublishError when the broker refuses; then nothing was stored and the caller must say so.
 */
export async function publishConcept(options: PublishConceptOptions): Promise<{ stored: number }> {
  const destination = `${options.orchestratorUrl.replace(/\/+$/, "")}/api/qstash`;
  const messages: PipelineMessage[] = [
    ...options.urls.map(
      ({ url, discoveredBy }): PipelineMessage => ({
        type: "concept.url",
        concept_id: options.conceptId,
        concept: options.concept,
        url,
        discovered_by: discoveredBy,
      }),
    ),
    { type: "concept.validate", concept_id: options.conceptId, concept: options.concept },
  ];
  const publisher = createPublisher({ baseUrl: options.qstashUrl, token: options.qstashToken });
  const results: PublishResult[] = await publisher.publishBatch(
    messages.map((message) => ({ message, destination })),
  );
  const stored = results.slice(0, options.urls.length).filter((result) => !result.deduplicated).length;
  return { stored };
}
