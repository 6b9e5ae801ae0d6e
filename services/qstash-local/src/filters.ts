import { ApiError } from "./errors.ts";
import type { DlqEntry, StoredMessage } from "./types.ts";

const COMMON = [
  "url",
  "topicName",
  "scheduleId",
  "queueName",
  "label",
  "flowControlKey",
  "callerIp",
  "fromDate",
  "toDate",
];
export const MESSAGE_FILTER_KEYS = [...COMMON, "host", "path"];
export const DLQ_FILTER_KEYS = [...COMMON, "messageId", "responseStatus"];
export const LOG_FILTER_KEYS = [...COMMON, "host", "path", "messageId", "state"];

export type Filter = Map<string, string[]>;

/**
 * Filters from a query string (a key repeated or comma-separated means any of the values). Keys that are
 * neither a filter nor one of `control` (count, cursor, ids) are a 400: a typo must not select everything.
 */
export function parseFilter(query: URLSearchParams, allowed: string[], control: string[]): Filter {
  const filter: Filter = new Map();
  for (const key of new Set(query.keys())) {
    if (control.includes(key) || key === "qstash_token") continue;
    if (!allowed.includes(key)) throw new ApiError(400, `unknown filter field "${key}"`);
    const values = query
      .getAll(key)
      .flatMap((v) => (key === "url" ? [v] : v.split(",")))
      .map((v) => v.trim())
      .filter(Boolean);
    // Epoch ms: "yesterday" or "1e999" would compare as NaN/Infinity and silently select nothing or all.
    if ((key === "fromDate" || key === "toDate") && values.some((v) => !/^\d{1,15}$/.test(v))) {
      throw new ApiError(400, `invalid ${key}: epoch milliseconds expected`);
    }
    filter.set(key, values);
  }
  return filter;
}

/** What a filter can look at, for a pending message, a DLQ entry or a log event alike. */
export interface Facts {
  messageId: string;
  url: string;
  /** Epoch ms compared with fromDate/toDate: creation for messages, the event time for logs. */
  time: number;
  queueName?: string;
  labels?: string[];
  flowControlKey?: string;
  callerIp?: string;
  responseStatus?: number;
  state?: string;
}

export function messageFacts(message: StoredMessage): Facts {
  return {
    messageId: message.id,
    url: message.url,
    time: message.createdAt,
    ...(message.queueName !== undefined && { queueName: message.queueName }),
    ...(message.labels !== undefined && { labels: message.labels }),
    ...(message.flowControl !== undefined && { flowControlKey: message.flowControl.key }),
    ...(message.callerIp !== undefined && { callerIp: message.callerIp }),
  };
}

export function dlqFacts(entry: DlqEntry): Facts {
  return { ...messageFacts(entry.message), responseStatus: entry.response.status ?? 0 };
}

function has(values: string[], value: string | number | undefined): boolean {
  return value !== undefined && values.includes(String(value));
}

function matchesField(key: string, values: string[], facts: Facts): boolean {
  switch (key) {
    case "url":
      return has(values, facts.url);
    case "queueName":
      return has(values, facts.queueName);
    case "label":
      return (facts.labels ?? []).some((label) => values.includes(label));
    case "flowControlKey":
      return has(values, facts.flowControlKey);
    case "callerIp":
      return has(values, facts.callerIp);
    case "fromDate":
      return values.every((v) => facts.time >= Number(v));
    case "toDate":
      return values.every((v) => facts.time <= Number(v));
    case "messageId":
      return has(values, facts.messageId);
    case "responseStatus":
      return has(values, facts.responseStatus);
    case "state":
      return has(values, facts.state);
    case "host":
      return values.includes(new URL(facts.url).host);
    case "path":
      return values.includes(new URL(facts.url).pathname);
    default:
      // URL groups and schedules do not exist here, so nothing has one.
      return false;
  }
}

export function matches(filter: Filter, facts: Facts): boolean {
  for (const [key, values] of filter) {
    if (!matchesField(key, values, facts)) return false;
  }
  return true;
}

/** `count` within 1..max (default max). */
export function countParam(query: URLSearchParams, max: number): number {
  const raw = query.get("count");
  if (raw === null) return max;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1) throw new ApiError(400, `invalid count "${raw}"`);
  return Math.min(count, max);
}

/** Ids given as repeated/comma-separated query values or, as older clients send them, in a JSON body. */
export async function idsFrom(
  query: URLSearchParams,
  key: string,
  request: Request,
): Promise<string[] | undefined> {
  const fromQuery = query
    .getAll(key)
    .flatMap((v) => v.split(","))
    .filter(Boolean);
  if (fromQuery.length > 0) return fromQuery;
  const text = await request.text();
  if (text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, "request body is not valid JSON");
  }
  const ids = (parsed as Record<string, unknown>)?.[key];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) {
    throw new ApiError(400, `request body must be {"${key}": [string, ...]}`);
  }
  return ids as string[];
}
