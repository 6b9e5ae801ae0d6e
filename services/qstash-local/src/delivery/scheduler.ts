import type { Logger } from "@qp/service-kit";
import type { EventLog } from "../events.ts";
import { newDlqId } from "../ids.ts";
import type { QstashMetrics } from "../metrics.ts";
import type { PublishInput } from "../publish-request.ts";
import { signDelivery } from "../signing.ts";
import type { Store } from "../store.ts";
import type { AttemptResponse, QueueConfig, StoredMessage } from "../types.ts";
import { retryDelayMs } from "./backoff.ts";
import { callbackPublish } from "./callbacks.ts";
import { MinHeap } from "./heap.ts";
import { type HttpClient, headerOf } from "./http-client.ts";
import { type Entry, Lane } from "./lane.ts";

export interface SchedulerDeps {
  store: Store;
  http: HttpClient;
  metrics: QstashMetrics;
  events: EventLog;
  logger: Logger;
  signingKey: () => string;
  /** Publishes callback messages (parse, store, schedule). */
  publish: (input: PublishInput) => Promise<unknown>;
  timeScale: number;
  maxConcurrency: number;
  defaultTimeoutMs: number;
  maxResponseBytes: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Delivers stored messages. Everything pending lives in memory: ready messages in lanes, delayed ones and
 * retries in one min-heap with a single timer, so nothing ever polls the table. A global cap bounds requests
 * in flight; lanes add per-queue FIFO/parallelism and flow-control limits.
 */
export class Scheduler {
  private readonly pending = new Map<string, Entry>();
  private readonly lanes = new Map<string, Lane>();
  private readonly global = new Lane("", "global");
  private readonly runnable = new Set<Lane>();
  private readonly delayed = new MinHeap<Entry | Lane>();
  private readonly queueConfig = new Map<string, QueueConfig>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private inFlight = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly deps: SchedulerDeps) {}

  /** Load what survived a restart: queues, then every undelivered message (in flight at a crash included). */
  restore(): number {
    for (const queue of this.deps.store.queues()) this.setQueue(queue);
    const rows = this.deps.store.pending();
    for (const { message, nextAt } of rows) this.schedule(message, nextAt);
    this.pump();
    return rows.length;
  }

  /** Schedule a message that is already stored. */
  add(message: StoredMessage): void {
    this.schedule(message, message.notBefore);
    this.pump();
  }

  /** Messages not yet delivered or dead-lettered. */
  get size(): number {
    return this.pending.size;
  }

  get(id: string): StoredMessage | undefined {
    return this.pending.get(id)?.message;
  }

  messages(): IterableIterator<StoredMessage> {
    return Array.from(this.pending.values(), (entry) => entry.message).values();
  }

