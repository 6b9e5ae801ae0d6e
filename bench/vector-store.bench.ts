/**
 * Vector search: our LanceDB store (packages/vector-store, through the VectorStore interface) side by side with
 * hnswlib (the reference; PyPI, pip-installed by this bench into .cache/vector-store-bench-venv, or
 * HNSWLIB_PYTHON=/path/to/python) on the same clustered vectors, at 10,000 chunks and, when asked, more
 * (BENCH_VS_SIZES=10000,100000,1000000; 1,000,000 × 384 floats is 1.5 GB and takes a long while on 2 cores).
 * BENCH_VS_EF sets the HNSW query-time ef of both sides (default: the store's, 100).
 *
 * Data: synthetic but clustered like sentence embeddings (see `dataset`): topics of ~500 chunks, 10 concepts
 * (a concept is a set of topics); queries are new points of random topics, concept-filtered queries of a
 * topic of their concept. Ground truth: the exact top 10 by cosine
 * (numpy in the reference script, or a JS scan when Python is missing).
 *
 * For each size: the search index's build (the in-process HNSW index, or over its row limit LanceDB's IVF_PQ
 * through the store's own `maintainIndexes`), searches one at a
 * time (searches/s, p50/p99 latency, recall@10), 8 in flight (throughput), concept-filtered searches
 * (recall@10 within the concept, and the count of hits from another concept, which must be 0), CPU time per
 * search beside the wall-clock figures (the machine is shared); at 10,000 also
 * upserts/s through `upsertDocuments` (how every size is loaded) and the exact scan the store used before
 * the index (searches/s).
 * Weaviate (its HNSW) through the same interface, same vectors and queries, when WEAVIATE_URL is set (sizes up
 * to BENCH_VS_WEAVIATE_UP_TO, default 100,000), in a collection of the run's own that is dropped afterwards.
 *
 * Writes bench/results/vector-store.json: `ratio` = our searches/s at 10,000 chunks, one at a time ÷ 1,000
 * (the goal), `reference` (hnswlib, same run), `load_average` (the machine is shared), every size's figures.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EMBEDDING_DIM, type EmbeddingObject } from "../packages/schema/src/index.ts";
import {
  createLanceDbStore,
  createWeaviateStore,
  DEFAULT_ANN,
  DEFAULT_MEMORY_INDEX,
  type VectorStore,
  vectorIndexKind,
  vectorStoreEnvSchema,
  weaviateOptionsFromEnv,
} from "../packages/vector-store/src/index.ts";
import { RESULTS_DIR, writeResult } from "./lib/results.ts";
import { percentile } from "./lib/stats.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const SIZES = (process.env.BENCH_VS_SIZES ?? "10000").split(",").map(Number);
const QUERIES = Number(process.env.BENCH_VS_QUERIES ?? 500);
const FILTERED = 200;
const IN_FLIGHT = 8;
const K = 10;
const D = EMBEDDING_DIM;
const CONCEPTS = 10;
/** Dimensions each topic's chunks vary in (see `dataset`). */
const LATENT = 12;
const GOAL = 1_000;
/** HNSW candidate list at query time, ours and hnswlib's alike (the store's default unless BENCH_VS_EF). */
const EF = Number(process.env.BENCH_VS_EF ?? DEFAULT_ANN.ef);
/** Also time LanceDB's own query path (its IVF_PQ index) at sizes up to this, beside the in-process index. */
const LANCE_INDEX_UP_TO = Number(process.env.BENCH_VS_LANCE_INDEX_UP_TO ?? 10_000);
/** Build and time hnswlib at sizes up to this (its 1,000,000-row build is long on 2 shared cores). */
const HNSWLIB_UP_TO = Number(process.env.BENCH_VS_HNSWLIB_UP_TO ?? Number.POSITIVE_INFINITY);
/**
 * BENCH_VS_MERGE=1: keep the sizes of bench/results/vector-store.json that this run does not measure (sizes
 * run separately: 10,000 in one run, 1,000,000 in another), each with its own `when` and load average.
 */
