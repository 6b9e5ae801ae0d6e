import {
  describeIssues,
  type ErrorEnvelope,
  type PipelineMessage,
  pipelineMessageSchema,
  summariseIssues,
} from "@qp/schema";
import { Receiver } from "@upstash/qstash";
import type { Context, MiddlewareHandler } from "hono";
import { createFastVerifier } from "./fast-verify.ts";

// Worker-safe like the publisher: hono, the official Receiver and the schema package only.

export interface QstashReceiverOptions {
  /** QSTASH_CURRENT_SIGNING_KEY (or the design's QSTASH_SIGNING_KEY). */
  currentSigningKey: string;
  /** QSTASH_NEXT_SIGNING_KEY: verifies after a key rotation until the current key catches up. */
  nextSigningKey: string;
  /**
   * The service's public base URL (PUBLIC_URL). When set, the JWT's `sub` must equal it plus the request's
   * path and query, i.e. the destination QStash was told to deliver to; a token minted for another endpoint
   * is refused. Unset: no `sub` check (as in the SDK's own framework wrappers).
   */
  publicUrl?: string | undefined;
  /** Seconds of clock skew tolerated on `exp`/`nbf`; QStash's Receiver default is 0. */
  clockToleranceSeconds?: number;
  /** Bodies larger than this are refused before they are read whole (default 4 MiB). */
  maxBodyBytes?: number;
  /**
   * Accept well-formed tokens through the node:crypto fast path before asking the official Receiver
   * (default true; see fast-verify.ts). Every rejection is still the Receiver's.
   */
  fastPath?: boolean;
}

/** What the middleware puts on the context for the handlers after it. */
export interface QstashVariables {
  /** The verified, parsed message. */
  message: PipelineMessage;
  /** `Upstash-Message-Id`, the idempotency key QStash recommends (absent on hand-made deliveries). */
  qstashMessageId: string | undefined;
  /** `Upstash-Retried`: 0 on the first attempt. */
  qstashRetried: number;
  /**
   * `Upstash-Retries`, how many retries this message has in all, when the delivery says (qstash-local sends
   * it; Upstash does not, and then the receiver's configured policy applies).
   */
  qstashMaxRetries: number | undefined;
  /** The verified token's `jti` (required): one id per signed attempt, so a replayed token is recognisable. */
  qstashJti: string;
  /** The verified token's `exp` (required), unix seconds: a replay of this token is refused after it. */
  qstashTokenExp: number;
}
export type QstashEnv = { Variables: QstashVariables };

const KNOWN_TYPES = new Set(pipelineMessageSchema.options.map((option) => option.shape.type.value as string));
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;
const encoder = new TextEncoder();

type Details = ErrorEnvelope["error"]["details"];

/** Refusals logged per minute before they are only counted (30 s of junk once wrote 58 MB of warnings). */
const LOGGED_REFUSALS_PER_MINUTE = 10;

/**
 * A per-receiver log budget: the first `limit` refusals of each window are logged; the rest are counted,
 * and the count is logged as one line with the first refusal of a later window.
 */
export function createRefusalSampler(limit = LOGGED_REFUSALS_PER_MINUTE, windowMs = 60_000, now = Date.now) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let logged = 0;
  let suppressed = 0;
  return (): { log: boolean; suppressedBefore: number } => {
    let suppressedBefore = 0;
    const at = now();
    if (at - windowStart >= windowMs) {
      suppressedBefore = suppressed;
      windowStart = at;
      logged = 0;
      suppressed = 0;
    }
    if (logged < limit) {
      logged++;
      return { log: true, suppressedBefore };
    }
    suppressed++;
    return { log: false, suppressedBefore };
  };
}
type RefusalSampler = ReturnType<typeof createRefusalSampler>;

interface LoggerLike {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
}

function refuse(
  c: Context,
  sample: RefusalSampler,
  status: 401 | 489 | 503,
  code: string,
  message: string,
  details?: Details,
): Response {
  const vars = c.var as { requestId?: unknown; logger?: LoggerLike };
  const requestId =
    typeof vars.requestId === "string" ? vars.requestId : (c.req.header("upstash-message-id") ?? "unknown");
  const log = vars.logger;
  const { log: logThis, suppressedBefore } = sample();
  if (suppressedBefore > 0) {
    log?.warn(
      { suppressed: suppressedBefore },
      "more qstash deliveries were refused in the last window (not logged)",
    );
  }
  if (logThis) log?.warn({ code, status }, `qstash delivery refused: ${message}`);
  const body: ErrorEnvelope = { error: { code, message, requestId, ...(details ? { details } : {}) } };
  // 489 + this header is QStash's "never retry": the message goes to the DLQ at once. A 401 is retried by
  // QStash (any non-2xx is), which is what a key rotation in progress needs.
  const headers: Record<string, string> =
    status === 489
      ? { "Upstash-NonRetryable-Error": "true" }
      : { "WWW-Authenticate": 'Bearer realm="qstash"' };
  return c.json(body, status as 401, headers);
}

