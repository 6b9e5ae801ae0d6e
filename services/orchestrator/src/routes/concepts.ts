import { conceptIdSchema } from "@qp/schema";
import { HttpError, type Logger, type Redis, type ServiceEnv, validationError } from "@qp/service-kit";
import { Hono } from "hono";
import type { HandlerConfig } from "../handlers/index.ts";
import type { ConceptStore } from "../store/concept-store.ts";
import { readConcept } from "../store/concept-view.ts";
import { followValidationJob } from "../validation-job.ts";

/**
 * `GET /concepts/:id` (mounted under /api): the concept's status, its sources with titles, per-URL status and
 * chunk counts, failures with reasons and the validation summary, read back from Redis and validated. A
 * validation still running as a validator job is looked up once per read and settled when it has finished.
 */
export function createConceptRoutes(deps: {
  redis: Redis;
  logger: Logger;
  store: ConceptStore;
  config: HandlerConfig;
}): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  routes.get("/concepts/:id", async (c) => {
    const id = conceptIdSchema.safeParse(c.req.param("id"));
    if (!id.success) throw validationError(id.error, "concept id");
    let view = await readConcept(deps.redis, deps.logger, id.data);
    if (!view) throw new HttpError(404, "not_found", `no concept ${id.data}`);
    if (await followValidationJob(view, deps))
      view = (await readConcept(deps.redis, deps.logger, id.data)) ?? view;
    return c.json(view);
  });
  return routes;
}
