import { waitUntil } from "./sink.ts";

/** A raw publish against qstash-local (for the headers and error cases the SDK never sends). */
export async function publishRaw(
  base: { url: string; token: string },
  destination: string,
  {
    headers = {},
    body = "",
    path = "/v2/publish/",
  }: { headers?: Record<string, string>; body?: string | Buffer; path?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base.url}${path}${destination}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${base.token}`, ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** GET a v2 API path as JSON. */
export async function api(
  base: { url: string; token: string },
  path: string,
  method = "GET",
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${base.token}` },
  });
  return { status: res.status, json: await res.json() };
}

/** Wait until the DLQ holds an entry for `messageId`; return it. */
export async function waitForDlq(
  base: { url: string; token: string },
  messageId: string,
): Promise<Record<string, any>> {
  let found: Record<string, any> | undefined;
  await waitUntil(async () => {
    const { json } = await api(base, `/v2/dlq?messageId=${messageId}`);
    found = json.messages[0];
    return found !== undefined;
  }, `DLQ entry for ${messageId}`);
  return found as Record<string, any>;
}
