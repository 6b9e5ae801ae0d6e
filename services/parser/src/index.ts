export * from "./app.ts";
export * from "./arrow.ts";
export * from "./chunk.ts";
export * from "./clean.ts";
export * from "./embedder.ts";
export * from "./env.ts";
export * from "./ingest.ts";
