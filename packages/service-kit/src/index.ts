// The Node part of the kit, plus everything of the Worker-safe part (`./web`), so Node services import one name.
export * from "./auth.ts";
export * from "./health.ts";
export * from "./http.ts";
export * from "./logger.ts";
export * from "./metrics.ts";
export * from "./redis.ts";
export * from "./run-service.ts";
export * from "./serve.ts";
export * from "./service-client.ts";
export * from "./shutdown.ts";
export * from "./web/index.ts";
