import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmbeddingObject } from "@qp/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createLanceDbStore,
  type DocumentHit,
  type LanceDbStore,
  vectorStoreEnvSchema,
} from "../src/index.ts";
import { key, realEmbeddings, recallAt10 } from "./ground-truth.ts";

const CONCEPTS = ["3", "4", "5"].map((c) => c.repeat(24));
// The table holds 722 chunks; every 10th is held out as a query.
const { pages, docs, queries } = realEmbeddings("limit.example", CONCEPTS);
/** recall@10 against an exact scan of `pool`; byConcept: query q filters by CONCEPTS[q % 3]. */
const recall = (store: LanceDbStore, pool: EmbeddingObject[], byConcept = false) =>
  recallAt10(store, pool, queries, byConcept ? (q) => CONCEPTS[q % CONCEPTS.length] as string : undefined);

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