const MERGE = process.env.BENCH_VS_MERGE === "1";
/** With WEAVIATE_URL: Weaviate at sizes up to this too (its loading goes through gRPC batches of 500). */
const WEAVIATE_UP_TO = Number(process.env.BENCH_VS_WEAVIATE_UP_TO ?? 100_000);
const loadAtStart = loadavg();

// ---- data -------------------------------------------------------------------------------------------------
// mulberry32: exact 32-bit integer steps. (An LCG stepped in doubles loses its low bits past 2^53 and cycles
// early: at 100,000 chunks it repeated vectors, and duplicates capped every index's recall@10 at 0.91.)
let seed = 20_261_201;
const uniform = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4_294_967_296;
};
const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
function unitInto(out: Float32Array, offset: number, around: Float32Array | null, spread: number) {
  let norm = 0;
  for (let i = 0; i < D; i++) {
    const v = (around ? (around[i] as number) : 0) + spread * gauss();
    out[offset + i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < D; i++) out[offset + i] = (out[offset + i] as number) / norm;
}
const conceptId = (c: number) => c.toString(16).padStart(24, "0");

/**
 * Clustered like sentence embeddings, with a low intrinsic dimension: each topic is a direction (sharing a
 * common one with every other topic) plus a
 * 12-dimensional subspace of its own (what its chunks differ in), plus a little isotropic noise. (Isotropic
 * noise alone makes every chunk of a topic nearly equidistant from a query, a tie no real corpus has and no
 * ANN index, hnswlib included, ranks well.)
 */
function dataset(n: number) {
  const nTopics = Math.max(20, Math.round(n / 500));
  const topics = new Float32Array(nTopics * D);
  const bases = new Float32Array(nTopics * LATENT * D);
  // Topics share a common direction (cosine ≈ 0.3 between topics, as between unrelated sentences of one
  // model): far-apart, orthogonal clusters would leave an HNSW graph without links between them.
  const common = new Float32Array(D);
  unitInto(common, 0, null, 1);
  for (let t = 0; t < nTopics; t++) {
    unitInto(topics, t * D, null, 1);
    const own = topics.subarray(t * D, (t + 1) * D);
    unitInto(
      topics,
      t * D,
      own.map((x, i) => x + 0.65 * (common[i] as number)),
      0,
    );
  }
  for (let b = 0; b < nTopics * LATENT; b++) unitInto(bases, b * D, null, 1);
  const scratch = new Float32Array(D);
  const point = (out: Float32Array, offset: number, t: number) => {
    scratch.set(topics.subarray(t * D, (t + 1) * D));
    for (let j = 0; j < LATENT; j++) {
      const z = (0.35 / Math.sqrt(LATENT)) * gauss();
      const base = (t * LATENT + j) * D;
      for (let i = 0; i < D; i++) scratch[i] = (scratch[i] as number) + z * (bases[base + i] as number);
    }
    unitInto(out, offset, scratch, 0.01);
  };
  const docs = new Float32Array(n * D);
  const docConcepts = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const t = Math.floor(uniform() * nTopics);
    point(docs, k * D, t);
    docConcepts[k] = t % CONCEPTS;
  }
  const queries = new Float32Array(QUERIES * D);
  const queryConcepts = new Int32Array(QUERIES);
  for (let q = 0; q < QUERIES; q++) {
    const t = Math.floor(uniform() * nTopics);
    point(queries, q * D, t);
    queryConcepts[q] = t % CONCEPTS;
  }
  return { docs, docConcepts, queries, queryConcepts };
}
type Dataset = ReturnType<typeof dataset>;
const row = (v: Float32Array, k: number) => v.subarray(k * D, (k + 1) * D);
const chunk = (data: Dataset, k: number): EmbeddingObject => ({
  text: `chunk ${k} of a benchmark page, long enough to stand for a passage of text. `.repeat(6),
  embedding: Array.from(row(data.docs, k)),
  source_url: `https://bench.example/page-${Math.floor(k / 20)}`,
  concept: "benchmark concept",
  concept_id: conceptId(data.docConcepts[k] as number),
  chunk_index: k % 20,
  title: `Page ${Math.floor(k / 20)}`,
  processed_at: "2026-12-01T00:00:00.000Z",
  parser_version: "bench",
});
const keyOf = (k: number) => `https://bench.example/page-${Math.floor(k / 20)}#${k % 20}`;

