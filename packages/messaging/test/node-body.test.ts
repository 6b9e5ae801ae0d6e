import { createLogger, listen, type RunningServer } from "@qp/service-kit";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashEnv, qstashReceiver } from "../src/index.ts";
import { signedHeaders } from "../src/testing/sign-jwt.ts";

// On @hono/node-server the middleware reads the body straight from the Node request; handlers after it must
// still be able to read it, and the size limit must hold for bodies sent without Content-Length.
const KEY = "sig_node_body_current";
let server: RunningServer;

beforeAll(async () => {
  const app = new Hono<QstashEnv>();
  app.post(
    "/hook",
    qstashReceiver({ currentSigningKey: KEY, nextSigningKey: "sig_next", maxBodyBytes: 4096 }),
    async (c) => c.json({ type: c.var.message.type, text: await c.req.text(), json: await c.req.json() }),
  );
  server = await listen(app.fetch, {
    port: 0,
    hostname: "127.0.0.1",
    logger: createLogger({ service: "t", level: "silent" }),
  });
});
afterAll(async () => {
  await server.close();
});

const message = {
  type: "crawl.failed",
  id: "0123456789abcdef0123456789abcdef",
  concept_id: "0123456789abcdef01234567",
  concept: "golden cross ünïcode",
  url: "https://example.com/x",
  reason: "HTTP 404",
  timestamp: "2026-11-28T20:00:00.000Z",
};

describe("qstashReceiver on the Node adapter", () => {
  it("verifies the raw bytes and leaves the body readable for the handler", async () => {
    const body = JSON.stringify(message);
    const response = await fetch(`${server.url}/hook`, {
      method: "POST",
      body,
      headers: signedHeaders(body, { key: KEY, url: `${server.url}/hook` }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: "crawl.failed", text: body, json: message });
  });

  it("refuses a streamed body over the limit (no Content-Length) with 489", async () => {
    const body = JSON.stringify({ ...message, reason: "x".repeat(10_000) });
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/hook`, {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: signedHeaders(body, { key: KEY, url: `${server.url}/hook` }),
    } as RequestInit);
    expect(response.status).toBe(489);
    expect(response.headers.get("upstash-nonretryable-error")).toBe("true");
  });
});
