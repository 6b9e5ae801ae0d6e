import { EMBEDDING_DIM } from "@qp/schema";
import {
  Table as ArrowTable,
  Field,
  FixedSizeList,
  Float32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  type Table,
  TimestampMillisecond,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";

/** Media type of an Arrow IPC stream (what `Accept` asks for). */
export const ARROW_STREAM = "application/vnd.apache.arrow.stream";

/**
 * The design's parser output schema. `metadata` is a JSON string, not a struct: crawler metadata is free-form
 * (any scalar keys), and a struct would need one fixed set of fields across every page.
 */
export const parserSchema = new Schema([
  new Field("text", new Utf8(), false),
  new Field("embedding", new FixedSizeList(EMBEDDING_DIM, new Field("item", new Float32(), false)), false),
  new Field("metadata", new Utf8(), false),
  new Field("processed_at", new TimestampMillisecond("UTC"), false),
]);

export interface ParsedRow {
  text: string;
  embedding: ReadonlyArray<number>;
  metadata: Record<string, unknown>;
  processedAt: Date;
}

/** Rows into an Arrow table with exactly `parserSchema` (float32 embeddings, millisecond UTC timestamps). */
export function buildParserTable(rows: ReadonlyArray<ParsedRow>): Table {
  const length = rows.length;
  const flat = new Float32Array(length * EMBEDDING_DIM);
  rows.forEach((row, index) => {
    if (row.embedding.length !== EMBEDDING_DIM) {
      throw new Error(
        `row ${index}: embedding has ${row.embedding.length} dimensions, expected ${EMBEDDING_DIM}`,
      );
    }
    flat.set(row.embedding, index * EMBEDDING_DIM);
  });
  const [textField, embeddingField, metadataField, processedField] = parserSchema.fields as [
    Field<Utf8>,
    Field<FixedSizeList<Float32>>,
    Field<Utf8>,
    Field<TimestampMillisecond>,
  ];
  const embedding = makeData({
    type: embeddingField.type,
    length,
    nullCount: 0,
    child: makeData({ type: new Float32(), length: flat.length, nullCount: 0, data: flat }),
  });
  const processed = makeData({
    type: processedField.type,
    length,
    nullCount: 0,
    data: BigInt64Array.from(rows, (row) => BigInt(row.processedAt.getTime())),
  });
  const columns = [
    vectorFromArray(
      rows.map((row) => row.text),
      textField.type,
    ).data[0],
    embedding,
    vectorFromArray(
      rows.map((row) => JSON.stringify(row.metadata)),
      metadataField.type,
    ).data[0],
    processed,
  ];
  const struct = makeData({
    type: new Struct(parserSchema.fields),
    length,
    nullCount: 0,
    children: columns as never,
  });
  return new ArrowTable(parserSchema, [new RecordBatch(parserSchema, struct)]);
}

/** The table as an Arrow IPC stream (schema message, record batches, end-of-stream marker). */
export function toIpcStream(table: Table): Uint8Array {
  return tableToIPC(table, "stream");
}
