import type { DlqEntry, StoredMessage } from "./types.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** `{body}` when the bytes are UTF-8 text, else `{bodyBase64}`, under the given names. */
function bodyField(body: Buffer, text: string, base64: string): Record<string, string> {
  try {
    return { [text]: utf8.decode(body) };
  } catch {
    return { [base64]: body.toString("base64") };
  }
}

/** Header pairs as `{name: [values]}`, QStash's shape for headers in JSON. */
export function headerRecord(headers: Array<[string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of headers) {
    const list = out[name] ?? [];
    list.push(value);
    out[name] = list;
  }
  return out;
}

/** A message as `GET /v2/messages/{id}` shows it (forwarded headers without their prefix). */
export function messageView(message: StoredMessage): Record<string, unknown> {
  const fc = message.flowControl;
  return {
    messageId: message.id,
    url: message.url,
    method: message.method,
    header: headerRecord(message.headers),
    ...bodyField(message.body, "body", "bodyBase64"),
    maxRetries: message.maxRetries,
    retried: message.retried,
    ...(message.retryDelay !== undefined && { retryDelayExpression: message.retryDelay }),
    notBefore: message.notBefore,
    createdAt: message.createdAt,
    ...(message.callback !== undefined && { callback: message.callback }),
    ...(message.failureCallback !== undefined && { failureCallback: message.failureCallback }),
    ...(message.queueName !== undefined && { queueName: message.queueName }),
    ...(message.labels !== undefined && { label: message.labels[0], labels: message.labels }),
    ...(fc !== undefined && {
      flowControlKey: fc.key,
      ...(fc.parallelism !== undefined && { parallelism: fc.parallelism }),
      ...(fc.rate !== undefined && { rate: fc.rate, period: Math.round(fc.periodMs / 1000) }),
    }),
    callerIP: message.callerIp ?? "",
  };
}

/** A DLQ entry: the message plus `dlqId` and the last response it got. */
export function dlqView(entry: DlqEntry): Record<string, unknown> {
  const { response } = entry;
  const body = response.status === undefined ? Buffer.from(response.error ?? "") : response.body;
  return {
    ...messageView(entry.message),
    dlqId: entry.dlqId,
    responseStatus: response.status ?? 0,
    responseHeader: response.headers,
    ...bodyField(body, "responseBody", "responseBodyBase64"),
    ...(response.error !== undefined && { error: response.error }),
  };
}
