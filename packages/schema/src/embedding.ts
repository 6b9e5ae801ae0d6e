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

/** Most texts one `POST /embed` takes; callers with more send them in batches of this size. */
export const MAX_EMBED_TEXTS = 64;

/** Longest text `POST /embed` takes, in characters (the model reads 256 tokens; longer text is wasted). */
export const MAX_EMBED_TEXT_CHARS = 8000;

/** The parser's `POST /embed` body: 1–64 non-empty texts (trimmed), for search queries and the resolver. */
export const embedRequestSchema = z.strictObject({
  texts: z
    .array(z.string().trim().min(1, "texts must not be empty").max(MAX_EMBED_TEXT_CHARS))
    .min(1)
    .max(MAX_EMBED_TEXTS),
});
export type EmbedRequest = z.infer<typeof embedRequestSchema>;

/** The parser's `POST /embed` answer: one vector per text, in order, from the model it names. */
export const embedResponseSchema = z.strictObject({
  embeddings: z.array(
    z.array(z.number()).length(EMBEDDING_DIM, `embedding must have exactly ${EMBEDDING_DIM} numbers`),
  ),
  model: z.string().min(1).max(256),
  dim: z.literal(EMBEDDING_DIM),
});
export type EmbedResponse = z.infer<typeof embedResponseSchema>;
