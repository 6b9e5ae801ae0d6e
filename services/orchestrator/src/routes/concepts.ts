import { type ConceptView, conceptIdSchema } from "@qp/schema";
import { HttpError, type Logger, type Redis, type ServiceEnv, validationError } from "@qp/service-kit";
import { Hono } from "hono";
import { readConcept } from "../store/concept-view.ts";

/**
 * `GET /concepts/:id` (mounted under /api): the concept's status (`discovered` → `crawling` → `parsing` →
 * `validating` → `done`, or `partial` / `failed` with `reasons`), its sources with titles, per-URL status and
 * chunk counts, failures with reasons and the validation summary, read back from Redis and validated.
 * Reading has no side effects: validator jobs are settled by the validator's callback or the sweeper.
 */
export function createConceptRoutes(deps: { redis: Redis; logger: Logger }): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  routes.get("/concepts/:id", async (c) => {
    const id = conceptIdSchema.safeParse(c.req.param("id"));
    if (!id.success) throw validationError(id.error, "concept id");
    const view: ConceptView | null = await readConcept(deps.redis, deps.logger, id.data);
    if (!view) throw new HttpError(404, "not_found", `no concept ${id.data}`);
    return c.json(view);
  });
  return routes;
}
