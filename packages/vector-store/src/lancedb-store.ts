import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Connection, connect, type Table } from "@lancedb/lancedb";
import { type EmbeddingObject, stableUuid } from "@qp/schema";
import { TransientError } from "@qp/service-kit";
import type { Table as ArrowTable } from "apache-arrow";
import {
  type AnnOptions,
  DEFAULT_ANN,
  type IndexState,
  indexState,
  maintainIndexes,
  prewarmIndexes,
} from "./lancedb-index.ts";
import {
  backtestFromRow,
  backtestRows,
  backtestSchema,
  documentRows,
  documentSchema,
} from "./lancedb-schema.ts";
import {
  createMemoryIndex,
  DEFAULT_MEMORY_INDEX,
  type MemoryIndex,
  type MemoryIndexOptions,
  type MemoryIndexStats,
  PAYLOAD,
} from "./memory-index.ts";
import { createSerialQueue } from "./serial.ts";
import type { BacktestRecord, CountOptions, DocumentHit, SearchOptions, VectorStore } from "./types.ts";
import {
  assertConceptId,
  VectorStoreInputError,
  validateBacktests,
  validateDocuments,
  validateVector,
} from "./validate.ts";

const HIT_COLUMNS = [...PAYLOAD, "_distance"];

/** A SQL string literal for LanceDB (DataFusion) filters. */
const sql = (value: string) => `'${value.replaceAll("'", "''")}'`;

function where({ conceptId, sourceUrl }: CountOptions): string | undefined {
  const parts: string[] = [];
  if (conceptId !== undefined) {
    assertConceptId(conceptId);
    parts.push(`concept_id = ${sql(conceptId)}`);
  }
  if (sourceUrl !== undefined) parts.push(`source_url = ${sql(sourceUrl)}`);
  return parts.length > 0 ? parts.join(" AND ") : undefined;
}

/** Store failures other than our own input checks are I/O trouble a retry may fix. */
async function transient<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof VectorStoreInputError || error instanceof TransientError) throw error;
    // The library's message (file paths, internals) stays in the cause, for the log; callers see only this.
    throw new TransientError(`lancedb ${what} failed`, { cause: error });
  }
}

/** Rows a store writes between two looks at whether its indexes need building or refreshing. */
const CHECK_EVERY_ROWS = 1_000;
/** How often a searching process over the in-process index's limit looks at LanceDB's index. */
const UPKEEP_FROM_SEARCH_MS = 30_000;

/** The LanceDB store, plus its index upkeep (benches and tests wait for it; a service never has to). */
export interface LanceDbStore extends VectorStore {
  /** Build or refresh the indexes now if they need it (see AnnOptions) and say where they stand. */
  maintainIndexes(): Promise<{ action: "built" | "refreshed" | "none"; state: IndexState }>;
  indexState(): Promise<IndexState>;
  /**
   * Build the in-process search index now, or catch it up with the table (null when it is switched off);
   * over its row limit, build or refresh LanceDB's own index instead (`lancedb`: where it stands).
   */
  syncSearchIndex(): Promise<(MemoryIndexStats & { lancedb?: IndexState }) | null>;
}

/**
 * The embedded store: LanceDB tables `Document` and `Backtest` in a folder on disk (VECTOR_DB_PATH).
 * Upserts are `mergeInsert` on `id`, serialised per process (concurrent commits to one table conflict).
 * Search is cosine with an optional concept filter, answered by the in-process HNSW index (memory-index.ts)
 * up to its row limit; beyond it (or with `memoryIndex: false`) by LanceDB's query path: an exact scan while
 * the table is small, then an IVF_PQ index that the writing process builds in the background once the table
 * reaches `ann.vectorIndexRows` rows and refreshes (`optimize`) as new rows gather (lancedb-index.ts); the
 * concept filter is a prefilter over a BTREE index on concept_id, so it never returns another concept's chunks.
 */
