import { EMBEDDING_DIM, type EmbeddingObject } from "@qp/schema";
import { Bool, Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from "apache-arrow";
import type { BacktestRecord } from "./types.ts";

/** `Document` table: one row per chunk; `vector` is the only indexed column. */
export const documentSchema = new Schema([
  new Field("id", new Utf8(), false),
  new Field("text", new Utf8(), false),
  new Field("vector", new FixedSizeList(EMBEDDING_DIM, new Field("item", new Float32(), true)), false),
  new Field("source_url", new Utf8(), false),
  new Field("concept", new Utf8(), false),
  new Field("concept_id", new Utf8(), false),
  new Field("chunk_index", new Int32(), false),
  new Field("title", new Utf8(), false),
  new Field("processed_at", new Utf8(), false),
  new Field("parser_version", new Utf8(), false),
]);

/**
 * `Backtest` table: no vector column, because nothing searches back-tests by similarity (they are read by
 * concept); `params` is a JSON string since its keys differ per strategy.
 */
export const backtestSchema = new Schema([
  new Field("id", new Utf8(), false),
  new Field("concept_id", new Utf8(), false),
  new Field("concept", new Utf8(), false),
  new Field("portfolio_id", new Utf8(), false),
  new Field("strategy", new Utf8(), false),
  new Field("params", new Utf8(), false),
  new Field("symbol", new Utf8(), false),
  new Field("initial_cash", new Float64(), false),
  new Field("final_value", new Float64(), false),
  new Field("total_return", new Float64(), false),
  new Field("sharpe_ratio", new Float64(), true),
  new Field("max_drawdown", new Float64(), false),
  new Field("trades_count", new Int32(), false),
  new Field("gpu_accelerated", new Bool(), false),
  new Field("engine", new Utf8(), false),
  new Field("computation_time", new Float64(), false),
  new Field("synthetic", new Bool(), false),
]);

/**
 * Plain rows: LanceDB converts them with the table's own schema (float32 vectors, int32 indexes). (An Arrow
 * table built here with apache-arrow's builders reached LanceDB as zero rows in 0.31.0.)
 */
export function documentRows(ids: ReadonlyArray<string>, documents: ReadonlyArray<EmbeddingObject>) {
  return documents.map((document, index) => ({
    id: ids[index] ?? "",
    text: document.text,
    vector: Array.from(document.embedding),
    source_url: document.source_url,
    concept: document.concept,
    concept_id: document.concept_id,
    chunk_index: document.chunk_index,
    title: document.title,
    processed_at: document.processed_at,
    parser_version: document.parser_version,
  }));
}

/** Back-test records as plain LanceDB rows (`params` as JSON text, an absent `synthetic` as false). */
export function backtestRows(ids: ReadonlyArray<string>, records: ReadonlyArray<BacktestRecord>) {
  return records.map((record, index) => ({
    id: ids[index] ?? "",
    concept_id: record.concept_id,
    concept: record.concept,
    portfolio_id: record.portfolio_id,
    strategy: record.strategy,
    params: JSON.stringify(record.params),
    symbol: record.symbol,
    initial_cash: record.initial_cash,
    final_value: record.final_value,
    total_return: record.total_return,
    sharpe_ratio: record.sharpe_ratio,
    max_drawdown: record.max_drawdown,
    trades_count: record.trades_count,
    gpu_accelerated: record.gpu_accelerated,
    engine: record.engine,
    computation_time: record.computation_time,
    // LanceDB 0.31 fails a merge whose Bool column is all null; absent is stored as false.
    synthetic: record.synthetic ?? false,
  }));
}

/** A LanceDB row of the Backtest table back into a BacktestRecord. */
export function backtestFromRow(row: Record<string, unknown>): BacktestRecord {
  const record: BacktestRecord = {
    concept_id: String(row.concept_id),
    concept: String(row.concept),
    portfolio_id: String(row.portfolio_id),
    strategy: row.strategy as BacktestRecord["strategy"],
    params: JSON.parse(String(row.params)) as BacktestRecord["params"],
    symbol: String(row.symbol),
    initial_cash: Number(row.initial_cash),
    final_value: Number(row.final_value),
    total_return: Number(row.total_return),
    sharpe_ratio:
      row.sharpe_ratio === null || row.sharpe_ratio === undefined ? null : Number(row.sharpe_ratio),
    max_drawdown: Number(row.max_drawdown),
    trades_count: Number(row.trades_count),
    gpu_accelerated: Boolean(row.gpu_accelerated),
    engine: row.engine as BacktestRecord["engine"],
    computation_time: Number(row.computation_time),
  };
  if (row.synthetic === true) record.synthetic = true;
  return record;
}
