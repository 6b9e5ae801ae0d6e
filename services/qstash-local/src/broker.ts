import type { Scheduler } from "./delivery/scheduler.ts";
import type { EventLog } from "./events.ts";
import type { QstashMetrics } from "./metrics.ts";
import { type ParsedPublish, type PublishInput, parsePublish } from "./publish-request.ts";
import type { Store } from "./store.ts";

export interface PublishResult {
  messageId: string;
  url: string;
  deduplicated?: boolean;
}

/** Store-then-schedule: the one way a message enters the system (publish, batch, DLQ retry, callbacks). */
export class Broker {
  constructor(
    readonly store: Store,
    readonly scheduler: Scheduler,
    private readonly metrics: QstashMetrics,
    private readonly events: EventLog,
  ) {}

  /** Store all messages in one transaction (deduplicated) and, once committed, schedule the new ones. */
  async publish(items: ParsedPublish[], kind: string): Promise<PublishResult[]> {
    for (const { message } of items) {
      if (message.queueName !== undefined) this.ensureQueue(message.queueName);
    }
    const duplicates = await this.store.publishCommitted(items);
    return items.map(({ message }, i) => {
      const existing = duplicates[i];
      if (existing !== undefined) return { messageId: existing, url: message.url, deduplicated: true };
      this.events.record("CREATED", message);
      this.scheduler.add(message);
      this.metrics.published.inc({ kind });
      return { messageId: message.id, url: message.url };
    });
  }

  async publishOne(input: PublishInput, kind: string): Promise<PublishResult> {
    return (await this.publish([parsePublish(input)], kind))[0] as PublishResult;
  }

  /** Enqueueing to an unknown queue creates it with parallelism 1, as QStash does. */
  ensureQueue(name: string): void {
    if (this.scheduler.queue(name)) return;
    const now = Date.now();
    const config = { name, parallelism: 1, paused: false, createdAt: now, updatedAt: now };
    this.store.putQueue(config);
    this.scheduler.setQueue(config);
  }
}
