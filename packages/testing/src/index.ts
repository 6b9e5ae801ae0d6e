export * from "./listeners.ts";
export * from "./net.ts";
export * from "./process.ts";
export * from "./redis-server.ts";
export * from "./sink.ts";
export { uniquePrefix } from "./unique.ts";
export * from "./wait.ts";