// ---- reference: hnswlib (and the exact top 10) ----------------------------------------------------------
function referencePython(): { python: string | null; why?: string } {
  if (process.env.HNSWLIB_PYTHON) return { python: process.env.HNSWLIB_PYTHON };
  const venv = join(root, ".cache", "vector-store-bench-venv");
  const python = join(venv, "bin", "python");
  const ok = () => spawnSync(python, ["-c", "import hnswlib, numpy"]).status === 0;
  if (existsSync(python) && ok()) return { python };
  console.log(`creating ${venv} and pip-installing hnswlib + numpy (first run only)…`);
  mkdirSync(dirname(venv), { recursive: true });
  if (spawnSync("python3", ["-m", "venv", venv], { stdio: "inherit" }).status !== 0)
    return { python: null, why: "python3 -m venv failed" };
  const pip = spawnSync(python, ["-m", "pip", "install", "--quiet", "hnswlib", "numpy"], {
    stdio: "inherit",
  });
  if (pip.status !== 0 || !ok()) return { python: null, why: "pip install hnswlib numpy failed" };
  return { python };
}

interface Reference {
  exact: number[][];
  exact_filtered: number[][];
  hnswlib: Record<string, unknown>;
}
function reference(data: Dataset, n: number, python: string | null, why?: string): Reference {
  if (python) {
    const dir = join(root, ".cache", "vector-store-bench");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "docs.f32"), data.docs);
    writeFileSync(join(dir, "queries.f32"), data.queries);
    writeFileSync(join(dir, "docs.i32"), data.docConcepts);
    writeFileSync(join(dir, "queries.i32"), data.queryConcepts);
    const out = join(dir, "result.json");
    const args = [join(here, "vector_store_hnswlib.py"), dir, String(n), String(QUERIES), String(D), out];
    args.push(String(EF), ...(n > HNSWLIB_UP_TO ? ["exact-only"] : []));
    const run = spawnSync(python, args, { stdio: "inherit" });
    rmSync(join(dir, "docs.f32"), { force: true });
    if (run.status === 0) return JSON.parse(readFileSync(out, "utf8")) as Reference;
    why = `reference script failed (exit ${run.status})`;
  }
  console.warn(`hnswlib skipped: ${why}; exact top 10 by a JS scan instead`);
  const top = (q: number, concept: number | null) => {
    const scores: Array<[number, number]> = [];
    const query = row(data.queries, q);
    for (let k = 0; k < n; k++) {
      if (concept !== null && data.docConcepts[k] !== concept) continue;
      let dot = 0;
      for (let i = 0, o = k * D; i < D; i++) dot += (data.docs[o + i] as number) * (query[i] as number);
      scores.push([dot, k]);
    }
    return scores
      .sort((a, b) => b[0] - a[0])
      .slice(0, K)
      .map(([, k]) => k);
  };
  return {
    exact: Array.from({ length: QUERIES }, (_, q) => top(q, null)),
    exact_filtered: Array.from({ length: QUERIES }, (_, q) => top(q, data.queryConcepts[q] as number)),
    hnswlib: { skipped: why },
  };
}

// ---- ours ---------------------------------------------------------------------------------------------------
const round = (v: number, digits = 3) => Number(v.toFixed(digits));

