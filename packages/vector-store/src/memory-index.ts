import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { Table } from "@lancedb/lancedb";
import { EMBEDDING_DIM } from "@qp/schema";
import type { RecordBatch } from "apache-arrow";
import hnswlib, { type HierarchicalNSW } from "hnswlib-node";
import type { DocumentHit } from "./types.ts";

/** The columns a hit returns (everything but the vector and its distance), read once into memory. */
export const PAYLOAD = [
  "id",
  "text",
  "source_url",
  "title",
  "concept",
  "concept_id",
  "chunk_index",
  "processed_at",
] as const;
type Payload = Omit<DocumentHit, "score">;

/** LanceDB row ids are row addresses, fragment id × 2^32 + offset; fragments are immutable, and numbered up. */
const FRAGMENT = 2 ** 32;
const D = EMBEDDING_DIM;
/** How old the `_versions` folder's mtime must be before a search trusts it alone (see `trusted`). */
const STAMP_SETTLE_NS = 100_000_000n;

export interface MemoryIndexOptions {
  /** HNSW links per node (hnswlib's M) and the candidate list while building (ef_construction). */
  m: number;
  efConstruction: number;
  /**
   * A concept filter that passes at most this many chunks, or under 1 % of them, is an exact scan of that
   * concept's chunks: an HNSW walk whose filter passes few nodes visits most of the graph to fill its
   * candidate list. Above it, the walk skips other concepts' nodes (at 10 % of 10,000 chunks: p50 0.25 ms,
   * against 1.4 ms for the exact scan of the concept's 1,000 chunks, same run).
   */
  exactBelow: number;
  /**
   * A catch-up that reads more new rows than this (the first build, a bulk load) runs in the background:
   * searches meanwhile go through LanceDB's own query path (`search` answers undefined), and the build
   * yields to the event loop between rows. Smaller catch-ups are waited for (read-your-writes).
   */
  bulkRows: number;
  /** Save the graph next to the table after a catch-up that added this many rows, and on close. */
  saveEveryRows: number;
  /**
   * The most rows the index holds. Over it the index lets go of everything (memory freed, nothing built)
   * and `search` answers undefined, so searches go through LanceDB's own ANN index, which LanceDB builds on
   * all cores in minutes where this one, one thread, takes hours (100,000 rows: 271–431 s here). Back under
   * 90 % of it, the index is built again from the table, in the background.
   */
  maxRows: number;
}

export const DEFAULT_MEMORY_INDEX: MemoryIndexOptions = {
  m: 16,
  efConstruction: 100,
  exactBelow: 256,
  bulkRows: 2_000,
  saveEveryRows: 5_000,
  maxRows: 100_000,
};

/** What a saved index holds beside hnswlib's own graph file. */
interface SavedLabels {
  format: 1;
  dim: number;
  version: number;
  nextRowId: number;
  graph: string;
  /** By label: the chunk id and its row address, null and -1 for a free label. */
  ids: Array<string | null>;
  rowIds: number[];
}

export interface MemoryIndexStats {
  /** Rows in the index (the table's rows when it is in sync). */
  rows: number;
  /** Table version the index reflects. */
  version: number;
  /** Time the first sync (the build, or the load of a saved graph and the catch-up after it) took, in ms. */
  buildMs: number;
  /** Where the graph came from: built from the table, or loaded from the saved copy next to it. */
  source: "table" | "saved";
  /** The table holds more than `maxRows` rows: the index is empty and LanceDB answers searches. */
  overMaxRows: boolean;
}

/**
 * An in-process HNSW index (hnswlib) of the `Document` table, with every hit's columns kept in memory, so a
 * search touches neither LanceDB nor the disk. LanceDB stays the store of record: before each search the
 * index catches up with the table (this process's writes and other processes' alike) when the table's
 * version changed, which it learns from the mtime of the table's `_versions` folder (a stat, microseconds;
 * `table.version()` costs ~0.3 ms). Catching up reads only what changed: rows whose row address lies
 * beyond the last fragment already read are new (an insert, an update's new copy, a compaction's moved
 * rows; matched to the index by `id`), and when the older fragments hold fewer rows than the index has
 * from them, their row addresses are read to find which were deleted.
 */
