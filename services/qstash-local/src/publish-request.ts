import { createHash } from "node:crypto";
import { parseDuration } from "./durations.ts";
import { ApiError } from "./errors.ts";
import { newMessageId } from "./ids.ts";
import { compileRetryDelay, RetryExpressionError } from "./retry-expression.ts";
import type { FlowControl, StoredMessage } from "./types.ts";

export interface PublishInput {
  destination: string;
  /** Request headers with lowercase names. */
  headers: Record<string, string>;
  body: Buffer;
  queueName?: string;
  callerIp?: string | undefined;
  now?: number;
}

export interface ParsedPublish {
  message: StoredMessage;
  /** Key in the deduplication table, when the publisher asked for deduplication. */
  dedupKey?: string;
}

// The methods QStash accepts for Upstash-Method.
const METHODS = new Set(["GET", "POST", "PUT", "DELETE", "PATCH"]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Field values: visible ASCII, spaces, tabs and obs-text; no CR/LF/NUL (header injection).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const MAX_RETRIES = 100;
/**
 * QStash's longest delay (docs/qstash-protocol.md §7: 7 days on the free plan, the one every account has).
 * A later `Upstash-Delay`/`Upstash-Not-Before` is refused with 400, as QStash does, instead of parking a
 * message for 274 years.
 */
export const MAX_DELAY_MS = 7 * 24 * 3_600_000;
const FORWARD = "upstash-forward-";

/** An absolute http(s) URL, or a 400 naming the header it came from. */
export function httpUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError(400, `invalid ${what}: "${value}" is not an absolute URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ApiError(400, `invalid ${what}: unsupported scheme "${url.protocol}" (only http and https)`);
  }
  return value;
}

/** Publish destinations: an http(s) URL; anything else is a URL group, which qstash-local does not have. */
function destinationUrl(destination: string): string {
  if (destination === "") throw new ApiError(400, "destination is required");
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(destination)) return httpUrl(destination, "destination");
  throw new ApiError(
    404,
    `url group "${destination}" not found (qstash-local supports URL destinations only)`,
  );
}

function integer(value: string, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new ApiError(400, `invalid ${what}: "${value}" (an integer from ${min} to ${max})`);
  }
  return Number(value);
}

function duration(value: string, what: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new ApiError(400, `invalid ${what}: "${value}" (e.g. 30s, 5m, 2h, 1d10h)`);
  return ms;
}

function positive(ms: number, what: string): number {
  if (ms <= 0) throw new ApiError(400, `invalid ${what}: must be more than 0`);
  return ms;
}

/** `parallelism=P, rate=R, period=X` (spaces optional); at least parallelism or rate. */
function flowControl(key: string, value: string | undefined): FlowControl {
  if (!value) throw new ApiError(400, "Upstash-Flow-Control-Value is required with Upstash-Flow-Control-Key");
  const fc: FlowControl = { key, periodMs: 1000 };
  for (const part of value.split(",")) {
    const [name, raw] = part.split("=").map((s) => s.trim());
    if (!name || raw === undefined) throw new ApiError(400, `invalid Upstash-Flow-Control-Value: "${value}"`);
    if (name === "parallelism") fc.parallelism = integer(raw, "flow control parallelism", 1, 10_000);
    else if (name === "rate") fc.rate = integer(raw, "flow control rate", 1, 1_000_000);
    else if (name === "period") fc.periodMs = duration(raw, "flow control period");
    else throw new ApiError(400, `invalid Upstash-Flow-Control-Value: unknown part "${name}"`);
  }
  if (fc.parallelism === undefined && fc.rate === undefined) {
    throw new ApiError(400, "Upstash-Flow-Control-Value needs parallelism or rate");
  }
  return fc;
}

/** `upstash-<prefix>-x` headers with the prefix rewritten to `upstash-x` (callback settings). */
function subHeaders(headers: Record<string, string>, prefix: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(prefix)) out[`upstash-${name.slice(prefix.length)}`] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Turn a publish/enqueue request (destination, headers, body) into a message to store, validating every
 * `Upstash-*` setting with a 400 that says what is wrong. Unknown `Upstash-*` headers (telemetry) are ignored.
 */
export function parsePublish({
  destination,
  headers,
  body,
  queueName,
  callerIp,
  now = Date.now(),
}: PublishInput): ParsedPublish {
  const url = destinationUrl(destination);
  const method = (headers["upstash-method"] ?? "POST").toUpperCase();
  if (!METHODS.has(method)) throw new ApiError(400, `invalid Upstash-Method: "${headers["upstash-method"]}"`);

  const forwarded: Array<[string, string]> = [];
  const contentType = headers["content-type"];
  if (contentType !== undefined) {
    if (!HEADER_VALUE.test(contentType)) throw new ApiError(400, "invalid Content-Type");
    forwarded.push(["Content-Type", contentType]);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(FORWARD)) continue;
    const target = name.slice(FORWARD.length);
    if (!HEADER_NAME.test(target) || !HEADER_VALUE.test(value)) {
      throw new ApiError(400, `invalid forwarded header "${name}"`);
    }
    forwarded.push([target, value]);
  }

  let notBefore = now;
  if (headers["upstash-not-before"] !== undefined) {
    notBefore = integer(headers["upstash-not-before"], "Upstash-Not-Before", 0, 1e11) * 1000;
    if (notBefore - now > MAX_DELAY_MS) {
      throw new ApiError(400, "invalid Upstash-Not-Before: more than the maximum delay of 7d from now");
    }
  } else if (headers["upstash-delay"] !== undefined) {
    const delay = duration(headers["upstash-delay"], "Upstash-Delay");
    if (delay > MAX_DELAY_MS) {
      throw new ApiError(
        400,
        `invalid Upstash-Delay: "${headers["upstash-delay"]}" is over the maximum of 7d`,
      );
    }
    notBefore = now + delay;
  }

  const retryDelay = headers["upstash-retry-delay"];
  if (retryDelay !== undefined) {
    try {
      compileRetryDelay(retryDelay);
    } catch (error) {
      if (error instanceof RetryExpressionError) {
        throw new ApiError(400, `invalid Upstash-Retry-Delay "${retryDelay}": ${error.message}`);
      }
      throw error;
    }
  }

  const fcKey = headers["upstash-flow-control-key"];
  const labels = headers["upstash-label"]
    ?.split(",")
    .map((l) => l.trim())
    .filter(Boolean);
  const message: StoredMessage = {
    id: newMessageId(),
    url,
    method,
    headers: forwarded,
    body,
    maxRetries:
      headers["upstash-retries"] !== undefined
        ? integer(headers["upstash-retries"], "Upstash-Retries", 0, MAX_RETRIES)
        : 3,
    retried: 0,
    notBefore,
    createdAt: now,
    ...(retryDelay !== undefined && { retryDelay }),
    ...(headers["upstash-callback"] !== undefined && {
      callback: httpUrl(headers["upstash-callback"], "Upstash-Callback"),
    }),
    ...(headers["upstash-failure-callback"] !== undefined && {
      failureCallback: httpUrl(headers["upstash-failure-callback"], "Upstash-Failure-Callback"),
    }),
    ...(headers["upstash-timeout"] !== undefined && {
      timeoutMs: positive(duration(headers["upstash-timeout"], "Upstash-Timeout"), "Upstash-Timeout"),
    }),
    ...(fcKey !== undefined && { flowControl: flowControl(fcKey, headers["upstash-flow-control-value"]) }),
    ...(labels && labels.length > 0 && { labels }),
    ...(queueName !== undefined && { queueName }),
    ...(callerIp !== undefined && { callerIp }),
  };
  const callbackHeaders = subHeaders(headers, "upstash-callback-");
  const failureCallbackHeaders = subHeaders(headers, "upstash-failure-callback-");
  if (callbackHeaders) message.callbackHeaders = callbackHeaders;
  if (failureCallbackHeaders) message.failureCallbackHeaders = failureCallbackHeaders;

  return { message, ...dedupKey(headers, message) };
}

function dedupKey(headers: Record<string, string>, message: StoredMessage): { dedupKey?: string } {
  const id = headers["upstash-deduplication-id"];
  if (id !== undefined && id !== "") return { dedupKey: `id:${id}` };
  if (headers["upstash-content-based-deduplication"] !== "true") return {};
  // QStash hashes destination, body, Content-Type and the forwarded headers.
  const hash = createHash("sha256").update(message.url).update("\0");
  for (const [name, value] of [...message.headers].sort()) hash.update(`${name.toLowerCase()}:${value}\0`);
  return { dedupKey: `content:${hash.update(message.body).digest("hex")}` };
}
