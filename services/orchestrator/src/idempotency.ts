import type { QstashEnv } from "@qp/messaging";
import { errorBody, type Redis, type ServiceEnv, TransientError } from "@qp/service-kit";
import type { MiddlewareHandler } from "hono";
import { keys } from "./store/keys.ts";

export interface IdempotencyOptions {
  redis: Redis;
  /**
   * How long a delivery may hold its claim; past it a crashed attempt's claim lapses and a retry runs.
   * Default 35 s: QStash cuts an attempt off at 30 s (DELIVERY_POLICY.timeout), so no live attempt needs
   * longer, and a claim left by a crash is gone before QStash's second retry (10 s, then 30 s later) instead
   * of turning every retry into a 409 until the message is dead-lettered.
   */
  processingTtlSeconds?: number;
  /** How long a handled message id is remembered (QStash's retries and redeliveries fall well inside). */
  doneTtlSeconds?: number;
}

export type IdempotencyEnv = ServiceEnv & QstashEnv & { Variables: { duplicate: boolean } };

const MESSAGE_ID = /^[A-Za-z0-9_:.-]{1,128}$/;

/** Seconds a handled token is remembered: until it expires (it cannot verify after that), plus a minute. */
function tokenTtl(exp: number, now = Date.now()): number {
  return Math.max(60, Math.ceil(exp - now / 1000) + 60);
}

/**
 * When to come back after a 409: just past the claim's lapse. QStash takes Retry-After over its own backoff,
 * and the claim may be one a crashed attempt left (kill -9 mid-delivery): a fixed 10 s made the three retries
 * land at +10, +20, +30 s, all inside the 35 s claim, so the message was dead-lettered as "being handled by
 * another delivery" and its URL stayed `crawled` for good (seen building the fault-matrix test). Waiting out the
 * claim costs one retry: either the live delivery finished (the retry gets `duplicate`) or the claim lapsed
 * (the retry runs the handler).
 */
export function retryAfterSeconds(claimTtlMs: number): number {
  return claimTtlMs > 0 ? Math.ceil(claimTtlMs / 1000) + 1 : 1;
}

/**
 * Handle each QStash message once (QStash delivers at least once). Two claims, both `SET key processing NX
 * EX`: one on the signed token's `jti` (always there: the receiver requires it), one on `Upstash-Message-Id`
 * when present. The message id catches QStash's retries and redeliveries (each attempt has a fresh token);
 * the `jti` catches a captured delivery replayed with its unsigned message id header changed or removed.
 * A claim taken → the message is done (200, `duplicate: true`, nothing runs again) or being handled right
 * now (409, Retry-After just past the claim's lapse). After the handler: 2xx → `done` (message id for a day, jti until
 * the token expires); anything else → the claims are released so QStash's retry runs the handler again.
 * Put it after the signature check: only authentic deliveries may claim ids.
 */
export function idempotentDeliveries({
  redis,
  processingTtlSeconds = 35,
  doneTtlSeconds = 86_400,
}: IdempotencyOptions): MiddlewareHandler<IdempotencyEnv> {
  return async (c, next) => {
    c.set("duplicate", false);
    const messageId = c.var.qstashMessageId;
    const claims: Array<{ key: string; doneTtl: number }> = [
      { key: keys.deliveryToken(c.var.qstashJti), doneTtl: tokenTtl(c.var.qstashTokenExp) },
    ];
    // A malformed id is not a key; the jti claim still stands for this delivery.
    if (messageId && MESSAGE_ID.test(messageId)) {
      claims.push({ key: keys.delivery(messageId), doneTtl: doneTtlSeconds });
    }
    const taken: string[] = [];
    const release = async () => {
      if (taken.length > 0) await redis.del(...taken).catch(() => 0);
    };
    for (const claim of claims) {
      let result: string | null;
      try {
        result = await redis.set(claim.key, "processing", "EX", processingTtlSeconds, "NX");
      } catch (error) {
        await release();
        throw new TransientError("idempotency store unavailable", { cause: error });
      }
      if (result === "OK") {
        taken.push(claim.key);
        continue;
      }
      const [state, ttlMs] = await Promise.all([
        redis.get(claim.key).catch(() => null),
        redis.pttl(claim.key).catch(() => -2),
      ]);
      await release();
      if (state === "done") {
        c.set("duplicate", true);
        return c.json({ ok: true, duplicate: true, messageId });
      }
      return c.json(
        errorBody("in_progress", "this message is being handled by another delivery", c.var.requestId),
        409,
        { "Retry-After": String(retryAfterSeconds(ttlMs)) },
      );
    }
    let succeeded = false;
    try {
      await next();
      succeeded = c.res.status >= 200 && c.res.status < 300;
    } finally {
      try {
        if (succeeded) {
          const done = redis.multi();
          for (const claim of claims) done.set(claim.key, "done", "EX", claim.doneTtl);
          await done.exec();
        } else await release();
      } catch (error) {
        // The claims lapse by themselves after processingTtlSeconds; the answer already stands.
        c.var.logger.warn({ err: error, messageId }, "could not settle the idempotency claim");
      }
    }
  };
}
