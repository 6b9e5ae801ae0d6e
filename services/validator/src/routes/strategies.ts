import type { ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import { CATALOG } from "../strategies/catalog.ts";

/** `GET /strategies`: the template catalog with descriptions, parameters, defaults and default grids. */
export function createStrategyRoutes(): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  routes.get("/strategies", (c) =>
    c.json({
      strategies: Object.values(CATALOG).map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        params: t.paramNames,
        defaults: t.defaults,
        grid: t.grid,
      })),
    }),
  );
  return routes;
}
