import type { ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import { CATALOG } from "../strategies/catalog.ts";
import { ROTATION } from "../strategies/rotation.ts";

/**
 * `GET /strategies`: the template catalog with descriptions, parameters, defaults and default grids, and the
 * dual-momentum rotation (which needs `min_symbols` symbols).
 */
export function createStrategyRoutes(): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  routes.get("/strategies", (c) =>
    c.json({
      strategies: [
        ...Object.values(CATALOG).map((t) => ({
          name: t.name,
          title: t.title,
          description: t.description,
          params: t.paramNames,
          defaults: t.defaults,
          grid: t.grid,
        })),
        {
          name: ROTATION.name,
          title: ROTATION.title,
          description: ROTATION.description,
          params: ROTATION.paramNames,
          defaults: ROTATION.defaults,
          grid: ROTATION.grid,
          min_symbols: ROTATION.minSymbols,
        },
      ],
    }),
  );
  return routes;
}
