import { EMBEDDING_DIM, type SearchAnswer, type SearchResult, searchQuerySchema } from "@qp/schema";
import { HttpError, type ServiceEnv, TransientError, validationError } from "@qp/service-kit";
import type { VectorStore } from "@qp/vector-store";
import { Hono } from "hono";
import type { Embed } from "../embed-client.ts";

export interface SearchDeps {
  vectorStore: VectorStore;
  /** Query strings → 384-d vectors (in production: the parser's POST /embed, see `embedViaParser`). */
  embed: Embed;
}

/**
 * `GET /search?q=&concept=&limit=` (mounted under `/api`): embeds the query with the same model as the
 * chunks and returns the nearest chunks, best first, with source URL, title, chunk text and cosine score.
 * Embedding or store failures answer 503 (retry later); a bad query answers 400.
 */
export function createSearchRoutes(deps: SearchDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  app.get("/search", async (c) => {
    const parsed = searchQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw validationError(parsed.error, "search query");
    const { q, concept, limit } = parsed.data;
    let vector: number[] | undefined;
    try {
      [vector] = await deps.embed([q]);
    } catch (error) {
      if (error instanceof HttpError || error instanceof TransientError) throw error;
      throw new TransientError("query embedding failed", { cause: error });
    }
    if (!vector || vector.length !== EMBEDDING_DIM) {
      throw new HttpError(503, "unavailable", `query embedding has ${vector?.length ?? 0} dimensions`);
    }
    const hits = await deps.vectorStore.searchDocuments(vector, {
      limit,
      ...(concept ? { conceptId: concept } : {}),
    });
    const results: SearchResult[] = hits.map((hit) => ({
      url: hit.source_url,
      title: hit.title,
      text: hit.text,
      score: Math.round(hit.score * 10_000) / 10_000,
      chunk_index: hit.chunk_index,
      concept_id: hit.concept_id,
      concept: hit.concept,
    }));
    const answer: SearchAnswer = {
      query: q,
      concept: concept ?? null,
      limit,
      count: results.length,
      results,
    };
    return c.json(answer);
  });
  return app;
}