export function createMemoryIndex(
  table: Table,
  tableDir: string | undefined,
  options: MemoryIndexOptions = DEFAULT_MEMORY_INDEX,
  /** Folder for the saved graph (none: never saved). */
  saveDir?: string,
) {
  let hnsw: HierarchicalNSW | undefined;
  let capacity = 0;
  let labels = 0; // labels handed out so far (live + free)
  let live = 0;
  const free: number[] = [];
  const payloads: Array<Payload | undefined> = [];
  let rowIds = new Float64Array(0); // -1: a free label
  let vectors = new Float32Array(0); // unit vectors by label (exact scans, change checks)
  let conceptOf = new Int32Array(0);
  const conceptCodes = new Map<string, number>();
  const conceptLabels: Array<Set<number>> = [];
  const labelOfId = new Map<string, number>();
  let nextRowId = 0; // rows at or above this address have not been read yet
  let version = -1;
  let stamp: bigint | undefined;
  let buildMs = 0;
  let source: MemoryIndexStats["source"] = "table";
  let syncing: Promise<void> | undefined;
  let bulk: { started: Promise<void>; begin(): void } = deferred();
  let inBulk = false;
  let changedSinceSave = 0;
  let currentEf = -1;
  let overMaxRows = false;

  const versionsDir = tableDir === undefined ? undefined : join(tableDir, "_versions");
  const versionStamp = () => {
    if (!versionsDir) return undefined;
    try {
      return statSync(versionsDir, { bigint: true }).mtimeNs;
    } catch {
      return undefined; // not a local folder (or not there yet): ask LanceDB every time
    }
  };
  /**
   * A stamp to compare later searches with, or undefined (ask LanceDB) while it is recent: file times come
   * from the kernel's coarse clock (a tick of 1–10 ms), so a second write within the tick of the one just
   * read would leave the folder's mtime as it was.
   */
  const trusted = (seen: bigint | undefined) =>
    seen !== undefined && BigInt(Date.now()) * 1_000_000n - seen > STAMP_SETTLE_NS ? seen : undefined;

  const grow = (needed: number) => {
    if (needed <= capacity) return;
    const next = Math.max(1_024, capacity * 2, needed);
    if (!hnsw) {
      hnsw = new hnswlib.HierarchicalNSW("cosine", D);
      hnsw.initIndex({ maxElements: next, m: options.m, efConstruction: options.efConstruction });
      currentEf = -1;
    } else hnsw.resizeIndex(next);
    const grownRowIds = new Float64Array(next).fill(-1);
    grownRowIds.set(rowIds);
    rowIds = grownRowIds;
    const grownVectors = new Float32Array(next * D);
    grownVectors.set(vectors);
    vectors = grownVectors;
    const grownConcepts = new Int32Array(next);
    grownConcepts.set(conceptOf);
    conceptOf = grownConcepts;
    capacity = next;
  };

  /** Forget everything: the next catch-up reads the whole table (a restore, a replaced folder). */
  const reset = () => {
    hnsw = undefined;
    capacity = 0;
    labels = 0;
    live = 0;
    free.length = 0;
    payloads.length = 0;
    rowIds = new Float64Array(0);
    vectors = new Float32Array(0);
    conceptOf = new Int32Array(0);
    conceptCodes.clear();
    conceptLabels.length = 0;
    labelOfId.clear();
    nextRowId = 0;
    currentEf = -1;
  };

  const codeOf = (conceptId: string) => {
    let code = conceptCodes.get(conceptId);
    if (code === undefined) {
      code = conceptLabels.length;
      conceptCodes.set(conceptId, code);
      conceptLabels.push(new Set());
    }
    return code;
  };

  const remove = (label: number) => {
    const payload = payloads[label];
    if (!payload) return;
    hnsw?.markDelete(label);
    labelOfId.delete(payload.id);
    conceptLabels[conceptOf[label] as number]?.delete(label);
    payloads[label] = undefined;
    rowIds[label] = -1;
    free.push(label);
    live--;
  };

  /** Store a row's unit vector at `label`; true when it differs from what was there. */
  const setVector = (label: number, vector: ArrayLike<number>) => {
    let norm = 0;
    for (let i = 0; i < D; i++) norm += (vector[i] as number) ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    let changed = false;
    for (let i = 0, o = label * D; i < D; i++) {
      const v = Math.fround((vector[i] as number) * scale);
      if (vectors[o + i] !== v) changed = true;
      vectors[o + i] = v;
    }
    return changed;
  };

  const put = (rowId: number, payload: Payload, vector: ArrayLike<number>) => {
    const known = labelOfId.get(payload.id);
    if (known !== undefined) {
      // The same chunk rewritten (an update) or moved (compaction): the graph changes only if the vector did.
      rowIds[known] = rowId;
      conceptLabels[conceptOf[known] as number]?.delete(known);
      const code = codeOf(payload.concept_id);
      conceptOf[known] = code;
      conceptLabels[code]?.add(known);
      payloads[known] = payload;
      if (setVector(known, vector))
        hnsw?.addPoint(Array.from(vectors.subarray(known * D, (known + 1) * D)), known);
      return known;
    }
    grow(labels + 1 - free.length);
    const label = free.pop() ?? labels++;
    setVector(label, vector);
    rowIds[label] = rowId;
    const code = codeOf(payload.concept_id);
    conceptOf[label] = code;
    conceptLabels[code]?.add(label);
    payloads[label] = payload;
    labelOfId.set(payload.id, label);
    // A free label is still in the graph, marked deleted: hnswlib un-marks it and relinks it at its new place.
    hnsw?.addPoint(Array.from(vectors.subarray(label * D, (label + 1) * D)), label);
    live++;
    return label;
  };

  /**
   * True (and the index emptied) when the table holds more rows than `maxRows`, or, once over it, more than
   * 90 % of it (a table that hovers at the limit does not rebuild the graph at every write).
   */
  async function overLimit(seen: bigint | undefined, current: number) {
    const rows = await table.countRows();
    const over = rows > options.maxRows || (overMaxRows && rows > options.maxRows * 0.9);
    if (over) {
      if (!overMaxRows) reset();
      overMaxRows = true;
      version = current;
      stamp = trusted(seen);
    }
    // Back under: the index was reset when it went over, so the catch-up reads the whole table.
    else overMaxRows = false;
    return over;
  }

  async function catchUp() {
    const seen = versionStamp();
    if (stamp !== undefined && seen === stamp) return;
    const current = await table.version();
    if (current === version) {
      stamp = trusted(seen);
      return;
    }
    if (await overLimit(seen, current)) return;
    let boundary = nextRowId;
    // Rows read before that are no longer there at the same address: deleted, rewritten or compacted.
    const gone = new Set<number>();
    // The fragments already read only ever lose rows. More rows there, a row of another id at an address
    // read before, or an address never read: the table was restored to another version (or the folder
    // replaced); the index starts over from the whole table.
    const startOver = () => {
      reset();
      boundary = 0;
      gone.clear();
    };
    const older = boundary > 0 ? await table.countRows(`_rowid < ${boundary}`) : 0;
    if (older > live) startOver();
    else if (older < live) {
      const present = new Map<number, string>();
      const stream = table.query().withRowId().select(["id"]).where(`_rowid < ${boundary}`);
      for await (const batch of stream) {
        const rowIdColumn = batch.getChild("_rowid");
        const idColumn = batch.getChild("id");
        for (let i = 0; i < batch.numRows; i++)
          present.set(Number(rowIdColumn?.get(i)), String(idColumn?.get(i)));
      }
      let known = 0;
      for (let label = 0; label < labels; label++) {
        const rowId = rowIds[label] as number;
        if (rowId < 0) continue;
        const id = present.get(rowId);
        if (id === undefined) gone.add(label);
        else if (id === payloads[label]?.id) known++;
      }
      if (known !== present.size) startOver();
    }
    if (!inBulk && (await table.countRows(`_rowid >= ${boundary}`)) > options.bulkRows) {
      inBulk = true;
      bulk.begin();
    }
    let highest = boundary - 1;
    let readRows = 0;
    const stream = table
      .query()
      .withRowId()
      .select([...PAYLOAD, "vector"])
      .where(`_rowid >= ${boundary}`);
    for await (const batch of stream) {
      const read = batchReader(batch);
      for (let i = 0; i < batch.numRows; i++) {
        const rowId = read.rowId(i);
        if (rowId > highest) highest = rowId;
        const label = put(rowId, read.payload(i), read.vector(i));
        gone.delete(label);
        // A bulk catch-up lets the process breathe (health checks, LanceDB-path searches) between rows.
        if (inBulk && ++readRows % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      changedSinceSave += batch.numRows;
    }
    changedSinceSave += gone.size;
    for (const label of gone) remove(label);
    if (highest >= boundary) nextRowId = (Math.floor(highest / FRAGMENT) + 1) * FRAGMENT;
    version = current;
    stamp = trusted(seen);
    if (changedSinceSave >= options.saveEveryRows) save();
  }

  /** Catch up with the table; concurrent callers share one pass. */
  const sync = async () => {
    while (syncing) await syncing;
    const seen = versionStamp();
    if (stamp !== undefined && seen === stamp) return;
    syncing = (async () => {
      if (version !== -1) return catchUp();
      if (await overLimit(versionStamp(), await table.version())) return;
      inBulk = true; // the first build (or the load of a saved graph) runs in the background of searches
      bulk.begin();
      const started = performance.now();
      await restore();
      await catchUp();
      buildMs = performance.now() - started;
    })().finally(() => {
      syncing = undefined;
      inBulk = false;
      bulk = deferred();
    });
    await syncing;
  };

  /**
   * Save the graph (hnswlib's file) and the label → chunk id / row address map next to the table; the map is
   * renamed into place last, and names its graph file, so a reader never pairs a map with another graph.
   */
  function save() {
    if (!saveDir || !hnsw) return;
    try {
      mkdirSync(saveDir, { recursive: true });
      const graph = `graph-${version}-${process.pid}-${Date.now()}.bin`;
      hnsw.writeIndexSync(join(saveDir, graph));
      const saved: SavedLabels = {
        format: 1,
        dim: D,
        version,
        nextRowId,
        graph,
        ids: payloads.slice(0, labels).map((payload) => payload?.id ?? null),
        rowIds: Array.from(rowIds.subarray(0, labels)),
      };
      const temporary = join(saveDir, `labels-${process.pid}.json.tmp`);
      writeFileSync(temporary, JSON.stringify(saved));
      renameSync(temporary, join(saveDir, "labels.json"));
      for (const file of readdirSync(saveDir))
        if (file.startsWith("graph-") && file !== graph) rmSync(join(saveDir, file), { force: true });
      changedSinceSave = 0;
    } catch {
      // Saving only spares the next start a rebuild; the index in memory is whole either way.
    }
  }

  /**
   * Start from the saved graph when there is one: the rows it covered are read back (columns and vectors,
   * no graph building) by row address, those no longer there are dropped, and the catch-up after it reads
   * what was written since. A saved copy that does not fit is ignored: the index is built from the table.
   */
  async function restore() {
    if (!saveDir || !existsSync(join(saveDir, "labels.json"))) return;
    let saved: SavedLabels;
    let graph: HierarchicalNSW;
    const rows: Array<{ label: number; rowId: number; payload: Payload; vector: Float32Array }> = [];
    try {
      saved = JSON.parse(readFileSync(join(saveDir, "labels.json"), "utf8")) as SavedLabels;
      if (saved.format !== 1 || saved.dim !== D || saved.ids.length !== saved.rowIds.length) return;
      graph = new hnswlib.HierarchicalNSW("cosine", D);
      graph.readIndexSync(join(saveDir, saved.graph));
      if (graph.getMaxElements() < saved.ids.length) return;
      const labelOfRow = new Map<number, number>();
      saved.rowIds.forEach((rowId, label) => {
        if (rowId >= 0 && saved.ids[label] !== null) labelOfRow.set(rowId, label);
      });
      const stream = table
        .query()
        .withRowId()
        .select([...PAYLOAD, "vector"])
        .where(`_rowid < ${saved.nextRowId}`);
      for await (const batch of stream) {
        const read = batchReader(batch);
        for (let i = 0; i < batch.numRows; i++) {
          const rowId = read.rowId(i);
          const label = labelOfRow.get(rowId);
          const payload = read.payload(i);
          if (label === undefined || saved.ids[label] !== payload.id) return; // not this table's map: rebuild
          rows.push({ label, rowId, payload, vector: read.vector(i) });
        }
      }
    } catch {
      return; // unreadable: build from the table instead
    }
    hnsw = graph;
    currentEf = -1;
    grow(graph.getMaxElements());
    labels = saved.ids.length;
    for (const { label, rowId, payload, vector } of rows) {
      setVector(label, vector);
      rowIds[label] = rowId;
      const code = codeOf(payload.concept_id);
      conceptOf[label] = code;
      conceptLabels[code]?.add(label);
      payloads[label] = payload;
      labelOfId.set(payload.id, label);
      live++;
    }
    // Labels free when saved, or whose row has gone since: marked deleted in the graph, free for reuse.
    for (let label = 0; label < labels; label++) {
      if (payloads[label]) continue;
      if (saved.ids[label] !== null) graph.markDelete(label);
      free.push(label);
    }
    nextRowId = saved.nextRowId;
    source = "saved";
  }

  function query(vector: ArrayLike<number>, limit: number, ef: number, conceptId?: string): DocumentHit[] {
    if (!hnsw || live === 0 || limit <= 0) return [];
    let filter: ((label: number) => boolean) | undefined;
    if (conceptId !== undefined) {
      const code = conceptCodes.get(conceptId);
      const members = code === undefined ? undefined : conceptLabels[code];
      if (!members || members.size === 0) return [];
      if (members.size <= options.exactBelow || members.size * 100 < live) {
        const unit = new Float32Array(D);
        let norm = 0;
        for (let i = 0; i < D; i++) norm += (vector[i] as number) ** 2;
        const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (let i = 0; i < D; i++) unit[i] = (vector[i] as number) * scale;
        return exact(unit, members, limit);
      }
      filter = (label) => conceptOf[label] === code;
    }
    const wanted = Math.max(ef, limit);
    if (wanted !== currentEf) {
      hnsw.setEf(wanted);
      currentEf = wanted;
    }
    const point = Array.isArray(vector) ? (vector as number[]) : Array.from(vector);
    const { neighbors, distances } = hnsw.searchKnn(point, Math.min(limit, live), filter);
    return neighbors.map((label, i) => hit(payloads[label] as Payload, 1 - (distances[i] as number)));
  }

  function exact(query: Float32Array, members: Iterable<number>, limit: number) {
    const best: Array<[number, number]> = [];
    for (const label of members) {
      let dot = 0;
      for (let i = 0, o = label * D; i < D; i++) dot += (query[i] as number) * (vectors[o + i] as number);
      if (best.length < limit) {
        best.push([dot, label]);
        best.sort((a, b) => b[0] - a[0]);
      } else if (dot > (best[limit - 1] as [number, number])[0]) {
        best[limit - 1] = [dot, label];
        best.sort((a, b) => b[0] - a[0]);
      }
    }
    return best.map(([score, label]) => hit(payloads[label] as Payload, score));
  }

  return {
    sync,
    /**
     * Nearest chunks by cosine, after catching up with the table; undefined while a bulk catch-up (the first
     * build, a large load) runs, or while the table holds more than `maxRows` rows, for the caller to answer
     * through LanceDB's query path.
     */
    async search(
      vector: ArrayLike<number>,
      limit: number,
      ef: number,
      conceptId?: string,
    ): Promise<DocumentHit[] | undefined> {
      if (syncing || stamp === undefined || versionStamp() !== stamp) {
        const done = sync();
        const first = await Promise.race([done.then(() => "synced"), bulk.started.then(() => "bulk")]);
        if (first === "bulk") {
          done.catch(() => {}); // its failure reaches the next search, which starts it again
          return undefined;
        }
      }
      if (overMaxRows) return undefined;
      return query(vector, limit, ef, conceptId);
    },
    /** Save the graph now if it changed since the last save (close calls this). */
    saveIfChanged: () => {
      if (changedSinceSave > 0 && !syncing) save();
    },
    stats: (): MemoryIndexStats => ({ rows: live, version, buildMs, source, overMaxRows }),
  };
}

export type MemoryIndex = ReturnType<typeof createMemoryIndex>;

/** A hit as one object literal (one hidden class; a spread of the payload cost more). */
const hit = (p: Payload, score: number): DocumentHit => ({
  id: p.id,
  text: p.text,
  source_url: p.source_url,
  title: p.title,
  concept: p.concept,
  concept_id: p.concept_id,
  chunk_index: p.chunk_index,
  processed_at: p.processed_at,
  score,
});

/** Typed access to one record batch of a `withRowId()` scan of PAYLOAD + vector. */
function batchReader(batch: RecordBatch) {
  const column = (name: string) => {
    const child = batch.getChild(name);
    if (!child) throw new Error(`lancedb scan has no ${name} column`);
    return child;
  };
  const [id, text, url, title, concept, conceptId, chunkIndex, processedAt] = PAYLOAD.map(column);
  const vector = column("vector");
  const rowId = column("_rowid");
  return {
    rowId: (i: number) => Number(rowId.get(i)),
    vector: (i: number) => (vector.get(i) as { toArray(): Float32Array }).toArray(),
    payload: (i: number): Payload => ({
      id: String(id?.get(i)),
      text: String(text?.get(i)),
      source_url: String(url?.get(i)),
      title: String(title?.get(i)),
      concept: String(concept?.get(i)),
      concept_id: String(conceptId?.get(i)),
      chunk_index: Number(chunkIndex?.get(i)),
      processed_at: String(processedAt?.get(i)),
    }),
  };
}

function deferred() {
  let begin = () => {};
  const started = new Promise<void>((resolve) => {
    begin = resolve;
  });
  return { started, begin };
}
