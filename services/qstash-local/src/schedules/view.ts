import type { Scheduler } from "../delivery/scheduler.ts";
import { parsePublish } from "../publish-request.ts";
import { headerRecord } from "../views.ts";
import type { StoredSchedule } from "./store.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A schedule as QStash's `GET /v2/schedules[/{id}]` shows it (the SDK's `Schedule` type). */
export function scheduleView(schedule: StoredSchedule, scheduler: Scheduler): Record<string, unknown> {
  // The message a tick would publish, for the settings in the fields QStash shows.
  const { message } = parsePublish({
    destination: schedule.destination,
    headers: schedule.headers,
    body: schedule.body,
    now: 0,
  });
  const fc = message.flowControl;
  let body: Record<string, string>;
  try {
    body = { body: utf8.decode(schedule.body) };
  } catch {
    body = { bodyBase64: schedule.body.toString("base64") };
  }
  const states: Record<string, "IN_PROGRESS"> = {};
  for (const id of schedule.lastMessageIds ?? []) if (scheduler.get(id)) states[id] = "IN_PROGRESS";
  return {
    scheduleId: schedule.id,
    cron: schedule.cron,
    createdAt: schedule.createdAt,
    destination: schedule.destination,
    method: message.method,
    header: headerRecord(message.headers),
    ...body,
    retries: message.maxRetries,
    // Seconds, as QStash shows it (0 when unset).
    delay: Math.round(message.notBefore / 1000),
    ...(message.retryDelay !== undefined && { retryDelayExpression: message.retryDelay }),
    ...(message.callback !== undefined && { callback: message.callback }),
    ...(message.failureCallback !== undefined && { failureCallback: message.failureCallback }),
    ...(schedule.headers["upstash-queue-name"] !== undefined && {
      queueName: schedule.headers["upstash-queue-name"],
    }),
    ...(message.labels !== undefined && { label: message.labels[0], labels: message.labels }),
    ...(fc !== undefined && {
      flowControlKey: fc.key,
      ...(fc.parallelism !== undefined && { parallelism: fc.parallelism }),
      ...(fc.rate !== undefined && { rate: fc.rate, period: Math.round(fc.periodMs / 1000) }),
    }),
    isPaused: schedule.paused,
    ...(schedule.lastScheduleTime !== undefined && { lastScheduleTime: schedule.lastScheduleTime }),
    ...(schedule.nextScheduleTime !== undefined && { nextScheduleTime: schedule.nextScheduleTime }),
    ...(Object.keys(states).length > 0 && { lastScheduleStates: states }),
    callerIP: schedule.callerIp ?? "",
  };
}
