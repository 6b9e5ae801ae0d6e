export * from "./create.ts";
export * from "./env.ts";
export * from "./lancedb-index.ts";
export * from "./lancedb-store.ts";
export { DEFAULT_MEMORY_INDEX, type MemoryIndexOptions, type MemoryIndexStats } from "./memory-index.ts";
export * from "./types.ts";
export { backtestRecordSchema, VectorStoreInputError } from "./validate.ts";
export * from "./weaviate-store.ts";
