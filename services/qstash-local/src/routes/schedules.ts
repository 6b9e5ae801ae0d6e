import type { ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import type { Schedules } from "../schedules/schedules.ts";
import { scheduleView } from "../schedules/view.ts";
import { callerIp, headerRecord, type RouteDeps, rawAfter, readBody } from "./context.ts";

/**
 * `POST /v2/schedules/{destination}` (Upstash-Cron, optional Upstash-Schedule-Id), `GET /v2/schedules`,
 * `GET|DELETE /v2/schedules/{id}`, `PATCH /v2/schedules/{id}/pause|resume`, as the official client calls them.
 */
export function scheduleRoutes(deps: RouteDeps & { schedules: Schedules }): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const { schedules, broker, maxMessageBytes } = deps;
  const view = (id: string) => scheduleView(schedules.get(id), broker.scheduler);

  app.post("/v2/schedules/*", async (c) => {
    const body = await readBody(c, maxMessageBytes);
    const ip = callerIp(c);
    const schedule = schedules.create({
      destination: rawAfter(c, "/v2/schedules/"),
      headers: headerRecord(c),
      body,
      ...(ip !== undefined && { callerIp: ip }),
    });
    return c.json({ scheduleId: schedule.id });
  });

  app.get("/v2/schedules", (c) => c.json(schedules.list().map((s) => view(s.id))));
  app.get("/v2/schedules/:id", (c) => c.json(view(c.req.param("id"))));
  app.delete("/v2/schedules/:id", (c) => {
    schedules.delete(c.req.param("id"));
    return c.body(null, 200);
  });
  for (const action of ["pause", "resume"] as const) {
    app.patch(`/v2/schedules/:id/${action}`, (c) => {
      schedules.setPaused(c.req.param("id"), action === "pause");
      return c.body(null, 200);
    });
  }
  return app;
}
