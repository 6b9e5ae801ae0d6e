import type { HealthResponse } from "@qp/schema";
import { errorResponse, HttpError } from "@qp/service-kit/web";
import { Hono } from "hono";
import { ZodError } from "zod";
import type { EdgeEnv } from "./context.ts";
import { configFrom } from "./env.ts";
import { log, setLogLevel } from "./log.ts";
import { enabledProviders } from "./providers/index.ts";
import { createConceptRoutes } from "./routes/concept.ts";

function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id") ?? request.headers.get("cf-ray") ?? "";
  return /^[\w.:-]{1,128}$/.test(given) ? given : crypto.randomUUID();
}

/** The Worker's hono app. Bindings arrive per request (`c.env`), so config is parsed per request too (cheap). */
export function createApp(): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();

  app.use(async (c, next) => {
    const requestId = requestIdOf(c.req.raw);
    c.set("requestId", requestId);
    c.header("X-Request-Id", requestId);
    try {
      const config = configFrom(c.env ?? {});
      setLogLevel(config.LOG_LEVEL);
      c.set("config", config);
    } catch (error) {
      const vars = error instanceof ZodError ? error.issues.map((issue) => issue.path.join(".")) : [];
      log("error", "invalid configuration", requestId, { vars });
      throw new HttpError(
        500,
        "misconfigured",
        `the worker is misconfigured (${vars.join(", ") || "config"})`,
      );
    }
    await next();
  });

  app.onError((error, c) => {
    const requestId = c.get("requestId") ?? crypto.randomUUID();
    if (error instanceof HttpError) return errorResponse(c, error, requestId);
    log("error", "unhandled error", requestId, {
      err: error instanceof Error ? error.message : String(error),
    });
    return errorResponse(c, new HttpError(500, "internal", "internal error"), requestId);
  });

  app.notFound((c) =>
    errorResponse(
      c,
      new HttpError(404, "not_found", `no route for ${c.req.method} ${c.req.path}`),
      c.get("requestId"),
    ),
  );

  app.get("/health", (c) => {
    const config = c.get("config");
    const providers = enabledProviders(config).map((p) => p.name);
    const ready = Boolean(config.QSTASH_TOKEN && config.ORCHESTRATOR_URL);
    const body: HealthResponse = {
      status: ready && providers.length > 0 ? "healthy" : "unhealthy",
      service: "edge-worker",
      services: {
        qstash: ready
          ? { status: "healthy", message: "configured" }
          : { status: "unhealthy", message: "QSTASH_TOKEN or ORCHESTRATOR_URL is not set" },
        discovery: providers.length
          ? { status: "healthy", message: `providers: ${providers.join(", ")}` }
          : { status: "unhealthy", message: "no discovery provider enabled" },
      },
    };
    return c.json(body, body.status === "healthy" ? 200 : 503);
  });

  app.route("/", createConceptRoutes());

  return app;
}
