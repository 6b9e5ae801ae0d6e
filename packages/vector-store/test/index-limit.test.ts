import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EMBEDDING_DIM, type EmbeddingObject } from "@qp/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createLanceDbStore,
  type DocumentHit,
  type LanceDbStore,
  vectorStoreEnvSchema,
} from "../src/index.ts";

// Real embeddings: the fixture web pages' chunks through all-MiniLM-L6-v2 (test/fixtures/make-real-embeddings.ts).
const fixtures = join(import.meta.dirname, "fixtures");
const raw = readFileSync(join(fixtures, "real-embeddings.f32"));
const flat = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
const meta = JSON.parse(readFileSync(join(fixtures, "real-embeddings.json"), "utf8")) as {
  chunks: Array<{ page: string; text: string }>;
};
const pages = [...new Set(meta.chunks.map((c) => c.page))];
const CONCEPTS = ["3", "4", "5"].map((c) => c.repeat(24));
const perPage = new Map<string, number>();
const all: EmbeddingObject[] = meta.chunks.map(({ page, text }, i) => {
  const chunkIndex = perPage.get(page) ?? 0;
  perPage.set(page, chunkIndex + 1);
  return {
    text,
    embedding: Array.from(flat.subarray(i * EMBEDDING_DIM, (i + 1) * EMBEDDING_DIM)),
    source_url: `https://limit.example/${page}`,
    concept: "fixture pages",
    concept_id: CONCEPTS[pages.indexOf(page) % CONCEPTS.length] as string,
    chunk_index: chunkIndex,
    title: page,
    processed_at: "2026-12-01T00:00:00.000Z",
    parser_version: "test",
  };
});
// Every 10th chunk is held out as a query; the table holds the other 722.
const docs = all.filter((_, i) => i % 10 !== 0);
const queries = all.filter((_, i) => i % 10 === 0);
const key = (hit: { source_url: string; chunk_index: number }) => `${hit.source_url}#${hit.chunk_index}`;

function exactTop(pool: EmbeddingObject[], query: number[], k: number, concept?: string): string[] {
  return pool
    .filter((d) => concept === undefined || d.concept_id === concept)
    .map((d) => ({ d, dot: d.embedding.reduce((sum, x, i) => sum + x * (query[i] as number), 0) }))
    .sort((a, b) => b.dot - a.dot)
    .slice(0, k)
    .map(({ d }) => key(d));
}