  /** Cancel one message: removed from disk now; an attempt in flight is let go and its outcome ignored. */
  cancel(id: string): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    entry.cancelled = true;
    this.pending.delete(id);
    this.deps.events.record("CANCELED", entry.message);
    this.deps.store.removeNow(entry.message);
    return true;
  }

  setQueue(config: QueueConfig): void {
    this.queueConfig.set(config.name, config);
    const lane = this.lanes.get(`q:${config.name}`);
    if (lane) {
      lane.parallelism = config.parallelism;
      lane.paused = config.paused;
      this.wake(lane);
    }
  }

  queue(name: string): QueueConfig | undefined {
    return this.queueConfig.get(name);
  }

  queues(): QueueConfig[] {
    return [...this.queueConfig.values()];
  }

  deleteQueue(name: string): void {
    this.queueConfig.delete(name);
  }

  /** Messages waiting in a queue (not yet delivered). */
  lag(name: string): number {
    let n = 0;
    for (const entry of this.pending.values()) if (entry.message.queueName === name) n++;
    return n;
  }

  /** Resolves when nothing is in flight (used by close). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private laneFor(message: StoredMessage): Lane {
    if (message.queueName !== undefined) {
      const key = `q:${message.queueName}`;
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = new Lane(key, "queue");
        const config = this.queueConfig.get(message.queueName);
        lane.parallelism = config?.parallelism ?? 1;
        lane.paused = config?.paused ?? false;
        this.lanes.set(key, lane);
      }
      return lane;
    }
    const fc = message.flowControl;
    if (fc === undefined) return this.global;
    const key = `f:${fc.key}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new Lane(key, "flow");
      this.lanes.set(key, lane);
    }
    // The latest message's settings win, as when QStash updates a key's limits.
    lane.parallelism = fc.parallelism ?? Number.POSITIVE_INFINITY;
    lane.rate = fc.rate;
    lane.periodMs = fc.periodMs;
    return lane;
  }

  private schedule(message: StoredMessage, dueAt: number): void {
    const entry: Entry = { message, lane: this.laneFor(message), cancelled: false, holdsSlot: false };
    this.pending.set(message.id, entry);
    if (dueAt <= Date.now()) {
      this.ready(entry);
      return;
    }
    // A queue message that was waiting for a retry when the server stopped takes its slot back, so the
    // messages behind it in the FIFO queue still wait for its outcome.
    if (entry.lane.kind === "queue" && message.retried > 0) {
      entry.holdsSlot = true;
      entry.lane.inFlight++;
    }
    this.delay(entry, dueAt);
  }

  private ready(entry: Entry): void {
    entry.lane.push(entry);
    this.runnable.add(entry.lane);
  }

  private wake(lane: Lane): void {
    if (lane.waiting > 0) this.runnable.add(lane);
    this.pump();
  }

  private delay(entry: Entry | Lane, dueAt: number): void {
    this.delayed.push(dueAt, entry);
    if (dueAt < this.timerAt) this.arm(dueAt);
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.onTimer(), Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now())));
    this.timer.unref();
  }

  private onTimer(): void {
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    while ((this.delayed.peekKey() ?? Number.POSITIVE_INFINITY) <= now) {
      const entry = this.delayed.pop() as Entry | Lane;
      if (entry instanceof Lane) {
        entry.wakeAt = undefined;
        if (entry.waiting > 0) this.runnable.add(entry);
        continue;
      }
      if (entry.cancelled) {
        if (entry.holdsSlot) this.release(entry);
        continue;
      }
      if (entry.holdsSlot) {
        entry.holdsSlot = false;
        this.start(entry);
      } else this.ready(entry);
    }
    const next = this.delayed.peekKey();
    if (next !== undefined) this.arm(next);
    this.pump();
  }

  /** Start as many ready messages as the global cap and the lanes allow, round-robin across lanes. */
  private pump(): void {
    if (this.closed) return;
    const now = Date.now();
    while (this.inFlight < this.deps.maxConcurrency && this.runnable.size > 0) {
      let started = false;
      for (const lane of this.runnable) {
        if (this.inFlight >= this.deps.maxConcurrency) return;
        const next = lane.take(now);
        if (typeof next === "object") {
          started = true;
          this.start(next);
        } else {
          this.runnable.delete(lane);
          // Rate-limited: wake the lane when its window frees a start (once per window).
          if (typeof next === "number" && lane.wakeAt !== next) {
            lane.wakeAt = next;
            this.delay(lane, next);
          }
        }
      }
      if (!started) return;
    }
  }

  private release(entry: Entry): void {
    entry.lane.inFlight--;
    if (entry.lane.waiting > 0) this.runnable.add(entry.lane);
  }

  private start(entry: Entry): void {
    this.inFlight++;
    void this.attempt(entry);
  }

  /** What QStash adds to every delivery, with a fresh signature for this attempt. */
  private deliveryHeaders(message: StoredMessage): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of message.headers) headers[name] = value;
    headers["User-Agent"] = "Upstash-QStash";
    headers["Upstash-Message-Id"] = message.id;
    headers["Upstash-Retried"] = String(message.retried);
    // Not sent by Upstash: the message's retry budget, so a receiver knows its last attempt without assuming
    // the publisher's default (receivers fall back to their policy when it is absent).
    headers["Upstash-Retries"] = String(message.maxRetries);
    if (message.callerIp) headers["Upstash-Caller-Ip"] = message.callerIp;
    headers["Upstash-Signature"] = signDelivery({
      signingKey: this.deps.signingKey(),
      url: message.url,
      body: message.body,
    });
    return headers;
  }

  private async attempt(entry: Entry): Promise<void> {
    const { message } = entry;
    const started = Date.now();
    this.deps.events.record("ACTIVE", message);
    let response: AttemptResponse;
    try {
      response = await this.deps.http.send({
        url: message.url,
        method: message.method,
        headers: this.deliveryHeaders(message),
        body: message.body,
        timeoutMs: Math.min(message.timeoutMs ?? Number.POSITIVE_INFINITY, this.deps.defaultTimeoutMs),
        maxResponseBytes: this.deps.maxResponseBytes,
      });
    } catch (error) {
      response = { headers: {}, body: Buffer.alloc(0), error: (error as Error).message };
    }
    this.inFlight--;
    if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    if (this.closed) return;
    this.deps.metrics.attemptDuration.observe((Date.now() - started) / 1000);
    try {
      if (!entry.cancelled) this.outcome(entry, response);
    } catch (error) {
      this.deps.logger.error({ err: error, messageId: message.id }, "recording a delivery outcome failed");
    }
    if (!entry.holdsSlot) this.release(entry);
    this.pump();
  }

  private outcome(entry: Entry, response: AttemptResponse): void {
    const { message } = entry;
    const { metrics, store, logger, events } = this.deps;
    const status = response.status;
    if (status !== undefined && status >= 200 && status < 300) {
      metrics.attempts.inc({ outcome: "delivered" });
      metrics.delivered.inc();
      metrics.latency.observe(
        Math.max(0, Date.now() - Math.max(message.notBefore, message.createdAt)) / 1000,
      );
      this.pending.delete(message.id);
      store.delivered(message);
      events.record("DELIVERED", message, { responseStatus: status });
      this.callback("callback", message, response);
      return;
    }
    const nonRetryable =
      status === 489 && headerOf(response, "Upstash-NonRetryable-Error")?.toLowerCase() === "true";
    metrics.attempts.inc({ outcome: status === undefined ? "error" : "failed" });
    if (!nonRetryable && message.retried < message.maxRetries) {
      const wait = retryDelayMs(message, response) * this.deps.timeScale;
      message.retried++;
      const dueAt = Date.now() + wait;
      store.retrying(message, dueAt);
      events.record("RETRY", message, {
        nextDeliveryTime: dueAt,
        ...(status !== undefined && { responseStatus: status }),
        ...(response.error !== undefined && { error: response.error }),
      });
      metrics.retried.inc();
      logger.debug(
        { messageId: message.id, status, error: response.error, retried: message.retried, waitMs: wait },
        "retry",
      );
      // A queue keeps its slot for the retry: FIFO means the next message waits for this one's outcome.
      if (entry.lane.kind === "queue") entry.holdsSlot = true;
      this.delay(entry, dueAt);
      return;
    }
    const dlqId = newDlqId();
    this.pending.delete(message.id);
    store.deadLetter(message, response, dlqId);
    events.record("FAILED", message, {
      ...(status !== undefined && { responseStatus: status }),
      error: response.error ?? (nonRetryable ? "non-retryable error (489)" : "retries exhausted"),
    });
    metrics.deadLettered.inc({ reason: nonRetryable ? "non_retryable" : "retries_exhausted" });
    logger.info(
      { messageId: message.id, dlqId, status, error: response.error, retried: message.retried },
      "dead-lettered",
    );
    this.callback("callback", message, response);
    this.callback("failureCallback", message, response, dlqId);
  }

  private callback(
    kind: "callback" | "failureCallback",
    message: StoredMessage,
    response: AttemptResponse,
    dlqId?: string,
  ) {
    const input = callbackPublish(kind, message, response, dlqId);
    if (!input) return;
    this.deps.publish(input).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, messageId: message.id, kind }, "callback could not be published");
    });
  }
}
