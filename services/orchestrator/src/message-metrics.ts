import type { ServiceEnv } from "@qp/service-kit";
import type { MiddlewareHandler } from "hono";
import { Counter, Histogram, type Registry } from "prom-client";
import type { IdempotencyEnv } from "./idempotency.ts";

function outcomeOf(status: number, duplicate: boolean): string {
  if (status >= 200 && status < 300) return duplicate ? "duplicate" : "ok";
  if (status === 401) return "unauthenticated";
  if (status === 489) return "permanent";
  if (status === 409) return "in_progress";
  if (status >= 500) return "transient";
  return `http_${status}`;
}

/**
 * `qstash_messages_total{type, outcome}` and `qstash_message_duration_seconds{type}` for every delivery to
 * `/api/qstash`, whatever stopped it (bad signature: type "unknown"; bad schema: "unknown" or the type it claimed).
 */
export function messageMetrics(registry: Registry): MiddlewareHandler<ServiceEnv> {
  const messages = new Counter({
    name: "qstash_messages_total",
    help: "QStash deliveries handled, by message type and outcome",
    labelNames: ["type", "outcome"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "qstash_message_duration_seconds",
    help: "Time to verify and handle one QStash delivery, by message type",
    labelNames: ["type"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return async (c, next) => {
    const started = performance.now();
    await next();
    const vars = c.var as Partial<IdempotencyEnv["Variables"]>;
    const type = vars.message?.type ?? "unknown";
    messages.inc({ type, outcome: outcomeOf(c.res.status, vars.duplicate === true) });
    duration.observe({ type }, (performance.now() - started) / 1000);
  };
}
