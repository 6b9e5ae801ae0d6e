import { currentCorrelationId } from "./logger.ts";
import { PermanentError, TransientError } from "./web/errors.ts";

/** Another service refused the request for good (a 4xx other than 401/403/408/429): a retry cannot help. */
export class ServiceRefused extends PermanentError {
  override name = "ServiceRefused";
  constructor(
    readonly service: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(`${service} refused the request (HTTP ${status}): ${reason}`);
  }
}

/** Another service is down, slow or overloaded (5xx, 408, 429, 401/403, timeout, connection error): retry. */
export class ServiceUnavailable extends TransientError {
  override name = "ServiceUnavailable";
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`${service} unavailable: ${reason}`);
  }
}

export interface ServiceAnswer {
  status: number;
  /** The parsed JSON answer (null for an empty body). */
  body: unknown;
}

export interface CallServiceOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  /** Hard deadline for the answer, body included. */
  timeoutMs: number;
  /** SERVICE_TOKEN, sent as `Authorization: Bearer`; it never appears in an error message. */
  token?: string | undefined;
  /** The correlation id sent as `X-Request-Id`; default the current request's or message's (see logger.ts). */
  requestId?: string | undefined;
  headers?: Record<string, string>;
  /**
   * Try once more when the connection breaks before any answer (not on a timeout): after a peer restarts, the
   * first request usually lands on a pooled keep-alive socket the old process closed. Only for idempotent calls.
   */
  retryBrokenConnection?: boolean;
}

function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The envelope's message when the body is one of ours, else the start of the raw text. */
function reasonFrom(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string };
    if (typeof parsed.error === "string") return clip(parsed.error);
    if (typeof parsed.error?.message === "string") return clip(parsed.error.message);
  } catch {
    // not JSON: use the text itself
  }
  return clip(text.trim() || "(empty body)");
}

/**
 * The one outbound HTTP client between our services: JSON in and out, a hard deadline, the token and the
 * correlation id on every call, and every failure sorted by whether a retry can help.
 * 2xx → the parsed answer; 408/429/5xx, 401/403 (our SERVICE_TOKEN differs from theirs: configuration, fixed
 * by an operator, so retrying is right), timeouts, connection errors and a 2xx that is not JSON →
 * `ServiceUnavailable` (a TransientError: 503, QStash retries); any other 4xx → `ServiceRefused` (a
 * PermanentError: 489, the DLQ). Nothing is logged here; the caller's log line carries the error.
 */
export async function callService(
  service: string,
  url: string,
  options: CallServiceOptions,
): Promise<ServiceAnswer> {
  const { method = options.body === undefined ? "GET" : "POST", timeoutMs, token, headers = {} } = options;
  const requestId = options.requestId ?? currentCorrelationId();
  const init = (): RequestInit => ({
    method,
    headers: {
      accept: "application/json",
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(requestId ? { "x-request-id": requestId } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  let response: Response;
  let text: string;
  try {
    try {
      response = await fetch(url, init());
    } catch (error) {
      if (!options.retryBrokenConnection || (error as Error).name === "TimeoutError") throw error;
      response = await fetch(url, init());
    }
    text = await response.text();
  } catch (error) {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    const reason =
      err.name === "TimeoutError"
        ? `no answer within ${timeoutMs} ms`
        : `${err.message}${err.cause?.code ? ` (${err.cause.code})` : err.cause?.message ? ` (${err.cause.message})` : ""}`;
    throw new ServiceUnavailable(service, reason);
  }
  if (response.ok) {
    try {
      return { status: response.status, body: text ? JSON.parse(text) : null };
    } catch {
      // Our own services answer JSON; anything else is a fault on their side that a later try may not have.
      throw new ServiceUnavailable(
        service,
        `answered ${response.status} with a body that is not JSON`,
        response.status,
      );
    }
  }
  const reason = reasonFrom(text);
  if (response.status === 401 || response.status === 403) {
    throw new ServiceUnavailable(
      service,
      `HTTP ${response.status}: refused our SERVICE_TOKEN (every service needs the same one)`,
      response.status,
    );
  }
  if (response.status === 408 || response.status === 429 || response.status >= 500) {
    throw new ServiceUnavailable(service, `HTTP ${response.status}: ${reason}`, response.status);
  }
  throw new ServiceRefused(service, response.status, reason);
}
