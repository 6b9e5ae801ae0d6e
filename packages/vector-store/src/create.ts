import type { VectorStoreEnv } from "./env.ts";
import { createLanceDbStore } from "./lancedb-store.ts";
import type { VectorStore } from "./types.ts";
import { createWeaviateStore, type WeaviateStoreOptions } from "./weaviate-store.ts";

/**
 * The Weaviate settings a parsed env names (URLs, API key, batch size), for `createWeaviateStore`. One mapping
 * for the services, the tests and the bench, so none of them forgets the gRPC host/port pair.
 */
export function weaviateOptionsFromEnv(env: VectorStoreEnv & { WEAVIATE_URL: string }): WeaviateStoreOptions {
  return {
    url: env.WEAVIATE_URL,
    ...(env.WEAVIATE_GRPC_URL ? { grpcUrl: env.WEAVIATE_GRPC_URL } : {}),
    ...(env.WEAVIATE_GRPC_HOST ? { grpcHost: env.WEAVIATE_GRPC_HOST } : {}),
    ...(env.WEAVIATE_GRPC_PORT ? { grpcPort: env.WEAVIATE_GRPC_PORT } : {}),
    ...(env.WEAVIATE_API_KEY ? { apiKey: env.WEAVIATE_API_KEY } : {}),
    batchSize: env.WEAVIATE_BATCH_SIZE,
  };
}

/**
 * The store a deployment configured: Weaviate when WEAVIATE_URL is set, else LanceDB at VECTOR_DB_PATH
 * (default `<repo>/.data/lancedb`). Parse the env with `vectorStoreEnvSchema` first.
 */
export function createVectorStore(env: VectorStoreEnv): VectorStore {
  if (env.WEAVIATE_URL)
    return createWeaviateStore(weaviateOptionsFromEnv({ ...env, WEAVIATE_URL: env.WEAVIATE_URL }));
  return createLanceDbStore({
    path: env.VECTOR_DB_PATH,
    memoryIndex:
      env.VECTOR_MEMORY_INDEX_MAX_ROWS === 0 ? false : { maxRows: env.VECTOR_MEMORY_INDEX_MAX_ROWS },
  });
}
