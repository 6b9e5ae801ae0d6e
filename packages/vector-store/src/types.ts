import type { DependencyHealth, EmbeddingObject, PortfolioResult } from "@qp/schema";

/** One nearest chunk returned by a vector search; `score` is cosine similarity (1 = same direction). */
export interface DocumentHit {
  id: string;
  text: string;
  source_url: string;
  title: string;
  concept: string;
  concept_id: string;
  chunk_index: number;
  processed_at: string;
  score: number;
}

/** A back-test result as the `Backtest` collection keeps it: a PortfolioResult plus the concept it tested. */
export type BacktestRecord = PortfolioResult & { concept_id: string; concept: string };

export interface SearchOptions {
  /** Only chunks of this concept (24-hex concept id). */
  conceptId?: string;
  limit: number;
}

export interface CountOptions {
  conceptId?: string | undefined;
  sourceUrl?: string | undefined;
}

export interface UpsertResult {
  written: number;
}

/**
 * The vector store both back ends implement (LanceDB on disk, Weaviate over REST+gRPC). Writes are
 * idempotent: a document's id is `stableUuid(concept_id, source_url, chunk_index)` and a backtest's is
 * `stableUuid(concept_id, portfolio_id)`, so writing the same thing twice overwrites it.
 * Failures a retry may fix throw `TransientError` (HTTP 503 upstream); bad input throws `VectorStoreInputError`.
 */
export interface VectorStore {
  readonly kind: "lancedb" | "weaviate";
  /** Connect and create the `Document` and `Backtest` collections when absent. Safe to call again. */
  init(): Promise<void>;
  /** Validate every object first (nothing is written when one is bad), then upsert all by stable id. */
  upsertDocuments(documents: ReadonlyArray<EmbeddingObject>): Promise<UpsertResult>;
  /** Delete the chunks of one page whose `chunk_index >= fromChunkIndex` (a re-parse that got shorter). */
  deleteStaleChunks(conceptId: string, sourceUrl: string, fromChunkIndex: number): Promise<number>;
  searchDocuments(vector: ReadonlyArray<number>, options: SearchOptions): Promise<DocumentHit[]>;
  countDocuments(options?: CountOptions): Promise<number>;
  upsertBacktests(records: ReadonlyArray<BacktestRecord>): Promise<UpsertResult>;
  listBacktests(options: { conceptId: string; limit?: number }): Promise<BacktestRecord[]>;
  countBacktests(options?: { conceptId?: string }): Promise<number>;
  health(): Promise<DependencyHealth>;
  close(): Promise<void>;
}
