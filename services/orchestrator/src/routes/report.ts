import { conceptIdSchema } from "@qp/schema";
import { HttpError, type Logger, type Redis, type ServiceEnv, validationError } from "@qp/service-kit";
import { Hono } from "hono";
import { finishedBacktest } from "../report/load.ts";
import { REPORT_CSP, renderReport } from "../report/page.ts";
import { conceptPassages } from "../report/passages.ts";
import { buildSummary } from "../report/summary.ts";
import { readConcept } from "../store/concept-view.ts";
import type { SearchDeps } from "./search.ts";

export interface ReportDeps {
  redis: Redis;
  logger: Logger;
  /** Vector search for the passages; without it the summary says passages are unavailable. */
  search?: SearchDeps;
}

/**
 * `GET /api/concepts/:id/summary` (JSON, what `pnpm research --out` writes as summary.json) and
 * `GET /concepts/:id/report` (a self-contained HTML page: server-rendered SVG, no script, no remote loads,
 * every text value escaped). Mounted at the root. 400 for a malformed id, 404 for an unknown concept, 409 while the back-test is not finished.
 */
export function createReportRoutes(deps: ReportDeps): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();

  const load = async (rawId: string) => {
    const id = conceptIdSchema.safeParse(rawId);
    if (!id.success) throw validationError(id.error, "concept id");
    const view = await readConcept(deps.redis, deps.logger, id.data);
    if (!view) throw new HttpError(404, "not_found", `no concept ${id.data}`);
    const report = finishedBacktest(view);
    const passages = await conceptPassages(deps.search, deps.logger, view);
    return { view, report, passages };
  };

  routes.get("/api/concepts/:id/summary", async (c) => {
    const { view, report, passages } = await load(c.req.param("id"));
    return c.json(buildSummary(view, report, passages));
  });
  routes.get("/concepts/:id/report", async (c) => {
    const { view, report, passages } = await load(c.req.param("id"));
    const page = renderReport(view, report, passages, buildSummary(view, report, passages));
    return c.body(page, 200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": REPORT_CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    });
  });
  return routes;
}
