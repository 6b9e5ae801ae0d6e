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
  /**
   * The embedding cache, keyed by (model id, SHA-256 of the chunk text): `on` (default) or `off`. A repeated
   * page (one source found for several concepts) is then embedded once.
   */
  EMBED_CACHE: z.enum(["on", "off"]).default("on"),
  EMBED_CACHE_ENTRIES: envPositiveInt.max(1_000_000).default(50_000),
  /**
   * The job queue (`POST /jobs`) needs all four: Redis holds the queue, QStash carries each outcome
   * (`page.parsed` / `page.parse_failed`) to `${ORCHESTRATOR_URL}/api/qstash`. Without them only the
   * synchronous `POST /parse` is served.
   */
  REDIS_URL: z.string().min(1).optional(),
  /** Prefix for the queue's keys (several stacks sharing one Redis, as the tests do). */
  REDIS_KEY_PREFIX: z.string().max(64).optional(),
  QSTASH_URL: z.url({ protocol: /^https?$/ }).optional(),
  QSTASH_TOKEN: z.string().min(1).optional(),
  ORCHESTRATOR_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Pages waiting in the queue before `POST /jobs` answers 503 queue_full. */
  PARSE_QUEUE_MAX: envPositiveInt.max(1_000_000).default(5000),
  /**
   * Pages parsed at once (POST /parse and the job worker share the gate). 2 lets one page's store write
   * overlap another's embedding; embedding itself is bounded by EMBED_WORKERS either way.
   */
  PARSE_CONCURRENCY: envPositiveInt.max(16).default(2),
  /** Attempts per job when the store or the model is unavailable (5, 10, 20, 40 s apart) before it is failed. */
  PARSE_JOB_ATTEMPTS: envPositiveInt.max(20).default(5),
});
export type ParserEnv = z.infer<typeof parserEnvSchema>;
