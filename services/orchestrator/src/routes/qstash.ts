import { DELIVERY_POLICY, type QstashReceiverOptions, qstashReceiver } from "@qp/messaging";
import type { Redis, ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import type { Registry } from "prom-client";
import { dispatch, type HandlerConfig } from "../handlers/index.ts";
import { idempotentDeliveries } from "../idempotency.ts";
import { messageMetrics } from "../message-metrics.ts";
import type { ConceptStore } from "../store/concept-store.ts";

export interface QstashRouteDeps {
  redis: Redis;
  store: ConceptStore;
  signing: QstashReceiverOptions;
  config: HandlerConfig;
  registry: Registry;
  /** Retries the publishers ask for (DELIVERY_POLICY.retries); the last attempt records transient failures. */
  maxRetries?: number | undefined;
}

/**
 * `POST /qstash` (mounted under /api): message metrics → signature check and parse (qstashReceiver: 401/489)
 * → idempotency on Upstash-Message-Id and the token's jti → the handler for the message's type.
 */
export function createQstashRoutes(deps: QstashRouteDeps): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  routes.post(
    "/qstash",
    messageMetrics(deps.registry),
    qstashReceiver(deps.signing),
    idempotentDeliveries({ redis: deps.redis }),
    async (c) => {
      const message = c.var.message;
      const logger = c.var.logger.child({ type: message.type, qstash_message_id: c.var.qstashMessageId });
      const result = await dispatch(message, {
        redis: deps.redis,
        store: deps.store,
        logger,
        config: deps.config,
        requestId: c.var.requestId,
        retried: c.var.qstashRetried,
        // The delivery's own count when it carries one (a message may have been published with other
        // retries than ours); else what our publishers ask for.
        maxRetries: c.var.qstashMaxRetries ?? deps.maxRetries ?? DELIVERY_POLICY.retries,
      });
      return c.json({ ok: true, type: message.type, result });
    },
  );
  return routes;
}