/** Parse and check a delivery's body; a permanent problem returns a 489 description instead. */
export function parsePipelineMessage(
  raw: string,
): { ok: true; message: PipelineMessage } | { ok: false; code: string; message: string; details?: Details } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, code: "invalid_json", message: `body is not JSON: ${(error as Error).message}` };
  }
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof type === "string" && !KNOWN_TYPES.has(type)) {
    return {
      ok: false,
      code: "unknown_message_type",
      message: `unknown message type ${JSON.stringify(type.slice(0, 64))}; known: ${[...KNOWN_TYPES].join(", ")}`,
    };
  }
  const parsed = pipelineMessageSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      code: "invalid_message",
      message: `invalid message: ${summariseIssues(parsed.error)}`,
      details: describeIssues(parsed.error),
    };
  }
  return { ok: true, message: parsed.data };
}

const JTI = /^[A-Za-z0-9_:.-]{1,128}$/;

/** The claims of a token whose signature was already verified (base64url JSON; Worker-safe: atob). */
function claimsOf(token: string): Record<string, unknown> | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A small non-negative integer header (`Upstash-Retried`, `Upstash-Retries`), else undefined. */
function countHeader(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,3}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** A Node `IncomingMessage` as @hono/node-server passes it in `c.env.incoming` (structural: no Node types). */
interface IncomingLike extends AsyncIterable<Uint8Array> {
  readableEnded?: boolean;
  readableDidRead?: boolean;
}

const utf8 = new TextDecoder();

/**
 * The raw body as text, or undefined when it is over `maxBodyBytes`. On @hono/node-server the bytes are
 * read straight from the Node request (stopping at the limit), skipping the WHATWG Request/ReadableStream
 * that `c.req.text()` builds, a measurable share of a delivery's CPU; anywhere else (Workers, app.request)
 * `c.req.text()`. Both decode UTF-8 the same way (replacement characters, BOM dropped).
 */
async function readBody(c: Context, maxBodyBytes: number): Promise<string | undefined> {
  const incoming = (c.env as { incoming?: IncomingLike } | undefined)?.incoming;
  if (incoming && typeof incoming[Symbol.asyncIterator] === "function" && !incoming.readableDidRead) {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of incoming) {
      size += chunk.byteLength;
      if (size > maxBodyBytes) return undefined;
      chunks.push(chunk);
    }
    let text: string;
    if (chunks.length === 1) text = utf8.decode(chunks[0]);
    else {
      const all = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        all.set(chunk, offset);
        offset += chunk.byteLength;
      }
      text = utf8.decode(all);
    }
    // The stream is spent: hono's body cache keeps c.req.text()/json() working for the handlers after us.
    (c.req.bodyCache as unknown as { text?: Promise<string> }).text = Promise.resolve(text);
    return text;
  }
  return c.req.text();
}

/**
 * The signature check on its own: the official `Receiver` (current key, then next key; issuer "Upstash";
 * exp/nbf with `clockToleranceSeconds`; `sub` equal to `url` when given; body hash). Resolves, or throws
 * (SignatureError, or a TypeError for a token without a `body` claim). Dev mode is off: a QSTASH_DEV=true in
 * the environment must never swap our keys for the public dev keys.
 */
export function createSignatureVerifier(
  options: Pick<
    QstashReceiverOptions,
    "currentSigningKey" | "nextSigningKey" | "clockToleranceSeconds" | "fastPath"
  >,
): (signature: string, body: string, url?: string) => Promise<void> {
  const receiver = new Receiver({
    currentSigningKey: options.currentSigningKey,
    nextSigningKey: options.nextSigningKey,
    devMode: false,
  });
  const clockTolerance = options.clockToleranceSeconds ?? 0;
  const fast =
    options.fastPath === false
      ? undefined
      : createFastVerifier([options.currentSigningKey, options.nextSigningKey], clockTolerance);
  return async (signature, body, url) => {
    if (fast?.(signature, body, url)) return;
    await receiver.verify({ signature, body, ...(url === undefined ? {} : { url }), clockTolerance });
  };
}