async function searches(store: VectorStore, data: Dataset, exact: number[][], filtered: boolean) {
  const count = filtered ? FILTERED : QUERIES;
  const options = (q: number) => ({
    limit: K,
    ...(filtered ? { conceptId: conceptId(data.queryConcepts[q] as number) } : {}),
  });
  for (let q = 0; q < 20; q++) await store.searchDocuments(Array.from(row(data.queries, q)), options(q));
  const queries = Array.from({ length: count }, (_, q) => Array.from(row(data.queries, q)));
  const latencies: number[] = [];
  let found = 0;
  let wrongConcept = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (let q = 0; q < count; q++) {
    const t = performance.now();
    const hits = await store.searchDocuments(queries[q] as number[], options(q));
    latencies.push(performance.now() - t);
    const truth = new Set((exact[q] as number[]).map(keyOf));
    found += hits.filter((hit) => truth.has(`${hit.source_url}#${hit.chunk_index}`)).length;
    if (filtered) wrongConcept += hits.filter((hit) => hit.concept_id !== options(q).conceptId).length;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  // Throughput with IN_FLIGHT searches at a time (a service answering several users).
  let next = 0;
  const concurrentStarted = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        const q = next++;
        await store.searchDocuments(queries[q] as number[], options(q));
      }
    }),
  );
  const concurrentSeconds = (performance.now() - concurrentStarted) / 1000;
  return {
    searches_per_second: round(count / seconds, 1),
    [`searches_per_second_${IN_FLIGHT}_in_flight`]: round(count / concurrentSeconds, 1),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    // CPU time of this process per search (all its threads): waiting for a core on a shared machine does
    // not inflate it, unlike searches/s.
    cpu_ms_per_search: round((cpu.user + cpu.system) / 1000 / count, 4),
    recall_at_10: round(found / (count * K), 4),
    ...(filtered ? { hits_from_another_concept: wrongConcept } : {}),
  };
}

async function lancedbAt(n: number, data: Dataset, ref: Reference) {
  const dir = mkdtempSync(join(tmpdir(), "qp-vs-bench-"));
  // Loaded with every index held back, to time the exact scan the store did before (and the upserts alone).
  const loader = createLanceDbStore({
    path: dir,
    memoryIndex: false,
    ann: { minRows: Number.MAX_SAFE_INTEGER },
  });
  await loader.init();
  const extra: Record<string, unknown> = {};
  const batch = n <= 10_000 ? 500 : 5_000;
  let started = performance.now();
  for (let start = 0; start < n; start += batch)
    await loader.upsertDocuments(
      Array.from({ length: Math.min(batch, n - start) }, (_, k) => chunk(data, start + k)),
    );
  extra[`upserts_per_second_batches_of_${batch}`] = round(n / ((performance.now() - started) / 1000), 0);
  const scanQueries = n <= 10_000 ? 50 : 10;
  started = performance.now();
  for (let q = 0; q < scanQueries; q++)
    await loader.searchDocuments(Array.from(row(data.queries, q)), { limit: K });
  extra.exact_scan_searches_per_second = round(scanQueries / ((performance.now() - started) / 1000), 1);
  await loader.close();
  // The store as services run it (defaults: the in-process HNSW index, built from the table on the first
  // search; timed here as the build), kept open for every search.
  const store = createLanceDbStore({ path: dir, ...(EF !== DEFAULT_ANN.ef ? { ann: { ef: EF } } : {}) });
  started = performance.now();
  const index = await store.syncSearchIndex();
  extra.index_build_s = round((performance.now() - started) / 1000, 1);
  const rssAfterBuild = process.memoryUsage().rss;
  // Over the in-process index's row limit (memory-index.ts, maxRows) LanceDB's own index answers searches.
  const indexKind = index?.overMaxRows
    ? `LanceDB's ${vectorIndexKind(n)} index (over the in-process index's ${DEFAULT_MEMORY_INDEX.maxRows.toLocaleString("en")}-row limit)`
    : "in-process HNSW (hnswlib-node) beside the table";
  const unfiltered = await searches(store, data, ref.exact, false);
  const filtered = await searches(store, data, ref.exact_filtered, true);
  await store.close(); // saves the graph next to the table
  // A restart: the saved graph is loaded (rows read back, no graph building) instead of rebuilt.
  const reopened = createLanceDbStore({ path: dir });
  started = performance.now();
  const reloaded = await reopened.syncSearchIndex();
  extra.index_reload_s = round((performance.now() - started) / 1000, 1);
  extra.index_reload_source = reloaded?.source;
  await reopened.close();
  // LanceDB's own query path over its IVF_PQ index (what searches use over the row limit), where asked.
  if (LANCE_INDEX_UP_TO >= n) {
    const lance = createLanceDbStore({
      path: dir,
      memoryIndex: false,
      ...(EF !== DEFAULT_ANN.ef ? { ann: { ef: EF } } : {}),
    });
    started = performance.now();
    const built = await lance.maintainIndexes();
    const buildSeconds = round((performance.now() - started) / 1000, 1);
    extra.lancedb_query_path = {
      index: { ...(await lance.indexState()), action: built.action, build_s: buildSeconds },
      ...(await searches(lance, data, ref.exact, false)),
      concept_filter: await searches(lance, data, ref.exact_filtered, true),
    };
    await lance.close();
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    index: { kind: indexKind, ...index },
    rss_mb_after_searches: round(process.memoryUsage().rss / 2 ** 20, 0),
    rss_mb_after_build: round(rssAfterBuild / 2 ** 20, 0),
    ...extra,
    ...unfiltered,
    concept_filter: filtered,
  };
}

