import { healthHandler, type ServiceEnv } from "@qp/service-kit";
import type { VectorStore } from "@qp/vector-store";
import { Hono } from "hono";
import type { Embedder } from "../embedder.ts";

export interface HealthRouteDeps {
  embedder: Embedder;
  store: VectorStore;
}

/** `GET /health`: the model loads (loading it on the first call) and the vector store answers. */
export function createHealthRoutes(deps: HealthRouteDeps): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  routes.get("/health", async (c) => {
    const handler = healthHandler("parser", {
      model: {
        check: async () => {
          await deps.embedder.load();
          return { status: "healthy" };
        },
      },
      store: { check: () => deps.store.health() },
    });
    return handler(c, async () => {});
  });
  return routes;
}
