import { collectHealth, type ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import type { BacktestServiceDeps } from "../backtest/service.ts";

export interface HealthRouteDeps extends Pick<BacktestServiceDeps, "engines" | "market"> {
  /** Extra checks (vector store, parser). */
  health?: Parameters<typeof collectHealth>[1] | undefined;
}

/** `GET /health`: the engine in use and its tfjs backend (required), market-data symbols, the extra checks. */
export function createHealthRoutes(deps: HealthRouteDeps): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  routes.get("/health", async (c) => {
    const body = await collectHealth(
      "validator",
      {
        engine: {
          required: true,
          check: async () => {
            const backend = await deps.engines.backend();
            const auto = backend.gpu ? backend.name : "native";
            return {
              status: "healthy",
              message: `auto engine: ${auto} (gpu_accelerated: ${backend.gpu}); tfjs backend: ${backend.detail}; native threads: ${deps.engines.native.pool.threads}`,
            };
          },
        },
        market_data: {
          required: false,
          check: async () => {
            const symbols = deps.market.symbols();
            return symbols.length
              ? { status: "healthy", message: `${symbols.length} symbols: ${symbols.join(", ")}` }
              : { status: "degraded", message: "no CSV market data found" };
          },
        },
        ...(deps.health ?? {}),
      },
      5000,
    );
    return c.json(body, body.status === "unhealthy" ? 503 : 200);
  });
  return routes;
}
