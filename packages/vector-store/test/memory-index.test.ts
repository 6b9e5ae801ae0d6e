import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@lancedb/lancedb";
import type { EmbeddingObject } from "@qp/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLanceDbStore, type LanceDbStore } from "../src/index.ts";
import { key, realEmbeddings, recallAt10 } from "./ground-truth.ts";

const CONCEPTS = ["0", "1", "2"].map((c) => c.repeat(24));
const { docs, queries } = realEmbeddings("fixtures.example", CONCEPTS);
const recall = (store: LanceDbStore, pool: EmbeddingObject[], concept?: (q: number) => string) =>
  recallAt10(store, pool, queries, concept);

let dir = "";
let store: LanceDbStore; // the writer, searching its own writes
let reader: LanceDbStore; // a second store on the same folder, as the orchestrator beside the parser

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "qp-memory-index-"));
  store = createLanceDbStore({ path: dir });
  for (let start = 0; start < docs.length; start += 200)
    await store.upsertDocuments(docs.slice(start, start + 200));
  // Every concept here has ~240 chunks: exactBelow 0 makes the reader's concept filter walk the graph.
  reader = createLanceDbStore({ path: dir, memoryIndex: { exactBelow: 0 } });
}, 120_000);
afterAll(async () => {
  await store?.close();
  await reader?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("in-process HNSW index beside the LanceDB table (real embeddings)", () => {
  it("is built from the table on the first search and holds every row", async () => {
    expect(await store.syncSearchIndex()).toMatchObject({ rows: docs.length });
    expect(await store.countDocuments()).toBe(docs.length);
  });

  it("finds ≥ 95% of the exact top 10, unfiltered", async () => {
    const found = await recall(store, docs);
    console.log(`memory index recall@10 over ${docs.length} real chunks: ${found}`);
    expect(found).toBeGreaterThanOrEqual(0.95);
  });

  it("filters by concept, never returning another concept's chunk: exact scan of a small concept and HNSW walk", async () => {
    const concept = (q: number) => CONCEPTS[q % CONCEPTS.length] as string;
    expect(await recall(store, docs, concept)).toBeGreaterThanOrEqual(0.95); // ~240 chunks: exact scan
    expect(await recall(reader, docs, concept)).toBeGreaterThanOrEqual(0.95); // filtered graph walk
    expect(
      await store.searchDocuments(queries[0]!.embedding, { limit: 10, conceptId: "f".repeat(24) }),
    ).toEqual([]);
  });

  it("finds a chunk written after the build, in the writing store and in another store on the folder", async () => {
    const fresh = queries.slice(0, 3);
    await reader.syncSearchIndex(); // built before the write
    await store.upsertDocuments(fresh);
    for (const s of [store, reader]) {
      for (const d of fresh) {
        const [top] = await s.searchDocuments(d.embedding, { limit: 1 });
        expect(top && key(top)).toBe(key(d));
        expect(top?.score).toBeGreaterThan(0.999);
        expect(top?.text).toBe(d.text);
      }
      expect(await s.syncSearchIndex()).toMatchObject({ rows: docs.length + fresh.length });
    }
  });

  it("drops deleted chunks and follows a chunk rewritten with another vector", async () => {
    const page = docs[100]!.source_url;
    const conceptId = docs[100]!.concept_id;
    const ofPage = docs.filter((d) => d.source_url === page);
    expect(ofPage.length).toBeGreaterThan(3);
    expect(await store.deleteStaleChunks(conceptId, page, 2)).toBe(
      ofPage.filter((d) => d.chunk_index >= 2).length,
    );
    const kept = ofPage.filter((d) => d.chunk_index < 2);
    const gone = ofPage.filter((d) => d.chunk_index >= 2);
    // The page's chunk 0 takes the vector of a chunk of another page: the old vector no longer finds it.
    const donor = docs.find((d) => d.source_url !== page && d.concept_id === conceptId)!;
    const rewritten = { ...kept[0]!, embedding: donor.embedding, text: "rewritten chunk" };
    await store.upsertDocuments([rewritten]);
    for (const s of [store, reader]) {
      for (const d of gone) {
        const hits = await s.searchDocuments(d.embedding, { limit: 10, conceptId });
        expect(hits.map(key)).not.toContain(key(d));
      }
      const byNew = await s.searchDocuments(donor.embedding, { limit: 2 });
      expect(byNew.map(key).sort()).toEqual([key(donor), key(rewritten)].sort());
      expect(byNew.find((hit) => key(hit) === key(rewritten))?.text).toBe("rewritten chunk");
      const byOld = await s.searchDocuments(kept[0]!.embedding, { limit: 10 });
      expect(
        byOld.filter((hit) => key(hit) === key(rewritten)).every((hit) => hit.text === "rewritten chunk"),
      ).toBe(true);
      expect((await s.syncSearchIndex())?.rows).toBe(await s.countDocuments());
    }
  });

  it("follows a compaction (rows move to new fragments) without losing or doubling a chunk", async () => {
    const before = await store.searchDocuments(queries[5]!.embedding, { limit: 10 });
    const db = await connect(dir);
    const table = await db.openTable("Document");
    const fragmentsBefore = (await table.stats()).fragmentStats.numFragments;
    await table.optimize();
    expect((await table.stats()).fragmentStats.numFragments).toBeLessThan(fragmentsBefore);
    table.close();
    db.close();
    for (const s of [store, reader]) {
      expect((await s.syncSearchIndex())?.rows).toBe(await s.countDocuments());
      const after = await s.searchDocuments(queries[5]!.embedding, { limit: 10 });
      expect(after.map(key)).toEqual(before.map(key));
    }
  });

  it("starts over when the table is restored to an older version (chunks deleted since come back)", async () => {
    const chunk = docs[300]!;
    expect(await store.countDocuments({ sourceUrl: chunk.source_url })).toBeGreaterThan(chunk.chunk_index);
    const db = await connect(dir);
    const table = await db.openTable("Document");
    const before = await table.version();
    await store.deleteStaleChunks(chunk.concept_id, chunk.source_url, chunk.chunk_index);
    const [whileDeleted] = await store.searchDocuments(chunk.embedding, { limit: 1 });
    expect(whileDeleted && key(whileDeleted)).not.toBe(key(chunk));
    await table.checkout(before);
    await table.restore(); // a new version whose fragments are the older one's
    table.close();
    db.close();
    for (const s of [store, reader]) {
      const [top] = await s.searchDocuments(chunk.embedding, { limit: 1 });
      expect(top && key(top)).toBe(key(chunk));
      expect((await s.syncSearchIndex())?.rows).toBe(await s.countDocuments());
    }
  });

  it("a store reopened on the folder loads its saved graph and catches up with writes made while it was closed", async () => {
    const probe = queries[7]!.embedding;
    const before = await store.searchDocuments(probe, { limit: 10 });
    await store.close(); // saves the graph next to the table
    expect(readdirSync(join(dir, "Document.hnsw"))).toContain("labels.json");
    // Meanwhile another store deletes the page of the best hit from chunk 1 on, and writes a new chunk.
    const dropped = before.find((hit) => hit.chunk_index >= 1)!;
    await reader.deleteStaleChunks(dropped.concept_id, dropped.source_url, 1);
    const added = queries[8]!;
    await reader.upsertDocuments([added]);
    store = createLanceDbStore({ path: dir });
    expect(await store.syncSearchIndex()).toMatchObject({
      source: "saved",
      rows: await store.countDocuments(),
    });
    const after = await store.searchDocuments(probe, { limit: 10 });
    expect(after.map(key)).not.toContain(key(dropped));
    expect(after.map(key)).toEqual((await reader.searchDocuments(probe, { limit: 10 })).map(key));
    const [top] = await store.searchDocuments(added.embedding, { limit: 1 });
    expect(top && key(top)).toBe(key(added));
  });

  it("answers while its index is first built (through LanceDB's query path), with the exact top 10", async () => {
    const fresh = createLanceDbStore({ path: dir, memoryIndex: { saveEveryRows: Number.POSITIVE_INFINITY } });
    const rows = await fresh.countDocuments();
    const probe = queries[9]!.embedding;
    const during = await fresh.searchDocuments(probe, { limit: 10 }); // the first search starts the build
    expect(await fresh.syncSearchIndex()).toMatchObject({ source: "saved", rows });
    const after = await fresh.searchDocuments(probe, { limit: 10 });
    expect(during.map(key)).toEqual(after.map(key));
    await fresh.close();
  });
});
