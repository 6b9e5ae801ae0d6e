import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { ServiceEnv } from "./http.ts";
import { EnvError } from "./web/env.ts";
import { errorBody } from "./web/envelope.ts";

/**
 * Constant-time comparison of a presented secret with the expected one. Both are hashed first, so neither
 * the content nor the expected length leaks through timing (timingSafeEqual needs equal lengths).
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

const BEARER = /^bearer[ \t]+([!-~]+)[ \t]*$/i;

/** The credentials of `Authorization: Bearer <token>` (scheme in any case, RFC 9110 §11.1), else undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

export interface RequireSecretOptions {
  /** The expected secret; undefined = nothing is required (allowed on loopback only, see `checkExposure`). */
  secret: string | undefined;
  /** Realm in `WWW-Authenticate` and the name in the 401 message, e.g. "SERVICE_TOKEN". */
  name: string;
  /** Also accept the secret in `X-Api-Key` (the query API's second form). */
  apiKeyHeader?: boolean;
  /** Paths answered without credentials (health probes). */
  open?: (path: string) => boolean;
}

/**
 * hono middleware: the request must carry the secret as `Authorization: Bearer <secret>` (or `X-Api-Key`
 * when allowed); otherwise 401 in the error envelope with `WWW-Authenticate: Bearer`. The message says which
 * credential is missing, never what was sent.
 */
export function requireSecret({
  secret,
  name,
  apiKeyHeader = false,
  open,
}: RequireSecretOptions): MiddlewareHandler<ServiceEnv> {
  return async (c, next) => {
    if (secret === undefined || open?.(c.req.path)) return next();
    const given =
      bearerToken(c.req.header("authorization")) ?? (apiKeyHeader ? c.req.header("x-api-key") : undefined);
    if (given !== undefined && sameSecret(given, secret)) return next();
    const how = apiKeyHeader ? "Authorization: Bearer <key> or X-Api-Key" : "Authorization: Bearer <token>";
    return c.json(
      errorBody(
        "unauthorized",
        given === undefined ? `missing credentials: send ${how} (${name})` : `invalid ${name}`,
        c.get("requestId") ?? "unknown",
      ),
      401,
      { "WWW-Authenticate": `Bearer realm="${name}"` },
    );
  };
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The start-up rule for secrets that guard a service's endpoints: bound beyond loopback, every one must be
 * set, or the service refuses to start (EnvError naming the variables, never values). On loopback an unset
 * secret is allowed, with ONE warning line per variable, and the endpoints it would guard stay open to
 * local callers (the one-machine run; the stack passes random ones anyway).
 */
export function checkExposure(
  host: string,
  secrets: Record<string, string | undefined>,
  logger?: { warn(object: Record<string, unknown>, message: string): void },
): void {
  const unset = Object.entries(secrets)
    .filter(([, value]) => value === undefined || value === "")
    .map(([name]) => name);
  if (unset.length === 0) return;
  if (!isLoopbackHost(host)) {
    throw new EnvError(
      `invalid environment:\n${unset.map((name) => `  ${name}: required when HOST (${host}) is not loopback`).join("\n")}`,
    );
  }
  for (const name of unset) {
    logger?.warn(
      { variable: name },
      `${name} unset: endpoints it guards accept any local caller (allowed on loopback only)`,
    );
  }
}
