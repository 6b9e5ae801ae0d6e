import { fileURLToPath } from "node:url";
import { envPositiveInt } from "@qp/service-kit";
import { z } from "zod";
import { DEFAULT_MEMORY_INDEX } from "./memory-index.ts";

/**
 * `<repo>/.data/lancedb`, absolute: the parser writes and the orchestrator searches one folder even when each
 * runs from its own package directory (`pnpm --filter … start`). Deployments set VECTOR_DB_PATH explicitly.
 */
export const DEFAULT_VECTOR_DB_PATH = fileURLToPath(new URL("../../../.data/lancedb", import.meta.url));

/** A URL, or a bare `host:port` (as CI and docker-compose files often write it), which means plain http. */
function endpoint(protocol: RegExp) {
  return z
    .string()
    .trim()
    .transform((value) => (value.includes("://") ? value : `http://${value}`))
    .pipe(z.url({ protocol, error: "must be a URL (http://host:port) or host:port" }));
}

/**
 * Vector store settings. WEAVIATE_URL set → Weaviate (REST at that URL, gRPC at WEAVIATE_GRPC_URL or
 * WEAVIATE_GRPC_HOST:WEAVIATE_GRPC_PORT, default the REST host and 50051); unset → LanceDB at VECTOR_DB_PATH.
 */
export const vectorStoreEnvSchema = z.object({
  WEAVIATE_URL: endpoint(/^https?$/).optional(),
  WEAVIATE_GRPC_URL: endpoint(/^(https?|grpcs?)$/).optional(),
  WEAVIATE_GRPC_HOST: z.string().min(1).optional(),
  WEAVIATE_GRPC_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  WEAVIATE_API_KEY: z.string().min(1).optional(),
  WEAVIATE_BATCH_SIZE: envPositiveInt.max(1000).default(100),
  VECTOR_DB_PATH: z.string().min(1).default(DEFAULT_VECTOR_DB_PATH),
  /**
   * LanceDB: the most chunks the in-process HNSW index (memory-index.ts) holds; above it searches go through
   * LanceDB's own IVF index, which the writer builds from 80 % of it on. 0: never the in-process index.
   */
  VECTOR_MEMORY_INDEX_MAX_ROWS: z.coerce.number().int().min(0).default(DEFAULT_MEMORY_INDEX.maxRows),
});
export type VectorStoreEnv = z.infer<typeof vectorStoreEnvSchema>;
