import { resolveRequestSchema } from "@qp/schema";
import { readJsonBody, type ServiceEnv, validationError } from "@qp/service-kit";
import { Hono } from "hono";
import type { BacktestServiceDeps } from "../backtest/service.ts";
import { resolveStrategy } from "../resolver/resolve.ts";
import { MAX_BODY_BYTES } from "./body-limit.ts";

/** `POST /resolve` `{concept}`: the chosen template(s), params or grid, symbols, and why. */
export function createResolveRoutes(deps: Pick<BacktestServiceDeps, "embed" | "market">): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  routes.post("/resolve", async (c) => {
    const parsed = resolveRequestSchema.safeParse(
      await readJsonBody(c.req.raw, { maxBytes: MAX_BODY_BYTES }),
    );
    if (!parsed.success) throw validationError(parsed.error);
    return c.json(
      await resolveStrategy(parsed.data.concept, {
        ...(deps.embed ? { embed: deps.embed } : {}),
        knownSymbols: new Set(deps.market.symbols()),
      }),
    );
  });
  return routes;
}
