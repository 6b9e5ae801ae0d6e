import { AsyncLocalStorage } from "node:async_hooks";
import { type DestinationStream, destination as fileDestination, type Logger, pino } from "pino";

export type { Logger } from "pino";

const correlation = new AsyncLocalStorage<string>();

/** Run `fn` with `id` as the correlation id of every log line written inside it (across awaits). */
export function withCorrelationId<T>(id: string, fn: () => T): T {
  return correlation.run(id, fn);
}

/** The correlation id of the current async context, if any. */
export function currentCorrelationId(): string | undefined {
  return correlation.getStore();
}

/** Keys whose values never reach a log line, whatever their depth (compared case-insensitively, `_`/`-` ignored). */
const SECRET_KEYS = new Set(
  [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "qstash_token",
    "upstash-signature",
    "signature",
    "signing_key",
    "signingkey",
    "current_signing_key",
    "next_signing_key",
    "qstash_current_signing_key",
    "qstash_next_signing_key",
    "qstash_signing_key",
    "api_key",
    "apikey",
    "x-api-key",
    "secret",
    "client_secret",
    "password",
    "passwd",
    "edge_api_key",
    "tavily_api_key",
    "brave_api_key",
    "weaviate_api_key",
    "stooq_api_key",
  ].map((key) => key.replace(/[-_]/g, "")),
);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// Connection strings carry passwords: redis://user:pass@host → redis://user:***@host.
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)[^@/?#\s]+@/gi;

/** Scrub e-mail addresses, bearer tokens and URL passwords from free text. */
export function scrubText(text: string): string {
  return text
    .replace(BEARER, "$1 [redacted]")
    .replace(URL_CREDENTIALS, "$1[redacted]@")
    .replace(EMAIL, "[email]");
}

function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ""));
}

/** Deep copy of a log object with secret keys replaced and strings scrubbed (depth-limited, cycle-safe). */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return "[depth]";
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubText(value.message),
      stack: value.stack && scrubText(value.stack),
    };
  }
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => redact(item, depth + 1, seen));
  if (value instanceof Headers) return redact(Object.fromEntries(value.entries()), depth + 1, seen);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? "[redacted]" : redact(inner, depth + 1, seen);
  }
  return out;
}

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; default stdout. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/**
 * The JSON logger of every Node service: one line per event with `service`, `correlation_id` (from the
 * current request or message, else `system`), and secrets/PII removed from both fields and messages.
 */
export function createLogger({ service, level = "info", destination }: CreateLoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service },
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redact(object) as Record<string, unknown>,
      },
      // `redact` already turned errors into { type, message, stack }; pino's own err serializer would see a
      // plain object and report its type as "Object".
      serializers: { err: (value: unknown) => value },
      mixin: () => ({ correlation_id: correlation.getStore() ?? "system" }),
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubText(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    // Default: synchronous writes to stdout. pino's own default writes asynchronously, and `process.exit`
    // then flushes what is buffered while an earlier write can still be in flight, so lines came out of
    // order at shutdown ("stopped" before "shutting down"; shutdown.test.ts saw it under load).
    destination ?? fileDestination({ dest: 1, sync: true }),
  );
}
