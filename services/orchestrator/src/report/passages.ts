import type { Passage } from "@qp/schema";
import type { Logger } from "@qp/service-kit";
import type { SearchDeps } from "../routes/search.ts";

export interface Passages {
  /** Nearest chunks of this concept to the concept text, best first. */
  hits: Array<Passage & { chunk_index: number }>;
  /** Why there are none, when the search could not run. */
  unavailable?: string;
}

/**
 * The concept's most relevant passages: the concept text embedded with the chunks' model, searched within
 * this concept's chunks only (`GET /api/search` code path). A search that cannot run (no vector store, parser
 * down) leaves the report without passages and says why, instead of failing the whole report.
 */
export async function conceptPassages(
  search: SearchDeps | undefined,
  logger: Logger,
  concept: { concept_id: string; concept: string },
  limit = 30,
): Promise<Passages> {
  if (!search) return { hits: [], unavailable: "no vector search is configured on this orchestrator" };
  try {
    const [vector] = await search.embed([concept.concept]);
    if (!vector) return { hits: [], unavailable: "the concept text could not be embedded" };
    const hits = await search.vectorStore.searchDocuments(vector, { limit, conceptId: concept.concept_id });
    return {
      hits: hits.map((hit) => ({
        url: hit.source_url,
        title: hit.title,
        text: hit.text,
        score: Math.round(hit.score * 10_000) / 10_000,
        chunk_index: hit.chunk_index,
      })),
    };
  } catch (error) {
    logger.warn({ err: error, concept_id: concept.concept_id }, "report passages unavailable");
    return { hits: [], unavailable: `passage search failed: ${(error as Error).message.slice(0, 300)}` };
  }
}
