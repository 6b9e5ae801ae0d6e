import type { PublishInput } from "../publish-request.ts";
import type { AttemptResponse, StoredMessage } from "../types.ts";
import { headerRecord } from "../views.ts";

/**
 * The message QStash publishes to a callback or failure-callback URL: the destination's response and the
 * source message, bodies in standard base64. It inherits the source's retry settings unless the publisher
 * sent `Upstash-Callback-*` / `Upstash-Failure-Callback-*` overrides (already rewritten to `upstash-*`).
 */
export function callbackPublish(
  kind: "callback" | "failureCallback",
  message: StoredMessage,
  response: AttemptResponse,
  dlqId?: string,
): PublishInput | undefined {
  const url = kind === "callback" ? message.callback : message.failureCallback;
  if (url === undefined) return undefined;
  const overrides = (kind === "callback" ? message.callbackHeaders : message.failureCallbackHeaders) ?? {};
  const payload = {
    status: response.status ?? 0,
    header: response.headers,
    body: (response.status === undefined ? Buffer.from(response.error ?? "") : response.body).toString(
      "base64",
    ),
    retried: message.retried,
    maxRetries: message.maxRetries,
    sourceMessageId: message.id,
    topicName: "",
    endpointName: "",
    url: message.url,
    method: message.method,
    sourceHeader: headerRecord(message.headers),
    sourceBody: message.body.toString("base64"),
    notBefore: String(message.notBefore),
    createdAt: String(message.createdAt),
    scheduleId: "",
    callerIP: message.callerIp ?? "",
    ...(dlqId !== undefined && { dlqId }),
  };
  return {
    destination: url,
    headers: {
      "content-type": "application/json",
      "upstash-retries": String(message.maxRetries),
      ...(message.retryDelay !== undefined && { "upstash-retry-delay": message.retryDelay }),
      ...overrides,
    },
    body: Buffer.from(JSON.stringify(payload)),
    ...(message.callerIp !== undefined && { callerIp: message.callerIp }),
  };
}
