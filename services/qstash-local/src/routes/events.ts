import type { ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import { ApiError } from "../errors.ts";
import { type EventLog, eventView, type LogEvent } from "../events.ts";
import { countParam, LOG_FILTER_KEYS, matches, parseFilter } from "../filters.ts";

/** `GET /v2/events` (the SDK's `client.logs()`): newest first, filters, `count` ≤ 100, `cursor`. */
export function eventRoutes(events: EventLog): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  app.get("/v2/events", (c) => {
    const query = new URL(c.req.url).searchParams;
    const ids = query
      .getAll("messageIds")
      .flatMap((v) => v.split(","))
      .filter(Boolean);
    const filter = parseFilter(query, LOG_FILTER_KEYS, ["count", "cursor", "messageIds", "order"]);
    if (ids.length > 0) filter.set("messageId", ids);
    const count = countParam(query, 100);
    const cursorText = query.get("cursor") ?? "";
    const cursor = cursorText === "" ? undefined : Number(cursorText);
    if (cursor !== undefined && (!Number.isInteger(cursor) || cursor < 0)) {
      throw new ApiError(400, `invalid cursor "${cursorText}"`);
    }
    const chosen: LogEvent[] = [];
    for (const event of events.newestFirst(cursor)) {
      if (!matches(filter, event)) continue;
      if (chosen.length === count) {
        return c.json({ events: chosen.map(eventView), cursor: String(chosen[chosen.length - 1]?.seq) });
      }
      chosen.push(event);
    }
    return c.json({ events: chosen.map(eventView) });
  });
  return app;
}