/**
 * hono middleware for QStash deliveries. In this order: the `Upstash-Signature` JWT is verified over the RAW
 * body, before anything parses it (node:crypto fast path for well-formed tokens, else the official `Receiver`
 * with the current key, then the next key; see `createSignatureVerifier`); `sub` is
 * checked against `publicUrl` + path when configured; any failure → 401 in the error envelope. Then the body
 * is parsed with `pipelineMessageSchema`: bad JSON, an unknown `type` or a schema failure are permanent →
 * 489 + `Upstash-NonRetryable-Error: true` (QStash dead-letters it without retries). A body that cannot be
 * read is transient → 503. On success `c.var.message`, `c.var.qstashMessageId` and `c.var.qstashRetried`
 * are set for the handler; errors the handler throws reach the app's `onError`.
 */
export function qstashReceiver(options: QstashReceiverOptions): MiddlewareHandler<QstashEnv> {
  if (!options.currentSigningKey || !options.nextSigningKey) {
    throw new Error("qstashReceiver needs both the current and the next signing key");
  }
  const verify = createSignatureVerifier(options);
  const publicBase = options.publicUrl?.replace(/\/+$/, "");
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const sample = createRefusalSampler();

  return async (c, next) => {
    const signature = c.req.header("upstash-signature");
    if (!signature) return refuse(c, sample, 401, "missing_signature", "Upstash-Signature header is missing");
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > maxBodyBytes) {
      return refuse(c, sample, 489, "payload_too_large", `body of ${declared} bytes is over ${maxBodyBytes}`);
    }
    let raw: string;
    try {
      const body = await readBody(c, maxBodyBytes);
      if (body === undefined) {
        return refuse(c, sample, 489, "payload_too_large", `body is over ${maxBodyBytes} bytes`);
      }
      raw = body;
    } catch (error) {
      // The connection broke mid-body: nothing is wrong with the message, so let QStash try again.
      return refuse(
        c,
        sample,
        503,
        "unavailable",
        `request body could not be read: ${(error as Error).message}`,
      );
    }
    // UTF-8 needs at most 3 bytes per UTF-16 unit: only bodies near the limit are measured exactly.
    if (
      raw.length > maxBodyBytes ||
      (raw.length * 3 > maxBodyBytes && encoder.encode(raw).byteLength > maxBodyBytes)
    ) {
      return refuse(c, sample, 489, "payload_too_large", `body is over ${maxBodyBytes} bytes`);
    }
    let url: string | undefined;
    if (publicBase) {
      const requested = new URL(c.req.url);
      url = `${publicBase}${requested.pathname}${requested.search}`;
    }
    try {
      await verify(signature, raw, url);
    } catch (error) {
      // SignatureError for bad tokens; a TypeError when the token lacks the `body` claim (the SDK reads it
      // unguarded). Either way the delivery is not authentic.
      return refuse(c, sample, 401, "invalid_signature", `signature rejected: ${(error as Error).message}`);
    }
    // QStash always signs `exp` and `jti`; the official Receiver treats both as optional. We do not: a token
    // without an expiry could be replayed forever, and `jti` is what recognises a replay whose
    // Upstash-Message-Id (an unsigned header) was changed or removed.
    const claims = claimsOf(signature);
    if (typeof claims?.exp !== "number" || !Number.isFinite(claims.exp)) {
      return refuse(c, sample, 401, "invalid_signature", "signature rejected: the token has no exp claim");
    }
    if (typeof claims.jti !== "string" || !JTI.test(claims.jti)) {
      return refuse(
        c,
        sample,
        401,
        "invalid_signature",
        "signature rejected: the token has no usable jti claim",
      );
    }
    const parsed = parsePipelineMessage(raw);
    if (!parsed.ok) return refuse(c, sample, 489, parsed.code, parsed.message, parsed.details);
    c.set("message", parsed.message);
    c.set("qstashMessageId", c.req.header("upstash-message-id"));
    c.set("qstashJti", claims.jti);
    c.set("qstashTokenExp", claims.exp);
    c.set("qstashRetried", countHeader(c.req.header("upstash-retried")) ?? 0);
    c.set("qstashMaxRetries", countHeader(c.req.header("upstash-retries")));
    await next();
  };
}
