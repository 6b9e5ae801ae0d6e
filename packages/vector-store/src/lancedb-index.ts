import { Index, type IndexConfig, type Table } from "@lancedb/lancedb";

/**
 * When the `Document` table gets its indexes and when they are refreshed. From `minRows` rows concept_id gets
 * a BTREE (the concept filter's prefilter, counts, deletes). From `vectorIndexRows` rows the vector column
 * gets LanceDB's ANN index (see `vectorIndexFor`); rows written after it was built are searched exactly
 * beside it (LanceDB scans unindexed rows) until `refreshRows` of them have gathered, when `optimize()`
 * folds them into the index. Below it a LanceDB search is an exact scan.
 */
export interface AnnOptions {
  minRows: number;
  refreshRows: number;
  /** The in-process index's HNSW candidate list at query time (at least 4 × limit is used). */
  ef: number;
  /**
   * Rows from which LanceDB's own vector index is built. Only LanceDB's query path uses it: with the
   * in-process index (memory-index.ts) searches reach it only above that index's row limit, so the store
   * sets this to 80 % of that limit (and to `minRows` without the in-process index).
   */
  vectorIndexRows: number;
  /**
   * IVF partitions a search reads (of `partitionsFor(rows)`), and the candidates re-ranked by their exact
   * vectors, as a multiple of the limit (PQ distances alone rank too coarsely: recall@10 0.949 with 5 at
   * 1,000,000 rows, 0.9995 with 20, bench data).
   */
  nprobes: number;
  refineFactor: number;
}

export const DEFAULT_ANN: AnnOptions = {
  minRows: 5_000,
  refreshRows: 2_000,
  ef: 100,
  vectorIndexRows: 5_000,
  nprobes: 10,
  refineFactor: 10,
};

/** Small fragments (one per write) that a store without LanceDB's vector index lets gather before compacting. */
const COMPACT_AT_SMALL_FRAGMENTS = 32;

export interface IndexState {
  rows: number;
  /** The vector index exists. */
  vector: boolean;
  /** Rows the vector index covers, and rows written since (searched by an exact scan beside the index). */
  indexedRows: number;
  unindexedRows: number;
  /** A scalar (BTREE) index on concept_id, used by the concept filter's prefilter. */
  conceptIndex: boolean;
}

export async function indexState(table: Table): Promise<IndexState> {
  return (await listedState(table)).state;
}

/** The state and the index listing it was read from (maintainIndexes hands the listing on to prewarmIndexes). */
async function listedState(table: Table): Promise<{ state: IndexState; indices: IndexConfig[] }> {
  const [rows, indices] = await Promise.all([table.countRows(), table.listIndices()]);
  const vector = indices.find((index) => index.columns.includes("vector"));
  const stats = vector ? await table.indexStats(vector.name) : undefined;
  const state = {
    rows,
    vector: vector !== undefined,
    indexedRows: stats?.numIndexedRows ?? 0,
    unindexedRows: stats?.numUnindexedRows ?? rows,
    conceptIndex: indices.some((index) => index.columns.includes("concept_id")),
  };
  return { state, indices };
}

/** IVF partitions of ~4,000 rows: a PQ partition is read in ~0.16 ms (1,000,000 rows, 256 partitions). */
export function partitionsFor(rows: number): number {
  return Math.max(1, Math.round(rows / 4_000));
}

/**
 * LanceDB's vector index: IVF_PQ (cosine, 48 sub-vectors of 8 dimensions), searched with `nprobes` and a
 * refine step. Not IVF_HNSW_SQ, whose graph build took 301 s at 100,000 rows here (1,000,000: hours), nor
 * IVF_FLAT, whose partitions LanceDB reads whole for every search (~3 ms each at 1,000 rows a partition).
 */
export function vectorIndexFor(rows: number): Index {
  return Index.ivfPq({ distanceType: "cosine", numPartitions: partitionsFor(rows), numSubVectors: 48 });
}
export const vectorIndexKind = (rows: number) => `IVF_PQ (${partitionsFor(rows)} partitions, 48 sub-vectors)`;

/**
 * Build the indexes once the table is large enough, or fold newly written rows into them. Run inside the
 * store's write queue: LanceDB commits on one table conflict when concurrent. `indices` is the listing the
 * returned state was read from (after the last change), for prewarmIndexes, so the indexes are listed once.
 */
export async function maintainIndexes(
  table: Table,
  options: AnnOptions,
): Promise<{ action: "built" | "refreshed" | "none"; state: IndexState; indices: IndexConfig[] }> {
  let { state, indices } = await listedState(table);
  let action: "built" | "refreshed" | "none" = "none";
  if (state.rows >= options.minRows && !state.conceptIndex) {
    await table.createIndex("concept_id", { config: Index.btree() });
    action = "built";
  }
  if (!state.vector && state.rows >= options.vectorIndexRows) {
    // One fragment instead of one per write first: a search's Take of its hits and the refine step's
    // vectors then read one file (1,000,000 rows in 200 fragments: 9.7 → 5.9 ms CPU a search; 23 s here).
    await table.optimize();
    await table.createIndex("vector", { config: vectorIndexFor(state.rows) });
    action = "built";
  } else if (state.vector && state.unindexedRows >= options.refreshRows) {
    await table.optimize();
    action = "refreshed";
  } else if (!state.vector) {
    // No vector index to fold rows into: compact once the writes' small fragments gather (fewer files to
    // open per scan).
    const { fragmentStats } = await table.stats();
    if (fragmentStats.numSmallFragments >= COMPACT_AT_SMALL_FRAGMENTS) {
      await table.optimize();
      if (action === "none") action = "refreshed";
    }
  }
  if (action !== "none") ({ state, indices } = await listedState(table));
  return { action, state, indices };
}

/**
 * Load the indexes a search reads (the vector index's IVF partitions and PQ codes, the concept BTREE) into
 * LanceDB's cache of this process, once per index version (`warmed` holds the index uuids done). Without it
 * the first searches after a start or a rebuild each read the partitions they probe from disk: the slow tail
 * of a 1,000,000-row table's latencies (p99 several times p50 in the bench). `indices` is a listing the caller
 * already has (maintainIndexes returns its own); without one the table's indexes are listed here.
 */
export async function prewarmIndexes(
  table: Table,
  warmed: Set<string>,
  indices?: IndexConfig[],
): Promise<number> {
  let loaded = 0;
  for (const index of indices ?? (await table.listIndices())) {
    const searched = index.columns.includes("vector") || index.columns.includes("concept_id");
    // The uuid names this version of the index (a rebuild or an optimize that re-trains gets a new one).
    const version = index.indexUuid ?? `${index.name}@${index.numIndexedRows}`;
    if (!searched || warmed.has(version)) continue;
    await table.prewarmIndex(index.name);
    warmed.add(version);
    loaded++;
  }
  return loaded;
}
