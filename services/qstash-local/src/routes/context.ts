import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { Broker } from "../broker.ts";
import { ApiError } from "../errors.ts";

export interface RouteDeps {
  broker: Broker;
  maxMessageBytes: number;
}

/**
 * Read the raw body, refusing more than `limit` bytes with 413 (early, from Content-Length, when given).
 * On Node it reads the IncomingMessage directly: asking hono for the body makes the adapter build a full
 * fetch Request (AbortController, web stream), which was a large share of a publish's cost.
 */
export async function readBody(c: Context, limit: number): Promise<Buffer> {
  const declared = Number(c.req.header("content-length") ?? Number.NaN);
  if (declared > limit)
    throw new ApiError(413, `message too large: ${declared} bytes, the limit is ${limit}`);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const body = incoming ? await readIncoming(incoming, limit) : Buffer.from(await c.req.arrayBuffer());
  if (body.length > limit)
    throw new ApiError(413, `message too large: ${body.length} bytes, the limit is ${limit}`);
  return body;
}

function readIncoming(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering; the adapter drains the rest after the 413 is sent.
        incoming.off("data", onData);
        reject(new ApiError(413, `message too large: more than the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    incoming.on("data", onData);
    incoming.once("end", () => resolve(Buffer.concat(chunks, size)));
    incoming.once("error", reject);
  });
}

/** Request headers as a lowercase-name record. */
export function headerRecord(c: Context): Record<string, string> {
  return c.req.header();
}

/** The publisher's address (Node adapter), for `Upstash-Caller-Ip`. */
export function callerIp(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/**
 * Everything after `prefix` in the raw request URL, query string included (QStash does not encode it).
 * A `qstash_token` query parameter authenticated this request; it is never passed on to the destination.
 */
export function rawAfter(c: Context, prefix: string): string {
  const url = c.req.url;
  const at = url.indexOf(prefix);
  const raw = at < 0 ? "" : url.slice(at + prefix.length);
  if (!/[?&]qstash_token=/.test(raw)) return raw;
  const [path, query = ""] = raw.split(/\?(.*)/s, 2) as [string, string?];
  const kept = query.split("&").filter((part) => !part.startsWith("qstash_token="));
  return kept.length > 0 ? `${path}?${kept.join("&")}` : path;
}
