import type { Facts } from "./filters.ts";
import type { StoredMessage } from "./types.ts";

/** QStash's log states (what `client.logs()` shows). */
export type EventState = "CREATED" | "ACTIVE" | "DELIVERED" | "RETRY" | "FAILED" | "CANCELED";

export interface LogEvent extends Facts {
  seq: number;
  state: EventState;
  nextDeliveryTime?: number;
  error?: string;
}

/**
 * The most recent message events, in memory (QStash keeps logs for a few days; a local server keeps the last
 * `capacity`). Enough to answer "what happened to my message?" with the official `client.logs()`.
 * Bodies are never kept here, so the log stays small however large the messages are.
 */
export class EventLog {
  private readonly ring: Array<LogEvent | undefined>;
  private next = 1;

  constructor(private readonly capacity = 10_000) {
    this.ring = new Array(capacity);
  }

  record(
    state: EventState,
    message: StoredMessage,
    extra: { nextDeliveryTime?: number; error?: string; responseStatus?: number } = {},
  ): void {
    const seq = this.next++;
    this.ring[seq % this.capacity] = {
      seq,
      state,
      messageId: message.id,
      url: message.url,
      time: Date.now(),
      ...(message.queueName !== undefined && { queueName: message.queueName }),
      ...(message.labels !== undefined && { labels: message.labels }),
      ...(message.flowControl !== undefined && { flowControlKey: message.flowControl.key }),
      ...(message.callerIp !== undefined && { callerIp: message.callerIp }),
      ...extra,
    };
  }

  /** Newest first, from before `cursor` (a sequence number) on. */
  *newestFirst(cursor?: number): Generator<LogEvent> {
    const oldest = Math.max(1, this.next - this.capacity);
    for (let seq = Math.min(this.next - 1, (cursor ?? this.next) - 1); seq >= oldest; seq--) {
      const event = this.ring[seq % this.capacity];
      if (event?.seq === seq) yield event;
    }
  }
}

/** An event as `GET /v2/events` answers it. */
export function eventView(event: LogEvent): Record<string, unknown> {
  return {
    time: event.time,
    state: event.state,
    messageId: event.messageId,
    url: event.url,
    topicName: "",
    ...(event.queueName !== undefined && { queueName: event.queueName }),
    ...(event.labels !== undefined && { label: event.labels[0], labels: event.labels }),
    ...(event.flowControlKey !== undefined && { flowControlKey: event.flowControlKey }),
    ...(event.nextDeliveryTime !== undefined && { nextDeliveryTime: event.nextDeliveryTime }),
    ...(event.responseStatus !== undefined && { responseStatus: event.responseStatus }),
    ...(event.error !== undefined && { error: event.error }),
  };
}
