import type { EmbeddingObject } from "@qp/schema";
import weaviate from "weaviate-client";
import type { BacktestRecord, DocumentHit } from "./types.ts";

/** Collection names (PascalCase: `collections.exists` compares names exactly). */
export const DOCUMENT = "Document";
export const BACKTEST = "Backtest";

const field = "field" as const; // ids and URLs: match whole values, never tokenised words

/** `Document`: chunk properties plus one self-provided 384-d vector, HNSW with cosine distance. */
export const documentCollection = {
  name: DOCUMENT,
  properties: [
    { name: "text", dataType: "text" as const },
    { name: "source_url", dataType: "text" as const, tokenization: field },
    { name: "concept", dataType: "text" as const },
    { name: "concept_id", dataType: "text" as const, tokenization: field },
    { name: "chunk_index", dataType: "int" as const },
    { name: "title", dataType: "text" as const },
    { name: "processed_at", dataType: "date" as const },
    { name: "parser_version", dataType: "text" as const, tokenization: field },
  ],
  vectorizers: weaviate.configure.vectors.selfProvided({
    vectorIndexConfig: weaviate.configure.vectorIndex.hnsw({ distanceMetric: "cosine" }),
  }),
};

/** `Backtest`: one object per PortfolioResult; no vector is sent (nothing searches back-tests by similarity). */
export const backtestCollection = {
  name: BACKTEST,
  properties: [
    { name: "concept_id", dataType: "text" as const, tokenization: field },
    { name: "concept", dataType: "text" as const },
    { name: "portfolio_id", dataType: "text" as const, tokenization: field },
    { name: "strategy", dataType: "text" as const, tokenization: field },
    { name: "params", dataType: "text" as const, tokenization: field },
    { name: "symbol", dataType: "text" as const, tokenization: field },
    { name: "initial_cash", dataType: "number" as const },
    { name: "final_value", dataType: "number" as const },
    { name: "total_return", dataType: "number" as const },
    { name: "sharpe_ratio", dataType: "number" as const },
    { name: "max_drawdown", dataType: "number" as const },
    { name: "trades_count", dataType: "int" as const },
    { name: "gpu_accelerated", dataType: "boolean" as const },
    { name: "engine", dataType: "text" as const, tokenization: field },
    { name: "computation_time", dataType: "number" as const },
    { name: "synthetic", dataType: "boolean" as const },
  ],
  vectorizers: weaviate.configure.vectors.selfProvided(),
};

/** A document as a Weaviate DataObject: `vectors` (plural) and a plain number[] (see the research notes). */
export function documentObject(id: string, document: EmbeddingObject) {
  return {
    id,
    properties: {
      text: document.text,
      source_url: document.source_url,
      concept: document.concept,
      concept_id: document.concept_id,
      chunk_index: document.chunk_index,
      title: document.title,
      processed_at: document.processed_at,
      parser_version: document.parser_version,
    },
    vectors: Array.from(document.embedding),
  };
}

/** A back-test as a Weaviate DataObject (no vector); `params` as JSON text, a null Sharpe ratio left out. */
export function backtestObject(id: string, record: BacktestRecord) {
  const { params, sharpe_ratio, synthetic, ...rest } = record;
  return {
    id,
    properties: {
      ...rest,
      params: JSON.stringify(params),
      // Weaviate has no null for numbers in a batch; an absent property reads back as null.
      ...(sharpe_ratio === null ? {} : { sharpe_ratio }),
      ...(synthetic === undefined ? {} : { synthetic }),
    },
  };
}

/** A nearVector result object as a DocumentHit; `score = 1 - cosine distance`. */
export function hitFromObject(object: {
  uuid: string;
  properties: Record<string, unknown>;
  metadata?: { distance?: number };
}): DocumentHit {
  const p = object.properties;
  const processed = p.processed_at instanceof Date ? p.processed_at.toISOString() : String(p.processed_at);
  return {
    id: object.uuid,
    text: String(p.text ?? ""),
    source_url: String(p.source_url ?? ""),
    title: String(p.title ?? ""),
    concept: String(p.concept ?? ""),
    concept_id: String(p.concept_id ?? ""),
    chunk_index: Number(p.chunk_index ?? 0),
    processed_at: processed,
    score: 1 - Number(object.metadata?.distance ?? 1),
  };
}

/** Weaviate properties of a Backtest object back into a BacktestRecord. */
export function backtestFromProperties(p: Record<string, unknown>): BacktestRecord {
  const record: BacktestRecord = {
    concept_id: String(p.concept_id),
    concept: String(p.concept),
    portfolio_id: String(p.portfolio_id),
    strategy: p.strategy as BacktestRecord["strategy"],
    params: JSON.parse(String(p.params ?? "{}")) as BacktestRecord["params"],
    symbol: String(p.symbol),
    initial_cash: Number(p.initial_cash),
    final_value: Number(p.final_value),
    total_return: Number(p.total_return),
    sharpe_ratio: p.sharpe_ratio === null || p.sharpe_ratio === undefined ? null : Number(p.sharpe_ratio),
    max_drawdown: Number(p.max_drawdown),
    trades_count: Number(p.trades_count),
    gpu_accelerated: Boolean(p.gpu_accelerated),
    engine: p.engine as BacktestRecord["engine"],
    computation_time: Number(p.computation_time),
  };
  if (p.synthetic !== null && p.synthetic !== undefined) record.synthetic = Boolean(p.synthetic);
  return record;
}
