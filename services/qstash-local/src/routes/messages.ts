import type { ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import { ApiError } from "../errors.ts";
import { idsFrom, MESSAGE_FILTER_KEYS, matches, messageFacts, parseFilter } from "../filters.ts";
import { messageView } from "../views.ts";
import type { RouteDeps } from "./context.ts";

/** `GET /v2/messages/{id}`, `DELETE /v2/messages/{id}`, bulk `DELETE /v2/messages` (ids, filters or all). */
export function messageRoutes({ broker }: RouteDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const { scheduler } = broker;

  app.get("/v2/messages/:id", (c) => {
    const message = scheduler.get(c.req.param("id"));
    if (!message) throw new ApiError(404, `message ${c.req.param("id")} not found`);
    return c.json(messageView(message));
  });

  app.delete("/v2/messages/:id", (c) => {
    if (!scheduler.cancel(c.req.param("id")))
      throw new ApiError(404, `message ${c.req.param("id")} not found`);
    return c.json({ cancelled: 1 });
  });

  app.delete("/v2/messages", async (c) => {
    const query = new URL(c.req.url).searchParams;
    const ids = await idsFrom(query, "messageIds", c.req.raw);
    if (ids) return c.json({ cancelled: ids.filter((id) => scheduler.cancel(id)).length });
    // A filter (or nothing: all) cancels every pending match; `count` is ignored, as by QStash today.
    const filter = parseFilter(query, MESSAGE_FILTER_KEYS, ["count", "cursor"]);
    const chosen = [...scheduler.messages()].filter((m) => matches(filter, messageFacts(m)));
    return c.json({ cancelled: chosen.filter((m) => scheduler.cancel(m.id)).length });
  });

  return app;
}
