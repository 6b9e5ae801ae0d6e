export * from "./listeners.ts";
export * from "./redis-server.ts";
export { uniquePrefix } from "./unique.ts";