export function createLanceDbStore(options: {
  path: string;
  /**
   * How stale a read may be, in seconds, when another process (the parser) writes the same folder the
   * orchestrator searches. LanceDB's default never re-reads, so searches would miss every new chunk; 0 checks
   * the table version on every read, which on a local disk costs a file stat.
   */
  readConsistencySeconds?: number;
  /** When the ANN index is built and refreshed (defaults: DEFAULT_ANN). */
  ann?: Partial<AnnOptions>;
  /**
   * The in-process HNSW index searches answer from (memory-index.ts; default on, built on the first search),
   * or false to search through LanceDB's own query path.
   */
  memoryIndex?: Partial<MemoryIndexOptions> | false;
}): LanceDbStore {
  let connection: Promise<{ db: Connection; documents: Table; backtests: Table }> | undefined;
  const serial = createSerialQueue();
  const memorySettings =
    options.memoryIndex === false ? undefined : { ...DEFAULT_MEMORY_INDEX, ...options.memoryIndex };
  const merged = { ...DEFAULT_ANN, ...options.ann };
  // LanceDB's vector index serves only its own query path: with the in-process index, searches reach it only
  // over the index's row limit, so it is built from 80 % of that limit on (ready before searches need it).
  const ann: AnnOptions = {
    ...merged,
    vectorIndexRows:
      options.ann?.vectorIndexRows ??
      (memorySettings ? Math.max(merged.minRows, Math.floor(memorySettings.maxRows * 0.8)) : merged.minRows),
  };
  // Index upkeep runs in the write queue, in the background of the upsert that crossed a threshold.
  let writtenSinceCheck = 0;
  let upkeep: Promise<unknown> | null = null;
  // Index uuids this process has loaded into LanceDB's cache (see prewarmIndexes).
  const warmed = new Set<string>();
  const maintain = () =>
    transient("index", async () => {
      const { action, state, indices } = await serial(async () =>
        maintainIndexes((await open()).documents, ann),
      );
      // Outside the write queue: loading the index is a read, and writes need not wait for it. The listing
      // maintainIndexes read its state from is the one to warm (listed once per maintenance).
      if (state.vector) await prewarmIndexes((await open()).documents, warmed, indices);
      return { action, state };
    });
  const upkeepNow = () => {
    if (upkeep) return;
    // A failed build leaves search exact (and slower), never wrong; the next check tries again.
    upkeep = maintain()
      .catch(() => {})
      .finally(() => {
        upkeep = null;
      });
  };
  const scheduleUpkeep = (written: number) => {
    writtenSinceCheck += written;
    if (upkeep || writtenSinceCheck < Math.min(CHECK_EVERY_ROWS, ann.minRows)) return;
    writtenSinceCheck = 0;
    upkeepNow();
  };
  // A searching process over the in-process index's limit also sees to LanceDB's index (the table may have
  // been loaded by a process that builds none), at most every UPKEEP_FROM_SEARCH_MS.
  let searchUpkeepAt = Number.NEGATIVE_INFINITY;
  const upkeepFromSearch = () => {
    const now = performance.now();
    if (now - searchUpkeepAt < UPKEEP_FROM_SEARCH_MS) return;
    searchUpkeepAt = now;
    upkeepNow();
  };

  let memory: Promise<MemoryIndex> | undefined;
  const memoryIndex = () => {
    const settings = memorySettings;
    if (!settings) return undefined;
    memory ??= open()
      .then(({ documents }) =>
        createMemoryIndex(
          documents,
          join(options.path, "Document.lance"),
          settings,
          join(options.path, "Document.hnsw"),
        ),
      )
      .catch((error: unknown) => {
        memory = undefined; // the next search tries again
        throw error;
      });
    return memory;
  };

  const open = () => {
    connection ??= (async () => {
      await mkdir(options.path, { recursive: true });
      const db = await connect(options.path, {
        readConsistencyInterval: options.readConsistencySeconds ?? 0,
      });
      const documents = await db.createEmptyTable("Document", documentSchema, {
        mode: "create",
        existOk: true,
      });
      const backtests = await db.createEmptyTable("Backtest", backtestSchema, {
        mode: "create",
        existOk: true,
      });
      return { db, documents, backtests };
    })().catch((error: unknown) => {
      connection = undefined; // let the next call try again
      throw error;
    });
    return connection;
  };

  return {
    kind: "lancedb",
    init: () => transient("open", async () => void (await open())),

    async upsertDocuments(input) {
      const documents = validateDocuments(input);
      if (documents.length === 0) return { written: 0 };
      const ids = await Promise.all(
        documents.map((d: EmbeddingObject) => stableUuid(d.concept_id, d.source_url, d.chunk_index)),
      );
      // Two chunks with one id in one call would make mergeInsert ambiguous; the later one wins.
      const last = new Map(ids.map((id, index) => [id, index]));
      const keep = [...last.values()].sort((a, b) => a - b);
      const table = documentRows(
        keep.map((index) => ids[index] ?? ""),
        keep.map((index) => documents[index] as EmbeddingObject),
      );
      return transient("upsert", () =>
        serial(async () => {
          const { documents: target } = await open();
          await target.mergeInsert("id").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(table);
          return { written: keep.length };
        }),
      ).then((result) => {
        scheduleUpkeep(result.written);
        return result;
      });
    },

    maintainIndexes: maintain,
    indexState: () => transient("index state", async () => indexState((await open()).documents)),
    syncSearchIndex: () =>
      transient("search index", async () => {
        const index = await memoryIndex();
        if (!index) return null;
        await index.sync();
        const stats = index.stats();
        if (!stats.overMaxRows) return stats;
        // Over the limit LanceDB's own index answers: build it, or fold new rows into it, now.
        await (upkeep ?? Promise.resolve());
        return { ...stats, lancedb: (await maintain()).state };
      }),

    async deleteStaleChunks(conceptId, sourceUrl, fromChunkIndex) {
      const filter = `${where({ conceptId, sourceUrl })} AND chunk_index >= ${Math.max(0, Math.floor(fromChunkIndex))}`;
      return transient("delete", () =>
        serial(async () => {
          const { documents } = await open();
          const stale = await documents.countRows(filter);
          if (stale > 0) await documents.delete(filter);
          return stale;
        }),
      );
    },

    async searchDocuments(vector, { conceptId, limit }: SearchOptions) {
      const query = validateVector(vector);
      const filter = where({ conceptId });
      return transient("search", async () => {
        const index = await memoryIndex();
        // Undefined while the in-process index is first built (or loads a bulk of rows): LanceDB answers.
        const hits = await index?.search(query, limit, Math.max(ann.ef, 4 * limit), conceptId);
        if (hits) return hits;
        if (index?.stats().overMaxRows) upkeepFromSearch();
        const { documents } = await open();
        // Leave the stored vectors on disk (HIT_COLUMNS has no `vector`), and read the hits column by column
        // from the Arrow result instead of through per-row proxy objects. `nprobes` and the refine step only
        // matter once the IVF_PQ index exists; the concept filter is a prefilter (LanceDB's default), exact
        // with or without it.
        let search = documents
          .vectorSearch(Float32Array.from(query))
          .distanceType("cosine")
          .nprobes(ann.nprobes)
          .refineFactor(ann.refineFactor)
          .select(HIT_COLUMNS)
          .limit(limit);
        if (filter) search = search.where(filter);
        return hitsOf(await search.toArrow());
      });
    },

    countDocuments: (options = {}) =>
      transient("count", async () => (await open()).documents.countRows(where(options))),

    async upsertBacktests(input) {
      const records = validateBacktests(input);
      if (records.length === 0) return { written: 0 };
      const ids = await Promise.all(records.map((r) => stableUuid(r.concept_id, r.portfolio_id)));
      const last = new Map(ids.map((id, index) => [id, index]));
      const keep = [...last.values()].sort((a, b) => a - b);
      const table = backtestRows(
        keep.map((index) => ids[index] ?? ""),
        keep.map((index) => records[index] as BacktestRecord),
      );
      return transient("upsert backtests", () =>
        serial(async () => {
          const { backtests } = await open();
          await backtests.mergeInsert("id").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(table);
          return { written: keep.length };
        }),
      );
    },

    async listBacktests({ conceptId, limit = 1000 }) {
      const filter = where({ conceptId });
      return transient("list backtests", async () => {
        const { backtests } = await open();
        const rows = (await backtests
          .query()
          .where(filter ?? "true")
          .limit(limit)
          .toArray()) as Array<Record<string, unknown>>;
        return rows.map(backtestFromRow);
      });
    },

    countBacktests: (options = {}) =>
      transient("count backtests", async () => (await open()).backtests.countRows(where(options))),

    async health() {
      try {
        const { documents } = await open();
        await documents.countRows();
        return { status: "healthy" };
      } catch (error) {
        return { status: "unhealthy", message: `lancedb: ${(error as Error).message}` };
      }
    },

    async close() {
      await upkeep; // an index build in flight finishes first (its commit is atomic either way)
      const current = connection;
      connection = undefined;
      const index = await memory?.catch(() => undefined);
      memory = undefined;
      index?.saveIfChanged(); // the next start loads it instead of rebuilding
      if (!current) return;
      const { db, documents, backtests } = await current.catch(
        () => ({}) as Partial<Awaited<typeof current>>,
      );
      documents?.close();
      backtests?.close();
      db?.close();
    },
  };
}

/** DocumentHits from LanceDB's Arrow result, one column at a time. */
function hitsOf(table: ArrowTable): DocumentHit[] {
  if (table.numRows === 0) return []; // an empty result may come without columns
  const column = (name: string) => {
    const vector = table.getChild(name);
    if (!vector) throw new Error(`lancedb search result has no ${name} column`);
    return vector;
  };
  const [id, text, sourceUrl, title, concept, conceptId, chunkIndex, processedAt, distance] =
    HIT_COLUMNS.map(column);
  const hits: DocumentHit[] = new Array(table.numRows);
  for (let row = 0; row < table.numRows; row++) {
    hits[row] = {
      id: String(id?.get(row)),
      text: String(text?.get(row)),
      source_url: String(sourceUrl?.get(row)),
      title: String(title?.get(row)),
      concept: String(concept?.get(row)),
      concept_id: String(conceptId?.get(row)),
      chunk_index: Number(chunkIndex?.get(row)),
      processed_at: String(processedAt?.get(row)),
      score: 1 - Number(distance?.get(row)),
    };
  }
  return hits;
}