/**
 * Weaviate (its HNSW: ef = max(limit × 8, 100) = 100 for the top 10, like ours; maxConnections 32, ef
 * construction 128) through the same interface, on the same vectors and queries as LanceDB, in collections of
 * this run's own (dropped at the end), so the unfiltered searches see only the bench's chunks.
 */
async function weaviateAt(n: number, data: Dataset, ref: Reference) {
  const env = vectorStoreEnvSchema.parse(process.env);
  const options = weaviateOptionsFromEnv({ ...env, WEAVIATE_URL: env.WEAVIATE_URL as string });
  const suffix = Math.random().toString(16).slice(2, 10);
  const collections = { document: `BenchDocument${suffix}`, backtest: `BenchBacktest${suffix}` };
  const store = createWeaviateStore({ ...options, collections });
  console.log(`Weaviate (${collections.document})…`);
  try {
    await store.init();
    const batch = 500;
    const started = performance.now();
    for (let start = 0; start < n; start += batch)
      await store.upsertDocuments(
        Array.from({ length: Math.min(batch, n - start) }, (_, k) => chunk(data, start + k)),
      );
    const upsertsPerSecond = round(n / ((performance.now() - started) / 1000), 0);
    const count = await store.countDocuments();
    if (count !== n) throw new Error(`Weaviate holds ${count} of the ${n} chunks written`);
    return {
      index: "Weaviate HNSW (server defaults, cosine), over gRPC",
      [`upserts_per_second_batches_of_${batch}`]: upsertsPerSecond,
      ...(await searches(store, data, ref.exact, false)),
      concept_filter: await searches(store, data, ref.exact_filtered, true),
    };
  } finally {
    await store.close();
    // The VectorStore interface has no drop (nothing in the pipeline drops a collection): REST does it.
    const headers: Record<string, string> = options.apiKey
      ? { authorization: `Bearer ${options.apiKey}` }
      : {};
    for (const name of Object.values(collections))
      await fetch(`${options.url.replace(/\/+$/, "")}/v1/schema/${name}`, { method: "DELETE", headers });
  }
}

