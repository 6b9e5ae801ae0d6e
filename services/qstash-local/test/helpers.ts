import { waitUntil } from "@qp/testing";

interface Base {
  url: string;
  token: string;
}

/** A raw publish against qstash-local (for the headers and error cases the SDK never sends). */
export async function publishRaw(
  base: Base,
  destination: string,
  {
    headers = {},
    body = "",
    path = "/v2/publish/",
  }: { headers?: Record<string, string>; body?: string; path?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base.url}${path}${destination}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${base.token}`, ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Call a v2 API path; the answer as JSON. */
export async function api(
  base: Base,
  path: string,
  method = "GET",
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${base.token}` },
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** The fields of a DLQ entry the tests read. */
export interface DlqJson {
  dlqId: string;
  messageId: string;
  responseStatus: number;
  responseBody?: string;
  responseHeader: Record<string, string[]>;
  body?: string;
  maxRetries: number;
  error?: string;
}

/** Wait until the DLQ holds an entry for `messageId`; return it. */
export async function waitForDlq(base: Base, messageId: string): Promise<DlqJson> {
  return waitUntil(
    async () => {
      const { json } = await api(base, `/v2/dlq?messageId=${messageId}`);
      return (json.messages as DlqJson[])[0];
    },
    { what: `DLQ entry for ${messageId}` },
  );
}
