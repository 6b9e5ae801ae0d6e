import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EMBEDDING_DIM, type EmbeddingObject } from "@qp/schema";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLanceDbStore, type LanceDbStore } from "../src/index.ts";
import { DEFAULT_ANN, maintainIndexes, prewarmIndexes } from "../src/lancedb-index.ts";
import { exactTop, key } from "./ground-truth.ts";

// Clustered unit vectors from a fixed seed (mulberry32: exact 32-bit steps, no short cycle).
let seed = 12_345;
const uniform = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4_294_967_296;
};
const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
const normalize = (v: number[]) => {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const TOPICS = Array.from({ length: 30 }, () => normalize(Array.from({ length: EMBEDDING_DIM }, gauss)));
const near = (topic: number[], spread = 0.05) => normalize(topic.map((x) => x + spread * gauss()));
const CONCEPTS = ["a", "b", "c"].map((c) => c.repeat(24));
const ROWS = 3_000;

const doc = (
  index: number,
  embedding: number[],
  concept = CONCEPTS[index % 3] as string,
): EmbeddingObject => ({
  text: `chunk ${index}`,
  embedding,
  source_url: `https://ann.example/${Math.floor(index / 10)}`,
  concept: "ann test",
  concept_id: concept,
  chunk_index: index % 10,
  title: `page ${Math.floor(index / 10)}`,
  processed_at: "2026-12-01T00:00:00.000Z",
  parser_version: "test",
});

const docs = Array.from({ length: ROWS }, (_, index) => doc(index, near(TOPICS[index % TOPICS.length]!)));
const queries = Array.from({ length: 40 }, (_, q) => near(TOPICS[(q * 7) % TOPICS.length]!, 0.06));
let dir = "";
let store: LanceDbStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "qp-lancedb-ann-"));
  // LanceDB's own query path (services search through the in-process index: memory-index.test.ts).
  store = createLanceDbStore({ path: dir, memoryIndex: false, ann: { minRows: 2_000, refreshRows: 10 } });
  for (let start = 0; start < ROWS; start += 500) await store.upsertDocuments(docs.slice(start, start + 500));
  // The background upkeep may have built the index at 2,000 rows already; this builds or refreshes it.
  await store.maintainIndexes();
}, 300_000);
afterAll(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("LanceDB ANN index", () => {
  it("is built once the table is large enough, with the concept_id scalar index, covering every row", async () => {
    const state = await store.indexState();
    expect(state).toMatchObject({ rows: ROWS, vector: true, conceptIndex: true, unindexedRows: 0 });
    expect(state.indexedRows).toBe(ROWS);
  });

  it("finds ≥ 95% of the exact top 10 (recall@10 against an exact scan)", async () => {
    let found = 0;
    for (const query of queries) {
      const exact = new Set(exactTop(docs, query, 10));
      const hits = await store.searchDocuments(query, { limit: 10 });
      expect(hits).toHaveLength(10);
      found += hits.filter((hit) => exact.has(key(hit))).length;
    }
    const recall = found / (queries.length * 10);
    console.log(`recall@10 on ${ROWS} rows with the IVF_PQ index: ${recall}`);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it("a concept filter never returns another concept's chunks, and keeps recall within the concept", async () => {
    let found = 0;
    for (const [q, query] of queries.entries()) {
      const conceptId = CONCEPTS[q % CONCEPTS.length] as string;
      const hits = await store.searchDocuments(query, { limit: 10, conceptId });
      expect(hits).toHaveLength(10);
      for (const hit of hits) expect(hit.concept_id).toBe(conceptId);
      const exact = new Set(exactTop(docs, query, 10, conceptId));
      found += hits.filter((hit) => exact.has(key(hit))).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it("finds chunks written after the index was built, before and after the refresh", async () => {
    const fresh = Array.from({ length: 20 }, (_, k) =>
      doc(ROWS + k, normalize(Array.from({ length: EMBEDDING_DIM }, gauss)), CONCEPTS[0]),
    );
    await store.upsertDocuments(fresh);
    expect((await store.indexState()).unindexedRows).toBe(20);
    const probe = async () => {
      for (const d of fresh.slice(0, 5)) {
        const [top] = await store.searchDocuments(d.embedding, { limit: 1, conceptId: d.concept_id });
        expect(top && key(top)).toBe(key(d));
        expect(top?.score).toBeGreaterThan(0.99);
      }
    };
    await probe(); // unindexed rows are scanned exactly beside the index
    expect((await store.maintainIndexes()).action).toBe("refreshed");
    expect(await store.indexState()).toMatchObject({ rows: ROWS + 20, unindexedRows: 0 });
    await probe();
  });

  it("loads the vector and concept indexes into LanceDB's cache once per index version", async () => {
    const { connect } = await import("@lancedb/lancedb");
    const db = await connect(dir);
    const table = await db.openTable("Document");
    try {
      const warmed = new Set<string>();
      expect(await prewarmIndexes(table, warmed)).toBe(2);
      expect(await prewarmIndexes(table, warmed)).toBe(0);
      // A search through the warmed table answers as before.
      const hits = await table
        .vectorSearch(Float32Array.from(queries[0]!))
        .distanceType("cosine")
        .limit(10)
        .toArray();
      expect(hits).toHaveLength(10);
    } finally {
      table.close();
      db.close();
    }
  });

  it("lists the indexes once per maintenance: prewarming takes the listing maintainIndexes read", async () => {
    const { connect } = await import("@lancedb/lancedb");
    const db = await connect(dir);
    const table = await db.openTable("Document");
    try {
      // LanceDB's own method, counted (it still runs).
      const listed = vi.spyOn(table, "listIndices");
      const ann = { ...DEFAULT_ANN, minRows: 2_000, refreshRows: 10, vectorIndexRows: 2_000 };
      const { action, state, indices } = await maintainIndexes(table, ann);
      expect(action).toBe("none");
      expect(state).toMatchObject({ vector: true, conceptIndex: true });
      expect(indices.flatMap((index) => index.columns).sort()).toEqual(["concept_id", "vector"]);
      expect(await prewarmIndexes(table, new Set(), indices)).toBe(2);
      expect(listed).toHaveBeenCalledTimes(1);
    } finally {
      table.close();
      db.close();
    }
  });
});
