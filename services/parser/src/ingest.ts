import type { CrawlResultMessage, EmbeddingObject } from "@qp/schema";
import type { VectorStore } from "@qp/vector-store";
import { type Chunk, chunkText } from "./chunk.ts";
import type { ChunkMemo } from "./chunk-memo.ts";
import { cleanText } from "./clean.ts";
import type { Embedder } from "./embedder.ts";

export const PARSER_VERSION = "parser-1";

export interface IngestOptions {
  maxTokens: number;
  overlapTokens: number;
  maxChunks: number;
  batchSize: number;
  parserVersion: string;
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
  maxTokens: 256,
  overlapTokens: 32,
  maxChunks: 64,
  batchSize: 32,
  parserVersion: PARSER_VERSION,
};

export interface IngestResult {
  chunks: Chunk[];
  documents: EmbeddingObject[];
  truncated: boolean;
  written: number;
  deletedStale: number;
  processedAt: Date;
  /** Where the time went, in ms (logged per page: the pipeline benchmark's profile). */
  timings: { chunk: number; embed: number; store: number };
}

/**
 * One crawled page into the store: clean (422 on empty/binary/mis-decoded text), chunk by sentence within the
 * model's 256 word pieces, embed in batches, upsert by stable id, then delete chunks a previous, longer
 * version of the page left behind. Store and model failures surface as TransientError (503, retried).
 */
export async function ingestPage(
  message: CrawlResultMessage,
  deps: { embedder: Embedder; store: VectorStore; chunks?: ChunkMemo | undefined },
  options: IngestOptions,
): Promise<IngestResult> {
  const started = performance.now();
  const text = cleanText(message.content);
  const countTokens = await deps.embedder.tokenCounter();
  const chunking = {
    maxTokens: options.maxTokens,
    overlapTokens: options.overlapTokens,
    maxChunks: options.maxChunks,
  };
  const make = () => chunkText(text, { ...chunking, countTokens });
  const { chunks, truncated } = deps.chunks ? deps.chunks.get(text, chunking, make) : make();
  const chunked = performance.now();
  const embeddings = await deps.embedder.embed(
    chunks.map((chunk) => chunk.text),
    options.batchSize,
  );
  const embedded = performance.now();
  const processedAt = new Date();
  const documents = chunks.map(
    (chunk, index): EmbeddingObject => ({
      text: chunk.text,
      embedding: embeddings[index] ?? [],
      source_url: message.url,
      concept: message.concept,
      concept_id: message.concept_id,
      chunk_index: index,
      title: message.title,
      processed_at: processedAt.toISOString(),
      parser_version: options.parserVersion,
    }),
  );
  const { written } = await deps.store.upsertDocuments(documents);
  const deletedStale = await deps.store.deleteStaleChunks(message.concept_id, message.url, documents.length);
  const timings = {
    chunk: Math.round(chunked - started),
    embed: Math.round(embedded - chunked),
    store: Math.round(performance.now() - embedded),
  };
  return { chunks, documents, truncated, written, deletedStale, processedAt, timings };
}
