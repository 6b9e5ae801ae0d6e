import { PublishError } from "@qp/messaging";
import { conceptIdOf, type EdgeResponse, edgeRequestSchema, type HealthResponse } from "@qp/schema";
import { errorResponse, HttpError, readJsonBody, validationError } from "@qp/service-kit/web";
import { Hono } from "hono";
import { ZodError } from "zod";
import { requireApiKey } from "./auth.ts";
import { discover } from "./discover.ts";
import { type Bindings, type Config, configFrom } from "./env.ts";
import { log, setLogLevel } from "./log.ts";
import { enabledProviders } from "./providers/index.ts";
import { publishConcept } from "./publish.ts";
import { enforceRateLimit } from "./rate-limit.ts";

type EdgeEnv = { Bindings: Bindings; Variables: { requestId: string; config: Config } };

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

  app.post("/", async (c) => {
    const config = c.get("config");
    const requestId = c.get("requestId");
    await enforceRateLimit(c.req.raw, c.env?.RATE_LIMITER, config.RATE_LIMIT_PERIOD_S);
    await requireApiKey(c.req.raw, config.EDGE_API_KEY);
    const parsed = edgeRequestSchema.safeParse(
      await readJsonBody(c.req.raw, {
        maxBytes: config.MAX_BODY_BYTES,
        // The edge's published contract: JSON only, and 400 codes for size and encoding (see README).
        requireJsonContentType: true,
        tooLarge: { status: 400, code: "body_too_large" },
        invalidUtf8Code: "invalid_json",
      }),
    );
    if (!parsed.success) throw validationError(parsed.error);
    const { concept } = parsed.data;
    const conceptId = await conceptIdOf(concept);

    if (!config.QSTASH_TOKEN || !config.ORCHESTRATOR_URL) {
      throw new HttpError(
        503,
        "misconfigured",
        "publishing is not configured (QSTASH_TOKEN, ORCHESTRATOR_URL)",
      );
    }
    const providers = enabledProviders(config);
    if (providers.length === 0) throw new HttpError(503, "misconfigured", "no discovery provider is enabled");

    const found = await discover({
      providers,
      concept,
      maxUrls: config.MAX_URLS,
      userAgent: config.USER_AGENT,
      timeoutMs: config.PROVIDER_TIMEOUT_MS,
      cacheTtlSeconds: config.CACHE_TTL_S,
      policy: {
        allowedPorts: config.ALLOWED_PORTS,
        denylist: config.URL_DENYLIST,
        ...(config.DISCOVERY_SOURCES === "fixtures" && config.FIXTURE_SEARCH_URL
          ? { allowedOrigins: [new URL(config.FIXTURE_SEARCH_URL).origin] }
          : {}),
      },
    });
    log("info", "discovered", requestId, {
      concept_id: conceptId,
      urls: found.urls.length,
      refused: found.refused,
      provider_errors: found.errors,
    });
    // Every provider failing (offline, say) does not stop the concept: it is still registered and back-tested
    // (concept.validate is published with no URLs), and the answer says which provider failed and why.
    if (found.answered === 0) {
      log("warn", "every discovery provider failed", requestId, { concept_id: conceptId });
    }

    let stored: number;
    try {
      ({ stored } = await publishConcept({
        qstashUrl: config.QSTASH_URL,
        qstashToken: config.QSTASH_TOKEN,
        orchestratorUrl: config.ORCHESTRATOR_URL,
        conceptId,
        concept,
        urls: found.urls,
      }));
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      log("error", "publish failed", requestId, {
        concept_id: conceptId,
        status: error.status,
        err: error.message,
      });
      throw new HttpError(
        503,
        "publish_failed",
        "the message broker refused the messages; nothing was stored",
        [{ path: "qstash", message: error.status ? `HTTP ${error.status}` : "unreachable" }],
      );
    }
    log("info", "published", requestId, { concept_id: conceptId, stored, urls: found.urls.length });
    const body: EdgeResponse = {
      stored,
      urls: found.urls.map((u) => u.url),
      concept_id: conceptId,
      ...(found.errors.length > 0 ? { errors: found.errors } : {}),
    };
    return c.json(body, 202);
  });

  app.all("/", (c) => {
    c.header("Allow", "POST");
    return errorResponse(
      c,
      new HttpError(405, "method_not_allowed", "use POST / with a JSON body"),
      c.get("requestId"),
    );
  });

  return app;
}
