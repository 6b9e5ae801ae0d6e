import { Index, type Table } from "@lancedb/lancedb";

/**
 * When the `Document` table gets an ANN index and when it is refreshed. Below `minRows` a search is an exact
 * scan (fast enough there, and exact); from `minRows` on, an IVF_HNSW_SQ index (cosine) answers, and rows
 * written after it was built are searched exactly beside it (LanceDB scans unindexed rows) until
 * `refreshRows` of them have gathered, when `optimize()` folds them into the index.
 */
export interface AnnOptions {
  minRows: number;
  refreshRows: number;
  /** HNSW candidate list size at query time (at least 4 × limit is used): recall against latency. */
  ef: number;
  /**
   * Build LanceDB's own IVF_HNSW_SQ index. Only its query path uses it; with the in-process index
   * (memory-index.ts, the default) searches never do, so the writer then only compacts (see
   * `maintainIndexes`) instead of spending minutes of its write queue on a build (301 s at 100,000 rows).
   */
  vectorIndex: boolean;
}

export const DEFAULT_ANN: AnnOptions = { minRows: 5_000, refreshRows: 2_000, ef: 100, vectorIndex: true };

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
  const [rows, indices] = await Promise.all([table.countRows(), table.listIndices()]);
  const vector = indices.find((index) => index.columns.includes("vector"));
  const stats = vector ? await table.indexStats(vector.name) : undefined;
  return {
    rows,
    vector: vector !== undefined,
    indexedRows: stats?.numIndexedRows ?? 0,
    unindexedRows: stats?.numUnindexedRows ?? rows,
    conceptIndex: indices.some((index) => index.columns.includes("concept_id")),
  };
}

/**
 * One HNSW graph per IVF partition: a single graph up to ~500k rows (the best recall per probe), then more
 * partitions so that building one graph does not need the whole table in memory at once.
 */
export function partitionsFor(rows: number): number {
  return Math.max(1, Math.ceil(rows / 500_000));
}

/**
 * Build the indexes once the table is large enough, or fold newly written rows into them. Run inside the
 * store's write queue: LanceDB commits on one table conflict when concurrent.
 */
export async function maintainIndexes(
  table: Table,
  options: AnnOptions,
): Promise<{ action: "built" | "refreshed" | "none"; state: IndexState }> {
  const state = await indexState(table);
  if (!options.vectorIndex) {
    // No vector index to fold rows into: compact once the writes' small fragments gather (fewer files to
    // open per scan), and give concept_id its BTREE (counts and deletes filter by it).
    if (state.rows >= options.minRows && !state.conceptIndex) {
      await table.createIndex("concept_id", { config: Index.btree() });
      return { action: "built", state: await indexState(table) };
    }
    const { fragmentStats } = await table.stats();
    if (fragmentStats.numSmallFragments < COMPACT_AT_SMALL_FRAGMENTS) return { action: "none", state };
    await table.optimize();
    return { action: "refreshed", state: await indexState(table) };
  }
  if (!state.vector) {
    if (state.rows < options.minRows) return { action: "none", state };
    await table.createIndex("vector", {
      config: Index.hnswSq({ distanceType: "cosine", numPartitions: partitionsFor(state.rows) }),
    });
    if (!state.conceptIndex) await table.createIndex("concept_id", { config: Index.btree() });
    return { action: "built", state: await indexState(table) };
  }
  if (state.unindexedRows >= options.refreshRows) {
    await table.optimize();
    return { action: "refreshed", state: await indexState(table) };
  }
  return { action: "none", state };
}
