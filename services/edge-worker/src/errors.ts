import { describeIssues, summariseIssues } from "@qp/schema";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

/** One entry of the envelope's `details`. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * An error that becomes one answer in the error envelope `{error:{code,message,requestId,details?}}`.
 * The Worker cannot use @qp/service-kit (pino, ioredis are Node-only), so it carries its own small copy.
 */
export class EdgeError extends Error {
  override name = "EdgeError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** 400 `invalid_request` naming each failing path of a zod error. */
export function validationError(error: z.ZodError, what = "request body"): EdgeError {
  return new EdgeError(
    400,
    "invalid_request",
    `invalid ${what}: ${summariseIssues(error)}`,
    describeIssues(error),
  );
}

/** Writes the envelope; `details` are cut to the schema's bounds (50 entries, 1,000 characters). */
export function errorResponse(c: Context, error: EdgeError, requestId: string): Response {
  const details = error.details
    ?.slice(0, 50)
    .map((d) => ({ path: d.path.slice(0, 512), message: d.message.slice(0, 1000) }));
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(
    {
      error: {
        code: error.code,
        message: error.message.slice(0, 4000),
        requestId,
        ...(details && details.length > 0 ? { details } : {}),
      },
    },
    error.status,
  );
}
