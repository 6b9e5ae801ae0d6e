import type { Logger } from "@qp/service-kit";
import type { Broker } from "../broker.ts";
import { ApiError } from "../errors.ts";
import { newScheduleId } from "../ids.ts";
import { parsePublish } from "../publish-request.ts";
import { type Cron, parseCron } from "./cron.ts";
import type { ScheduleStore, StoredSchedule } from "./store.ts";

export interface CreateSchedule {
  destination: string;
  /** Request headers, lowercase names. */
  headers: Record<string, string>;
  body: Buffer;
  callerIp?: string;
}

const QUEUE_NAME = /^[A-Za-z0-9._:-]{1,128}$/;
const SCHEDULE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// Longest single timer: setTimeout overflows past 2^31-1 ms, so far ticks are reached in hops.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Headers kept on the schedule and replayed on every tick: the message settings, not the schedule's own. */
function templateHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name !== "content-type" && !name.startsWith("upstash-")) continue;
    if (name === "upstash-cron" || name === "upstash-schedule-id" || name.startsWith("upstash-telemetry-"))
      continue;
    out[name] = value;
  }
  return out;
}

/**
 * QStash schedules: a stored publish request replayed at each cron tick through the broker, so a tick is a
 * normal message (signed, retried, dead-lettered) with `Upstash-Schedule-Id` on the delivery.
 *
 * After downtime, the ticks missed while the process was down collapse into one delivery at start-up, then
 * the schedule carries on from now; a nightly job skipped by a restart still runs once, not N times.
 */
export class Schedules {
  private readonly entries = new Map<string, { schedule: StoredSchedule; cron: Cron }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly store: ScheduleStore,
    private readonly broker: Broker,
    private readonly logger: Logger,
  ) {}

  /** Load stored schedules and arm their timers; returns how many. */
  restore(now = Date.now()): number {
    for (const schedule of this.store.all()) {
      const cron = parseCron(schedule.cron);
      this.entries.set(schedule.id, { schedule, cron });
      if (!schedule.paused) this.arm(schedule.id, schedule.nextScheduleTime ?? cron.next(now));
    }
    return this.entries.size;
  }

  /** Validate as a publish would (400 on any bad setting), store, arm. Same id again replaces it. */
  create(input: CreateSchedule, now = Date.now()): StoredSchedule {
    const cron = parseCron(input.headers["upstash-cron"]);
    const givenId = input.headers["upstash-schedule-id"];
    if (givenId !== undefined && !SCHEDULE_ID.test(givenId)) {
      throw new ApiError(400, `invalid Upstash-Schedule-Id "${givenId}" (letters, digits and . _ : -)`);
    }
    const queueName = input.headers["upstash-queue-name"];
    if (queueName !== undefined && !QUEUE_NAME.test(queueName)) {
      throw new ApiError(400, `invalid Upstash-Queue-Name "${queueName}"`);
    }
    const headers = templateHeaders(input.headers);
    // Dry run of a tick: every setting is checked now, not at 4 a.m.
    parsePublish({
      destination: input.destination,
      headers,
      body: input.body,
      now,
      ...(queueName && { queueName }),
    });
    const id = givenId ?? newScheduleId();
    const previous = this.entries.get(id)?.schedule;
    const schedule: StoredSchedule = {
      id,
      cron: cron.expression,
      destination: input.destination,
      headers,
      body: input.body,
      createdAt: previous?.createdAt ?? now,
      paused: false,
      nextScheduleTime: cron.next(now),
      ...(input.callerIp !== undefined && { callerIp: input.callerIp }),
      ...(previous?.lastScheduleTime !== undefined && { lastScheduleTime: previous.lastScheduleTime }),
    };
    this.store.put(schedule);
    this.entries.set(id, { schedule, cron });
    this.arm(id, schedule.nextScheduleTime as number);
    return schedule;
  }

  list(): StoredSchedule[] {
    return [...this.entries.values()].map((e) => e.schedule).sort((a, b) => a.createdAt - b.createdAt);
  }

  get(id: string): StoredSchedule {
    const entry = this.entries.get(id);
    if (!entry) throw new ApiError(404, `schedule ${id} not found`);
    return entry.schedule;
  }

  delete(id: string): void {
    this.get(id);
    this.disarm(id);
    this.store.remove(id);
    this.entries.delete(id);
  }

  /** Pause stops the ticks (none are made up on resume); resume picks up at the next tick from now. */
  setPaused(id: string, paused: boolean, now = Date.now()): void {
    const entry = this.entries.get(id);
    if (!entry) throw new ApiError(404, `schedule ${id} not found`);
    const { nextScheduleTime: _dropped, ...rest } = entry.schedule;
    const next = paused ? undefined : entry.cron.next(now);
    entry.schedule = { ...rest, paused, ...(next !== undefined && { nextScheduleTime: next }) };
    this.store.put(entry.schedule);
    if (next === undefined) this.disarm(id);
    else this.arm(id, next);
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.timers.keys()]) this.disarm(id);
  }

  counts(): { active: number; paused: number } {
    let paused = 0;
    for (const { schedule } of this.entries.values()) if (schedule.paused) paused++;
    return { active: this.entries.size - paused, paused };
  }

  private arm(id: string, at: number): void {
    this.disarm(id);
    if (this.closed) return;
    const wait = Math.max(0, at - Date.now());
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        if (wait > MAX_TIMER_MS) this.arm(id, at);
        else void this.tick(id, at);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.set(id, timer);
  }

  private disarm(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  /** Publish one message for the tick due at `at`, store the new state, arm the following tick. */
  private async tick(id: string, at: number): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry || entry.schedule.paused || this.closed) return;
    const { schedule } = entry;
    const now = Date.now();
    const next = entry.cron.next(Math.max(now, at));
    try {
      const queueName = schedule.headers["upstash-queue-name"];
      const parsed = parsePublish({
        destination: schedule.destination,
        headers: schedule.headers,
        body: schedule.body,
        now,
        ...(queueName && { queueName }),
        ...(schedule.callerIp !== undefined && { callerIp: schedule.callerIp }),
      });
      parsed.message.headers.push(["Upstash-Schedule-Id", id]);
      const [result] = await this.broker.publish([parsed], "schedule");
      // Deleted or replaced while publishing: the new state is the caller's, leave it.
      if (this.entries.get(id) !== entry) return;
      entry.schedule = {
        ...schedule,
        lastScheduleTime: now,
        nextScheduleTime: next,
        lastMessageIds: result ? [result.messageId] : [],
      };
      this.store.put(entry.schedule);
    } catch (error) {
      // The store failing (disk full) must not kill the timer chain; the next tick tries again.
      this.logger.error({ err: error, scheduleId: id }, "schedule tick failed");
    }
    if (this.entries.get(id) === entry && !entry.schedule.paused) this.arm(id, next);
  }
}
