import { mkdir } from "node:fs/promises";
import { type Connection, connect, type Table } from "@lancedb/lancedb";
import { type EmbeddingObject, stableUuid } from "@qp/schema";
import { TransientError } from "@qp/service-kit";
import {
  backtestFromRow,
  backtestRows,
  backtestSchema,
  documentRows,
  documentSchema,
} from "./lancedb-schema.ts";
import { createSerialQueue } from "./serial.ts";
import type { BacktestRecord, CountOptions, DocumentHit, SearchOptions, VectorStore } from "./types.ts";
import {
  assertConceptId,
  VectorStoreInputError,
  validateBacktests,
  validateDocuments,
  validateVector,
} from "./validate.ts";

const HIT_COLUMNS = [
  "id",
  "text",
  "source_url",
  "title",
  "concept",
  "concept_id",
  "chunk_index",
  "processed_at",
  "_distance",
];

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

/**
 * The embedded store: LanceDB tables `Document` and `Backtest` in a folder on disk (VECTOR_DB_PATH).
 * Upserts are `mergeInsert` on `id`, serialised per process (concurrent commits to one table conflict);
 * search is brute-force cosine with an optional concept filter, exact at the sizes one deployment holds.
 */
export function createLanceDbStore(options: {
  path: string;
  /**
   * How stale a read may be, in seconds, when another process (the parser) writes the same folder the
   * orchestrator searches. LanceDB's default never re-reads, so searches would miss every new chunk; 0 checks
   * the table version on every read, which on a local disk costs a file stat.
   */
  readConsistencySeconds?: number;
}): VectorStore {
  let connection: Promise<{ db: Connection; documents: Table; backtests: Table }> | undefined;
  const serial = createSerialQueue();

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
      );
    },

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
        const { documents } = await open();
        // Leave the stored vectors on disk: turning 384 floats per hit into JS arrays is most of a search.
        let search = documents.vectorSearch(query).distanceType("cosine").select(HIT_COLUMNS).limit(limit);
        if (filter) search = search.where(filter);
        const rows = (await search.toArray()) as Array<Record<string, unknown>>;
        return rows.map(
          (row): DocumentHit => ({
            id: String(row.id),
            text: String(row.text),
            source_url: String(row.source_url),
            title: String(row.title),
            concept: String(row.concept),
            concept_id: String(row.concept_id),
            chunk_index: Number(row.chunk_index),
            processed_at: String(row.processed_at),
            score: 1 - Number(row._distance),
          }),
        );
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
      const current = connection;
      connection = undefined;
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
