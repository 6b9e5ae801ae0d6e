import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface QstashMetrics {
  published: Counter<"kind">;
  delivered: Counter;
  retried: Counter;
  deadLettered: Counter<"reason">;
  attempts: Counter<"outcome">;
  /** Seconds from when a message became due (publish or not-before) to its successful delivery. */
  latency: Histogram;
  attemptDuration: Histogram;
}

/**
 * qstash-local's own counters and histograms, on the service's registry (from @qp/service-kit createMetrics).
 * `pending`, the DLQ size and the schedule counts are read at scrape time (messages accepted and not yet delivered or dead-lettered).
 */
export function createQstashMetrics(
  registry: Registry,
  pending: () => number,
  gauges: { dlq?: () => number; schedules?: () => { active: number; paused: number } } = {},
): QstashMetrics {
  const registers = [registry];
  new Gauge({
    name: "qstash_dlq_messages",
    help: "Entries in the dead-letter queue (alert when it grows)",
    registers,
    collect() {
      this.set(gauges.dlq?.() ?? 0);
    },
  });
  new Gauge({
    name: "qstash_schedules",
    help: "Schedules by state (active or paused)",
    labelNames: ["state"] as const,
    registers,
    collect() {
      const counts = gauges.schedules?.() ?? { active: 0, paused: 0 };
      this.set({ state: "active" }, counts.active);
      this.set({ state: "paused" }, counts.paused);
    },
  });
  new Gauge({
    name: "qstash_messages_pending",
    help: "Messages accepted and not yet delivered or dead-lettered (delayed and retrying included)",
    registers,
    collect() {
      this.set(pending());
    },
  });
  return {
    published: new Counter({
      name: "qstash_messages_published_total",
      help: "Messages accepted (publish, enqueue, batch, DLQ retry, callbacks)",
      labelNames: ["kind"] as const,
      registers,
    }),
    delivered: new Counter({
      name: "qstash_messages_delivered_total",
      help: "Messages delivered (2xx)",
      registers,
    }),
    retried: new Counter({
      name: "qstash_messages_retried_total",
      help: "Failed attempts scheduled for a retry",
      registers,
    }),
    deadLettered: new Counter({
      name: "qstash_messages_dead_lettered_total",
      help: "Messages moved to the DLQ",
      labelNames: ["reason"] as const,
      registers,
    }),
    attempts: new Counter({
      name: "qstash_delivery_attempts_total",
      help: "Delivery attempts by outcome",
      labelNames: ["outcome"] as const,
      registers,
    }),
    latency: new Histogram({
      name: "qstash_delivery_latency_seconds",
      help: "From due time to successful delivery",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600, 3600],
      registers,
    }),
    attemptDuration: new Histogram({
      name: "qstash_delivery_attempt_duration_seconds",
      help: "Duration of one HTTP delivery attempt",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}
