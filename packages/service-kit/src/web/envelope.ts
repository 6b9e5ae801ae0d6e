import type { ErrorEnvelope } from "@qp/schema";
import type { Context } from "hono";
import type { HttpError } from "./errors.ts";

// An absolute file path: "/" + at least two segments, not inside a URL (there a "/" follows ":" or "/" or a
// host name). Only the last segment is kept.
const FILE_PATH = /(^|[\s'"(=,[])((?:\/[^\s/'"()\]]+){1,}\/)([^\s/'"()\]]*)/g;
const FILE_URL = /file:\/\/\/?(?:[^\s/'"()]+\/)*/g;

/**
 * Drop the directories of server file paths from a message meant for a client (`/srv/app/data/SPY.csv` →
 * `SPY.csv`): error answers must not map out the server's file system. The full text stays in the logs.
 */
export function scrubPaths(message: string): string {
  return message.replace(FILE_URL, "").replace(FILE_PATH, "$1$3");
}

/** Build the envelope body. */
export function errorBody(
  code: string,
  message: string,
  requestId: string,
  details?: Array<{ path: string; message: string }>,
): ErrorEnvelope {
  return { error: { code, message, requestId, ...(details ? { details } : {}) } };
}

/**
 * The answer for an `HttpError` where no logger or request context is around (the Worker's `onError`): the
 * error's status and headers, its message and details cut to the envelope's bounds (`errorEnvelopeSchema`:
 * 4,000 characters, 50 details of 512/1,000), so a huge zod report can never break the contract.
 */
export function errorResponse(c: Context, error: HttpError, requestId: string): Response {
  const details = error.details
    ?.slice(0, 50)
    .map((d) => ({ path: d.path.slice(0, 512), message: d.message.slice(0, 1000) }));
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(
    errorBody(
      error.code,
      error.message.slice(0, 4000),
      requestId,
      details && details.length > 0 ? details : undefined,
    ),
    error.status,
  );
}
