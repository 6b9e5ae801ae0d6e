export * from "./redis-server.ts";
export { uniquePrefix } from "./unique.ts";
