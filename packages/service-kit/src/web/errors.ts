import { describeIssues, summariseIssues } from "@qp/schema";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

/**
 * An error that maps to one HTTP answer in the error envelope. `code` is a stable snake_case word clients can
 * branch on; `message` is for people.
 */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: Array<{ path: string; message: string }>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** 400 `invalid_request` naming each failing path of a zod error. */
export function validationError(error: z.ZodError, what = "request body"): HttpError {
  return new HttpError(
    400,
    "invalid_request",
    `invalid ${what}: ${summariseIssues(error)}`,
    describeIssues(error),
  );
}

/**
 * Outside HTTP: a failure that will fail again however often it is retried (bad schema, unknown type).
 * QStash handlers map it to 489 + `Upstash-NonRetryable-Error`, so the message goes to the DLQ at once.
 */
export class PermanentError extends Error {
  override name = "PermanentError";
  readonly retryable = false;
}

/** Outside HTTP: a failure a retry may fix (a dependency down, a timeout). Mapped to 5xx so QStash retries. */
export class TransientError extends Error {
  override name = "TransientError";
  readonly retryable = true;
}
