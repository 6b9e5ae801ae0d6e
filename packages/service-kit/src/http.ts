import { randomUUID } from "node:crypto";
import type { Context, Hono, MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import { withCorrelationId } from "./logger.ts";
import { errorBody, scrubPaths } from "./web/envelope.ts";
import { HttpError, PermanentError, TransientError } from "./web/errors.ts";

/** Context variables every Node service's hono app has. */
export interface ServiceVariables {
  requestId: string;
  logger: Logger;
}
export type ServiceEnv = { Variables: ServiceVariables };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Request id and correlation: taken from `X-Request-Id` (or QStash's `Upstash-Message-Id`) when well formed,
 * else a new UUID; echoed back, put on `c.var`, and made the correlation id of every log line of the request.
 */
export function requestContext(logger: Logger): MiddlewareHandler<ServiceEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id") ?? c.req.header("upstash-message-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    c.set("logger", logger);
    c.header("X-Request-Id", requestId);
    await withCorrelationId(requestId, next);
  };
}

/**
 * The one `onError` of every app: `HttpError` → its status; `PermanentError` → 489 with
 * `Upstash-NonRetryable-Error` (QStash's "do not retry"); anything else → 500/503 with a generic message, the
 * detail only in the log.
 */
export function handleError(error: Error, c: Context<ServiceEnv>): Response {
  const requestId = c.get("requestId") ?? "unknown";
  const logger = c.get("logger");
  // Messages of thrown errors may carry server file paths (a CSV's location, a model file): scrubbed here,
  // in full in the log line.
  if (error instanceof HttpError) {
    if (error.status >= 500) logger?.error({ err: error }, "request failed");
    else logger?.info({ code: error.code, status: error.status }, error.message);
    const details = error.details?.map((detail) => ({ ...detail, message: scrubPaths(detail.message) }));
    return c.json(
      errorBody(error.code, scrubPaths(error.message), requestId, details),
      error.status,
      error.headers,
    );
  }
  if (error instanceof PermanentError) {
    logger?.warn({ err: error }, "permanent failure: not retryable");
    return c.json(errorBody("non_retryable", scrubPaths(error.message), requestId), 489 as 400, {
      "Upstash-NonRetryable-Error": "true",
    });
  }
  if (error instanceof TransientError) {
    logger?.warn({ err: error }, "transient failure: retry");
    return c.json(errorBody("unavailable", scrubPaths(error.message), requestId), 503);
  }
  logger?.error({ err: error }, "unhandled error");
  return c.json(errorBody("internal_error", "internal error", requestId), 500);
}

/** Install request context, the error handler and a JSON 404 on an app. */
export function installServiceBasics(app: Hono<ServiceEnv>, logger: Logger): void {
  app.use("*", requestContext(logger));
  app.onError(handleError);
  app.notFound((c) =>
    c.json(
      errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`, c.get("requestId") ?? "unknown"),
      404,
    ),
  );
}
