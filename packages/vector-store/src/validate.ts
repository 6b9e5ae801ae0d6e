import {
  conceptIdSchema,
  conceptTextSchema,
  EMBEDDING_DIM,
  type EmbeddingObject,
  embeddingObjectSchema,
  portfolioResultSchema,
  summariseIssues,
} from "@qp/schema";
import { PermanentError } from "@qp/service-kit";
import type { BacktestRecord } from "./types.ts";

/** Bad data handed to a store (wrong dimension, non-finite numbers, schema violations): never retried. */
export class VectorStoreInputError extends PermanentError {
  override name = "VectorStoreInputError";
}

/** Check every document before anything is written; the first bad one names its index and problem. */
export function validateDocuments(documents: ReadonlyArray<EmbeddingObject>): EmbeddingObject[] {
  return documents.map((document, index) => {
    const length = Array.isArray(document?.embedding) ? document.embedding.length : -1;
    if (length !== EMBEDDING_DIM) {
      throw new VectorStoreInputError(
        `document ${index}: embedding has ${length} dimensions, the store expects ${EMBEDDING_DIM}`,
      );
    }
    const parsed = embeddingObjectSchema.safeParse(document);
    if (!parsed.success) {
      throw new VectorStoreInputError(`document ${index}: ${summariseIssues(parsed.error)}`);
    }
    return parsed.data;
  });
}

/** A back-test record as stores keep it: a PortfolioResult plus the concept it tested (unknown keys rejected). */
export const backtestRecordSchema = portfolioResultSchema.extend({
  concept_id: conceptIdSchema,
  concept: conceptTextSchema,
});

/** Check every back-test record before anything is written; the first bad one names its index. */
export function validateBacktests(records: ReadonlyArray<BacktestRecord>): BacktestRecord[] {
  return records.map((record, index) => {
    const parsed = backtestRecordSchema.safeParse(record);
    if (!parsed.success) {
      throw new VectorStoreInputError(`backtest ${index}: ${summariseIssues(parsed.error)}`);
    }
    return parsed.data;
  });
}

/** A query vector must be 384 finite numbers; returns a plain array (Weaviate refuses typed arrays). */
export function validateVector(vector: ReadonlyArray<number>): number[] {
  // A plain loop: `every(Number.isFinite)` cost ~10 µs a search, a tenth of the search itself.
  let finite = vector.length === EMBEDDING_DIM;
  for (let i = 0; finite && i < vector.length; i++) finite = Number.isFinite(vector[i]);
  if (!finite) {
    throw new VectorStoreInputError(
      `query vector must have ${EMBEDDING_DIM} finite numbers (got ${vector.length})`,
    );
  }
  return Array.from(vector);
}

/** Concept ids and URLs go into filter expressions; accept only what our schemas produce. */
export function assertConceptId(conceptId: string): void {
  if (!/^[0-9a-f]{24}$/.test(conceptId))
    throw new VectorStoreInputError("concept id must be 24 hex characters");
}
