import { PublishError } from "@qp/messaging";
import { conceptIdOf, type EdgeResponse, edgeRequestSchema } from "@qp/schema";
import { errorResponse, HttpError, readJsonBody, validationError } from "@qp/service-kit/web";
import { Hono } from "hono";
import { requireApiKey } from "../auth.ts";
import type { EdgeEnv } from "../context.ts";
import { discover } from "../discover.ts";
import { log } from "../log.ts";
import { enabledProviders } from "../providers/index.ts";
import { publishConcept } from "../publish.ts";
import { enforceRateLimit } from "../rate-limit.ts";

/**
 * `POST /` `{concept}`: rate limit, API key, discovery of sources, then the concept and its URLs published
 * through QStash (202 with what was stored). Any other method on `/` is 405.
 */
export function createConceptRoutes(): Hono<EdgeEnv> {
  const routes = new Hono<EdgeEnv>();
  routes.post("/", async (c) => {
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

  routes.all("/", (c) => {
    c.header("Allow", "POST");
    return errorResponse(
      c,
      new HttpError(405, "method_not_allowed", "use POST / with a JSON body"),
      c.get("requestId"),
    );
  });

  return routes;
}