// ---- run ----------------------------------------------------------------------------------------------------
const { python, why } = referencePython();
const sizes: Array<Record<string, unknown>> = [];
for (const n of SIZES) {
  console.log(`\n${n.toLocaleString("en")} chunks × ${D}: generating…`);
  const data = dataset(n);
  const ref = reference(data, n, python, why);
  console.log("reference done; LanceDB…");
  const lancedb = await lancedbAt(n, data, ref);
  const weaviate = !process.env.WEAVIATE_URL
    ? { skipped: "WEAVIATE_URL not set" }
    : n > WEAVIATE_UP_TO
      ? { skipped: `over BENCH_VS_WEAVIATE_UP_TO (${WEAVIATE_UP_TO})` }
      : await weaviateAt(n, data, ref);
  sizes.push({
    chunks: n,
    lancedb,
    weaviate,
    hnswlib: ref.hnswlib,
    load_average: loadavg(),
    when: new Date().toISOString(),
  });
  console.log(JSON.stringify(sizes.at(-1), null, 1));
}

if (MERGE && existsSync(join(RESULTS_DIR, "vector-store.json"))) {
  const earlier = JSON.parse(readFileSync(join(RESULTS_DIR, "vector-store.json"), "utf8")) as {
    sizes?: Array<Record<string, unknown>>;
    when?: string;
  };
  for (const size of earlier.sizes ?? [])
    if (!sizes.some((s) => s.chunks === size.chunks)) sizes.push({ when: earlier.when, ...size });
  sizes.sort((a, b) => (a.chunks as number) - (b.chunks as number));
}
const at10k = sizes.find((s) => s.chunks === 10_000) as
  | { lancedb: { searches_per_second: number }; hnswlib: { searches_per_second?: number } }
  | undefined;
const results = {
  ratio: at10k ? round(at10k.lancedb.searches_per_second / GOAL, 3) : null,
  reference:
    "goal: 1,000 searches/s at 10,000 chunks, one search at a time through VectorStore.searchDocuments (ratio = ours ÷ 1,000); " +
    "hnswlib (PyPI, cosine, M 16, the same ef, one query per call) beside it in every size's `hnswlib`, same run, same vectors",
  hnswlib_searches_per_second_at_10k: at10k?.hnswlib.searches_per_second ?? null,
  load_average: { start: loadAtStart, end: loadavg() },
  when: new Date().toISOString(),
  queries: QUERIES,
  ef: EF,
  filtered_queries: FILTERED,
  sizes,
};
console.table(
  Object.fromEntries(
    sizes.map((s) => {
      const l = s.lancedb as Record<string, number>;
      const h = s.hnswlib as Record<string, number>;
      const w = (s.weaviate ?? {}) as Record<string, number>;
      return [
        `${(s.chunks as number).toLocaleString("en")} chunks`,
        {
          "LanceDB searches/s": l.searches_per_second,
          [`LanceDB ${IN_FLIGHT} in flight/s`]: l[`searches_per_second_${IN_FLIGHT}_in_flight`],
          "LanceDB p50/p99 ms": `${l.p50_ms} / ${l.p99_ms}`,
          "LanceDB recall@10": l.recall_at_10,
          "hnswlib searches/s": h.searches_per_second ?? "-",
          "hnswlib p50/p99 ms": h.p50_ms === undefined ? "-" : `${round(h.p50_ms)} / ${round(h.p99_ms ?? 0)}`,
          "hnswlib recall@10": h.recall_at_10 ?? "-",
          "Weaviate searches/s": w.searches_per_second ?? "-",
          "Weaviate p50/p99 ms": w.p50_ms === undefined ? "-" : `${w.p50_ms} / ${w.p99_ms}`,
          "Weaviate recall@10": w.recall_at_10 ?? "-",
        },
      ];
    }),
  ),
);
console.log(
  `ratio ${results.ratio}; load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")}`,
);
writeResult("vector-store", results);
