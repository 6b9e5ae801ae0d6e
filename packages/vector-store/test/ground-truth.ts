import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EMBEDDING_DIM, type EmbeddingObject } from "@qp/schema";
import { expect } from "vitest";
import type { LanceDbStore } from "../src/index.ts";

/** A chunk's identity in a search answer: its page and its place on the page. */
export const key = (hit: { source_url: string; chunk_index: number }) =>
  `${hit.source_url}#${hit.chunk_index}`;

/** Exact top-k by cosine over `pool` (all vectors here are unit length): the ground truth an index is held to. */
export function exactTop(pool: EmbeddingObject[], query: number[], k: number, concept?: string): string[] {
  return pool
    .filter((d) => concept === undefined || d.concept_id === concept)
    .map((d) => ({ d, dot: d.embedding.reduce((sum, x, i) => sum + x * (query[i] as number), 0) }))
    .sort((a, b) => b.dot - a.dot)
    .slice(0, k)
    .map(({ d }) => key(d));
}

/**
 * Real embeddings: the fixture web pages' chunks through all-MiniLM-L6-v2 (fixtures/make-real-embeddings.ts),
 * as documents of `https://HOST/<page>`, the pages (in first-seen order) dealt in turn to `concepts`. Every
 * 10th chunk is held out as a query: real text the table does not hold.
 */
export function realEmbeddings(host: string, concepts: readonly string[]) {
  const fixtures = join(import.meta.dirname, "fixtures");
  const raw = readFileSync(join(fixtures, "real-embeddings.f32"));
  const flat = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const meta = JSON.parse(readFileSync(join(fixtures, "real-embeddings.json"), "utf8")) as {
    chunks: Array<{ page: string; text: string }>;
  };
  const pages = [...new Set(meta.chunks.map((c) => c.page))];
  const perPage = new Map<string, number>();
  const all: EmbeddingObject[] = meta.chunks.map(({ page, text }, i) => {
    const chunkIndex = perPage.get(page) ?? 0;
    perPage.set(page, chunkIndex + 1);
    return {
      text,
      embedding: Array.from(flat.subarray(i * EMBEDDING_DIM, (i + 1) * EMBEDDING_DIM)),
      source_url: `https://${host}/${page}`,
      concept: "fixture pages",
      concept_id: concepts[pages.indexOf(page) % concepts.length] as string,
      chunk_index: chunkIndex,
      title: page,
      processed_at: "2026-12-01T00:00:00.000Z",
      parser_version: "test",
    };
  });
  return { pages, docs: all.filter((_, i) => i % 10 !== 0), queries: all.filter((_, i) => i % 10 === 0) };
}

/**
 * recall@10 of `store` for `queries` against an exact scan of `pool`; with `concept(q)`, query q filters by
 * that concept and every hit must be of it.
 */
export async function recallAt10(
  store: LanceDbStore,
  pool: EmbeddingObject[],
  queries: EmbeddingObject[],
  concept?: (q: number) => string,
) {
  let found = 0;
  for (const [q, query] of queries.entries()) {
    const conceptId = concept?.(q);
    const hits = await store.searchDocuments(query.embedding, {
      limit: 10,
      ...(conceptId ? { conceptId } : {}),
    });
    expect(hits).toHaveLength(10);
    if (conceptId) for (const hit of hits) expect(hit.concept_id).toBe(conceptId);
    const exact = new Set(exactTop(pool, query.embedding, 10, conceptId));
    found += hits.filter((hit) => exact.has(key(hit))).length;
  }
  return found / (queries.length * 10);
}
