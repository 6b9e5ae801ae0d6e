import { timingSafeEqual } from "node:crypto";
import {
  healthHandler,
  type Logger,
  requestContext,
  type ServiceEnv,
  type ServiceMetrics,
} from "@qp/service-kit";
import { type Context, Hono } from "hono";
import type { Broker } from "./broker.ts";
import { DEV_CURRENT_SIGNING_KEY, DEV_NEXT_SIGNING_KEY } from "./defaults.ts";
import { ApiError } from "./errors.ts";
import type { EventLog } from "./events.ts";
import { dlqRoutes } from "./routes/dlq.ts";
import { eventRoutes } from "./routes/events.ts";
import { messageRoutes } from "./routes/messages.ts";
import { publishRoutes } from "./routes/publish.ts";
import { queueRoutes } from "./routes/queues.ts";
import { scheduleRoutes } from "./routes/schedules.ts";
import type { Schedules } from "./schedules/schedules.ts";

export interface AppDeps {
  broker: Broker;
  schedules: Schedules;
  events: EventLog;
  logger: Logger;
  metrics: ServiceMetrics;
  token: string;
  /**
   * Reads `GET /v2/keys`. QStash never shows signing keys to a publish token, so neither do we: the keys are
   * served to this admin token, or to the publish token only while they are QStash's public dev keys (the
   * SDK's `QSTASH_DEV=true` probe, which must keep working; those keys are no secret).
   */
  adminToken?: string;
  keys: () => { current: string; next: string };
  maxMessageBytes: number;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

/** The token of `Authorization: Bearer x` (scheme case-insensitive, RFC 9110 §11.1) or `?qstash_token=`. */
function givenToken(c: Context): string | undefined {
  const header = c.req.header("authorization");
  if (header !== undefined) return BEARER.exec(header)?.[1];
  return new URL(c.req.url).searchParams.get("qstash_token") ?? undefined;
}

/**
 * The QStash-compatible HTTP API. Errors are QStash's `{"error": "..."}` (not the house envelope): the
 * official client hands the raw text to its callers, and this is the shape they know from Upstash.
 */
export function createApp(deps: AppDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  app.use("*", requestContext(deps.logger));
  app.use("*", deps.metrics.middleware);
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json({ error: error.message }, error.status);
    deps.logger.error({ err: error }, "unhandled error");
    return c.json({ error: "internal error" }, 500);
  });
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));

  app.get(
    "/health",
    healthHandler("qstash-local", {
      sqlite: {
        check: async () => {
          deps.broker.store.ping();
          return { status: "healthy" };
        },
      },
    }),
  );
  app.get("/metrics", deps.metrics.handler);

  // Bearer token (or `?qstash_token=`, which QStash also accepts) on the whole v2 API.
  // `/v2/keys` has its own rule (below): the publish token alone does not read signing keys.
  app.get("/v2/keys", (c) => {
    const given = givenToken(c);
    if (!given) throw new ApiError(401, "missing Authorization: Bearer <QSTASH_ADMIN_TOKEN>");
    const keys = deps.keys();
    const admin = deps.adminToken !== undefined && sameSecret(given, deps.adminToken);
    const publicKeys = keys.current === DEV_CURRENT_SIGNING_KEY && keys.next === DEV_NEXT_SIGNING_KEY;
    if (admin || (publicKeys && sameSecret(given, deps.token))) return c.json(keys);
    throw new ApiError(401, "signing keys are readable with QSTASH_ADMIN_TOKEN only");
  });
  app.use("/v2/*", async (c, next) => {
    const given = givenToken(c);
    if (!given) throw new ApiError(401, "missing Authorization: Bearer <QSTASH_TOKEN>");
    if (!sameSecret(given, deps.token)) throw new ApiError(401, "invalid token");
    await next();
  });

  app.route("/", eventRoutes(deps.events));
  const routeDeps = { broker: deps.broker, maxMessageBytes: deps.maxMessageBytes };
  app.route("/", publishRoutes(routeDeps));
  app.route("/", messageRoutes(routeDeps));
  app.route("/", dlqRoutes(routeDeps));
  app.route("/", queueRoutes(routeDeps));
  app.route("/", scheduleRoutes({ ...routeDeps, schedules: deps.schedules }));
  return app;
}
