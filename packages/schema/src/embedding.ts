import { z } from "zod";
import { conceptIdSchema, conceptTextSchema, httpUrlSchema, isoTimestampSchema } from "./common.ts";

/** all-MiniLM-L6-v2 output size. */
export const EMBEDDING_DIM = 384;

/** One embedded chunk of a source page, as the vector stores keep it. */
export const embeddingObjectSchema = z.strictObject({
  text: z.string().min(1).max(20_000),
  embedding: z
    .array(z.number())
    .length(EMBEDDING_DIM, `embedding must have exactly ${EMBEDDING_DIM} numbers`),
  source_url: httpUrlSchema,
  concept: conceptTextSchema,
  concept_id: conceptIdSchema,
  chunk_index: z.number().int().min(0).max(100_000),
  title: z.string().max(1000),
  processed_at: isoTimestampSchema,
  parser_version: z.string().min(1).max(64),
});
export type EmbeddingObject = z.infer<typeof embeddingObjectSchema>;
