import { envPositiveInt, envSecret, serviceEnvFields } from "@qp/service-kit";
import { vectorStoreEnvSchema } from "@qp/vector-store";
import { z } from "zod";

/** Parser settings (plus the vector store's: WEAVIATE_* or VECTOR_DB_PATH). */
export const parserEnvSchema = vectorStoreEnvSchema.extend({
  ...serviceEnvFields(8002),
  /** `/parse`, `/embed` and `/metrics` require `Authorization: Bearer <SERVICE_TOKEN>` (see README). */
  SERVICE_TOKEN: envSecret.optional(),
  /** Folder holding `Xenova/all-MiniLM-L6-v2/…` for offline use; unset = the Hugging Face hub. */
  MODEL_DIR: z.string().min(1).optional(),
  MODEL_ID: z.string().min(1).default("Xenova/all-MiniLM-L6-v2"),
  /** Hub downloads are cached here when MODEL_DIR is unset. */
  MODEL_CACHE_DIR: z.string().min(1).default(".cache/transformers"),
  /** Which ONNX graph (see the README): fused, q8 or fp32; unset = the best one MODEL_DIR holds. */
  MODEL_DTYPE: z.enum(["fused", "q8", "fp32"]).optional(),
  CHUNK_MAX_TOKENS: envPositiveInt.min(16).max(512).default(256),
  CHUNK_OVERLAP_TOKENS: z.coerce.number().int().min(0).max(128).default(32),
  MAX_CHUNKS_PER_PAGE: envPositiveInt.max(10_000).default(64),
  EMBED_BATCH_SIZE: envPositiveInt.max(256).default(32),
  /** Worker threads embedding in parallel, one ONNX thread each; unset = the number of CPUs. */
  EMBED_WORKERS: envPositiveInt.max(64).optional(),
});
export type ParserEnv = z.infer<typeof parserEnvSchema>;
