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

/**
 * Handle each QStash message id once (QStash delivers at least once). Before the handler: `SET id processing
 * NX EX`; taken → the message is either done (200, `duplicate: true`, nothing runs again) or being handled by
 * another delivery right now (409, so QStash tries again later). After the handler: 2xx → `done` for a day;
 * anything else → the claim is released so QStash's retry runs the handler again. Put it after the signature
 * check: only authentic deliveries may claim ids.
 */
export function idempotentDeliveries({
  redis,
  processingTtlSeconds = 35,
  doneTtlSeconds = 86_400,
}: IdempotencyOptions): MiddlewareHandler<IdempotencyEnv> {
  return async (c, next) => {
    c.set("duplicate", false);
    const messageId = c.var.qstashMessageId;
    if (!messageId || !MESSAGE_ID.test(messageId)) {
      // Hand-made signed deliveries (no id) cannot be deduplicated by id; the handlers are idempotent anyway.
      await next();
      return;
    }
    const key = keys.delivery(messageId);
    let claimed: string | null;
    try {
      claimed = await redis.set(key, "processing", "EX", processingTtlSeconds, "NX");
    } catch (error) {
      throw new TransientError(`idempotency store unavailable: ${(error as Error).message}`);
    }
    if (claimed !== "OK") {
      const state = await redis.get(key).catch(() => null);
      if (state === "done") {
        c.set("duplicate", true);
        return c.json({ ok: true, duplicate: true, messageId });
      }
      return c.json(
        errorBody(
          "in_progress",
          `message ${messageId} is being handled by another delivery`,
          c.var.requestId,
        ),
        409,
        { "Retry-After": "10" },
      );
    }
    let succeeded = false;
    try {
      await next();
      succeeded = c.res.status >= 200 && c.res.status < 300;
    } finally {
      try {
        if (succeeded) await redis.set(key, "done", "EX", doneTtlSeconds);
        else await redis.del(key);
      } catch (error) {
        // The claim lapses by itself after processingTtlSeconds; the answer already stands.
        c.var.logger.warn({ err: error, messageId }, "could not settle the idempotency claim");
      }
    }
  };
}
