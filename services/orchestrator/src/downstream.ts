import { PermanentError, TransientError } from "@qp/service-kit";

export interface DownstreamAnswer {
  status: number;
  body: unknown;
}

/** A downstream refused the request for good (4xx): retrying the same message cannot help. */
export class DownstreamRefused extends PermanentError {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(`${service} refused the request (HTTP ${status}): ${reason}`);
  }
}

/** A downstream is down, slow or overloaded (5xx, 408, 429, timeout, connection error): QStash retries. */
export class DownstreamUnavailable extends TransientError {
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`${service} unavailable: ${reason}`);
  }
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
 * POST JSON to another service with a hard deadline, and say whether a failure is permanent or transient:
 * 2xx → the parsed answer; 408/429/5xx, timeouts and connection errors → `DownstreamUnavailable`
 * (a TransientError: 503, QStash retries); other 4xx → `DownstreamRefused` (a PermanentError: 489, DLQ).
 */
export async function postJson(
  service: string,
  url: string,
  payload: unknown,
  { timeoutMs, headers = {} }: { timeoutMs: number; headers?: Record<string, string> },
): Promise<DownstreamAnswer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    const reason =
      err.name === "TimeoutError"
        ? `no answer within ${timeoutMs} ms`
        : `${err.message}${err.cause?.code ? ` (${err.cause.code})` : err.cause?.message ? ` (${err.cause.message})` : ""}`;
    throw new DownstreamUnavailable(service, reason);
  }
  if (response.ok) {
    try {
      return { status: response.status, body: text ? JSON.parse(text) : null };
    } catch {
      // Our own services answer JSON; anything else is a fault on their side that a later try may not have.
      throw new DownstreamUnavailable(
        service,
        `answered ${response.status} with a body that is not JSON`,
        response.status,
      );
    }
  }
  const reason = reasonFrom(text);
  // 401/403: our SERVICE_TOKEN is missing or differs from theirs. That is configuration, not the message:
  // retry (the operator fixes the token and QStash's next attempt goes through) instead of dead-lettering.
  if (response.status === 401 || response.status === 403) {
    throw new DownstreamUnavailable(
      service,
      `HTTP ${response.status}: refused our SERVICE_TOKEN (every service needs the same one)`,
      response.status,
    );
  }
  if (response.status === 408 || response.status === 429 || response.status >= 500) {
    throw new DownstreamUnavailable(service, `HTTP ${response.status}: ${reason}`, response.status);
  }
  throw new DownstreamRefused(service, response.status, reason);
}