/** recall@10 against an exact scan of `pool`; with a concept, every hit must be of that concept. */
async function recall(store: LanceDbStore, pool: EmbeddingObject[], byConcept = false) {
  let found = 0;
  for (const [q, query] of queries.entries()) {
    const conceptId = byConcept ? (CONCEPTS[q % CONCEPTS.length] as string) : undefined;
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

// The in-process index holds at most 500 rows here; LanceDB's own index is built from 80 % of that (400).
const LIMIT = 500;
const settings = { memoryIndex: { maxRows: LIMIT }, ann: { minRows: 200, refreshRows: 50 } } as const;
let dir = "";
let store: LanceDbStore; // the writer, searching its own writes
let reader: LanceDbStore; // a second store on the folder, as the orchestrator beside the parser
let inMemoryHit: DocumentHit | undefined;
/** What the table holds: every write and delete of these tests goes through `write` and `remove`. */
let pool: EmbeddingObject[] = [];
const write = async (batch: EmbeddingObject[]) => {
  await store.upsertDocuments(batch);
  pool.push(...batch);
};
const remove = async (conceptId: string, sourceUrl: string, from: number) => {
  await store.deleteStaleChunks(conceptId, sourceUrl, from);
  pool = pool.filter(
    (d) => !(d.concept_id === conceptId && d.source_url === sourceUrl && d.chunk_index >= from),
  );
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "qp-index-limit-"));
  store = createLanceDbStore({ path: dir, ...settings });
  reader = createLanceDbStore({ path: dir, ...settings });
}, 60_000);
afterAll(async () => {
  await store?.close();
  await reader?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the in-process index up to its row limit, LanceDB's own index beyond it (real LanceDB on disk)", () => {
  it("below the limit: the in-process index answers, and LanceDB builds no vector index yet", async () => {
    const below = docs.slice(0, 300);
    await write(below);
    expect(await store.syncSearchIndex()).toMatchObject({ rows: 300, overMaxRows: false });
    expect(await reader.syncSearchIndex()).toMatchObject({ rows: 300, overMaxRows: false });
    await store.maintainIndexes();
    expect(await store.indexState()).toMatchObject({ rows: 300, vector: false, conceptIndex: true });
    expect(await recall(reader, below)).toBeGreaterThanOrEqual(0.95);
    [inMemoryHit] = await store.searchDocuments(queries[0]!.embedding, { limit: 1 });
  });

  it("over the limit: the in-process index lets go and LanceDB's index answers, with hits of the same shape", async () => {
    for (let start = 300; start < docs.length; start += 100) await write(docs.slice(start, start + 100));
    for (const s of [store, reader]) {
      const stats = await s.syncSearchIndex();
      expect(stats).toMatchObject({
        rows: 0,
        overMaxRows: true,
        lancedb: { vector: true, conceptIndex: true },
      });
      expect(stats?.lancedb?.unindexedRows).toBeLessThan(settings.ann.refreshRows);
    }
    const [hit] = await reader.searchDocuments(queries[0]!.embedding, { limit: 1 });
    expect(Object.keys(hit ?? {}).sort()).toEqual(Object.keys(inMemoryHit ?? {}).sort());
    expect(typeof hit?.score).toBe("number");
    expect(typeof hit?.chunk_index).toBe("number");
    expect(await recall(store, pool)).toBeGreaterThanOrEqual(0.95);
    expect(await recall(reader, pool)).toBeGreaterThanOrEqual(0.95);
  });

  it("over the limit, the concept filter never returns another concept's chunk and keeps recall", async () => {
    expect(await recall(reader, pool, true)).toBeGreaterThanOrEqual(0.95);
    expect(
      await reader.searchDocuments(queries[1]!.embedding, { limit: 10, conceptId: "f".repeat(24) }),
    ).toEqual([]);
  });

  it("finds chunks written after LanceDB's index was built, before and after they are folded into it", async () => {
    const fresh = queries.slice(0, 3);
    await write(fresh);
    expect((await store.indexState()).unindexedRows).toBeGreaterThanOrEqual(fresh.length);
    const findsThem = async () => {
      for (const s of [store, reader])
        for (const d of fresh) {
          const [top] = await s.searchDocuments(d.embedding, { limit: 1, conceptId: d.concept_id });
          expect(top && key(top)).toBe(key(d));
          expect(top?.score).toBeGreaterThan(0.999);
          expect(top?.text).toBe(d.text);
        }
    };
    await findsThem(); // unindexed rows: scanned beside the index
    await write(queries.slice(3, 60));
    expect(await store.maintainIndexes()).toMatchObject({ action: "refreshed", state: { unindexedRows: 0 } });
    await findsThem();
    expect(await recall(reader, pool)).toBeGreaterThanOrEqual(0.95);
    const gone = fresh[0]!;
    await remove(gone.concept_id, gone.source_url, gone.chunk_index);
    const hits = await reader.searchDocuments(gone.embedding, { limit: 10 });
    expect(hits.map(key)).not.toContain(key(gone));
  });

  it("back under 90 % of the limit (deletes), the in-process index is built again and answers", async () => {
    for (const page of pages) {
      if (pool.length <= LIMIT * 0.9) break;
      for (const concept of CONCEPTS) await remove(concept, `https://limit.example/${page}`, 0);
    }
    const rows = await store.countDocuments();
    expect(rows).toBe(pool.length);
    expect(rows).toBeLessThanOrEqual(LIMIT * 0.9);
    for (const s of [store, reader])
      expect(await s.syncSearchIndex()).toMatchObject({ rows, overMaxRows: false });
    expect(await recall(reader, pool)).toBeGreaterThanOrEqual(0.95);
    expect(await recall(store, pool, true)).toBeGreaterThanOrEqual(0.95);
  });

  it("takes its limit from VECTOR_MEMORY_INDEX_MAX_ROWS (0: LanceDB's own index always)", () => {
    expect(vectorStoreEnvSchema.parse({}).VECTOR_MEMORY_INDEX_MAX_ROWS).toBe(100_000);
    expect(
      vectorStoreEnvSchema.parse({ VECTOR_MEMORY_INDEX_MAX_ROWS: "250000" }).VECTOR_MEMORY_INDEX_MAX_ROWS,
    ).toBe(250_000);
    expect(
      vectorStoreEnvSchema.parse({ VECTOR_MEMORY_INDEX_MAX_ROWS: "0" }).VECTOR_MEMORY_INDEX_MAX_ROWS,
    ).toBe(0);
    expect(vectorStoreEnvSchema.safeParse({ VECTOR_MEMORY_INDEX_MAX_ROWS: "-1" }).success).toBe(false);
  });
});
