/**
 * Vector store throughput: LanceDB (our embedded store, on disk; and Weaviate when WEAVIATE_URL is set) inserts per second through `upsertDocuments`
 * (mergeInsert by stable id, batches of 500) and searches per second (top 10 by cosine, with and without the
 * concept filter), side by side with an exact brute-force cosine scan over a Float32Array in this process
 * (the floor any index must beat). Random unit vectors; BENCH_VS_DOCS (default 10,000) bounds the run.
 * Writes bench/results/vector-store.json.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EMBEDDING_DIM, type EmbeddingObject } from "../packages/schema/src/index.ts";
import {
  createLanceDbStore,
  createVectorStore,
  type VectorStore,
  vectorStoreEnvSchema,
} from "../packages/vector-store/src/index.ts";

const DOCS = Number(process.env.BENCH_VS_DOCS ?? 10_000);
const BATCH = 500;
const QUERIES = 200;
const CONCEPTS = Array.from({ length: 10 }, () => randomBytes(12).toString("hex"));

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648 - 0.5;
};
function unitVector(): number[] {
  const vector = Array.from({ length: EMBEDDING_DIM }, random);
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

const docs: EmbeddingObject[] = Array.from({ length: DOCS }, (_, index) => ({
  text: `chunk ${index} `.repeat(40),
  embedding: unitVector(),
  source_url: `https://bench.example/page-${Math.floor(index / 20)}`,
  concept: "benchmark concept",
  concept_id: CONCEPTS[index % CONCEPTS.length] as string,
  chunk_index: index % 20,
  title: `Page ${Math.floor(index / 20)}`,
  processed_at: new Date().toISOString(),
  parser_version: "bench",
}));
const queries = Array.from({ length: QUERIES }, unitVector);

/** Upsert, re-upsert and search throughput of one store (documents of this run only, filtered by concept). */
async function measure(store: VectorStore) {
  await store.init();
  let started = performance.now();
  for (let start = 0; start < docs.length; start += BATCH)
    await store.upsertDocuments(docs.slice(start, start + BATCH));
  const insertSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  await store.upsertDocuments(docs.slice(0, BATCH)); // re-ingestion: every id matches
  const reupsertSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (const query of queries) await store.searchDocuments(query, { limit: 10 });
  const searchSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (const [index, query] of queries.entries()) {
    await store.searchDocuments(query, { limit: 10, conceptId: CONCEPTS[index % CONCEPTS.length] as string });
  }
  const filteredSeconds = (performance.now() - started) / 1000;
  const stored = (await Promise.all(CONCEPTS.map((conceptId) => store.countDocuments({ conceptId })))).reduce(
    (sum, n) => sum + n,
    0,
  );
  await store.close();
  return {
    stored,
    inserts_per_second: DOCS / insertSeconds,
    reupserts_per_second: BATCH / reupsertSeconds,
    searches_per_second: QUERIES / searchSeconds,
    filtered_searches_per_second: QUERIES / filteredSeconds,
  };
}

const dir = mkdtempSync(join(tmpdir(), "qp-vs-bench-"));
const lancedb = await measure(createLanceDbStore({ path: dir }));
rmSync(dir, { recursive: true, force: true });
// Weaviate only where one is configured (WEAVIATE_URL…); this run's random concept ids keep its data apart.
const weaviate = process.env.WEAVIATE_URL
  ? await measure(createVectorStore(vectorStoreEnvSchema.parse(process.env)))
  : { skipped: "WEAVIATE_URL not set" };

// Reference: exact cosine scan in JS (vectors are unit length, so cosine = dot product).
const matrix = new Float32Array(DOCS * EMBEDDING_DIM);
for (const [index, doc] of docs.entries()) matrix.set(doc.embedding, index * EMBEDDING_DIM);
const bruteStarted = performance.now();
for (const query of queries) {
  const q = Float32Array.from(query);
  const top: number[] = [];
  for (let row = 0; row < DOCS; row++) {
    let dot = 0;
    const offset = row * EMBEDDING_DIM;
    for (let k = 0; k < EMBEDDING_DIM; k++) dot += (matrix[offset + k] as number) * (q[k] as number);
    if (top.length < 10 || dot > (top[top.length - 1] as number)) {
      top.push(dot);
      top.sort((a, b) => b - a);
      if (top.length > 10) top.pop();
    }
  }
}
const bruteSeconds = (performance.now() - bruteStarted) / 1000;

const results = {
  at: new Date().toISOString(),
  docs: DOCS,
  lancedb,
  weaviate,
  brute_force_js: { searches_per_second: QUERIES / bruteSeconds },
};
const cell = (r: Record<string, unknown>, key: string, digits: number) =>
  typeof r[key] === "number" ? (r[key] as number).toFixed(digits) : String(r.skipped ?? "-");
const line = (key: string, digits: number) => ({
  LanceDB: cell(lancedb, key, digits),
  Weaviate: cell(weaviate, key, digits),
});
console.table({
  "upsert (docs/s)": line("inserts_per_second", 0),
  "re-upsert, all ids match (docs/s)": line("reupserts_per_second", 0),
  "search top-10 (queries/s)": line("searches_per_second", 1),
  "search top-10 + concept filter (queries/s)": line("filtered_searches_per_second", 1),
  "reference: brute-force JS scan (queries/s)": {
    LanceDB: results.brute_force_js.searches_per_second.toFixed(1),
    Weaviate: "",
  },
});
const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "vector-store.json"), JSON.stringify(results, null, 2));
