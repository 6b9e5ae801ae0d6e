import { parseRetryAfter } from "../durations.ts";
import { compileRetryDelay, type RetryDelay } from "../retry-expression.ts";
import type { AttemptResponse, StoredMessage } from "../types.ts";
import { headerOf } from "./http-client.ts";

const DAY_MS = 86_400_000;
const RATE_LIMIT_HEADERS = [
  "Retry-After",
  "X-RateLimit-Reset",
  "X-RateLimit-Reset-Requests",
  "X-RateLimit-Reset-Tokens",
];
const compiled = new Map<string, RetryDelay>();

/** QStash's default backoff before retry k (1-based): min(1 day, e^(2.5k) s) → 12 s, 2m28s, 30m8s, 6h7m, 1 day. */
export function defaultBackoffMs(retry: number): number {
  return Math.min(DAY_MS, Math.exp(2.5 * retry) * 1000);
}

/**
 * The wait before the next attempt, unscaled: a delay the destination asked for (Retry-After and the
 * rate-limit reset headers; 0 = at once; above one day ignored), else the message's retry-delay expression
 * (`retried` = retries already made), else the default backoff.
 */
export function retryDelayMs(message: StoredMessage, response: AttemptResponse): number {
  for (const name of RATE_LIMIT_HEADERS) {
    const value = headerOf(response, name);
    if (value === undefined) continue;
    const ms = parseRetryAfter(value);
    if (ms !== undefined && ms <= DAY_MS) return ms;
  }
  if (message.retryDelay !== undefined) {
    let fn = compiled.get(message.retryDelay);
    if (!fn) {
      fn = compileRetryDelay(message.retryDelay);
      if (compiled.size > 1000) compiled.clear();
      compiled.set(message.retryDelay, fn);
    }
    return Math.min(DAY_MS, fn(message.retried));
  }
  return defaultBackoffMs(message.retried + 1);
}
