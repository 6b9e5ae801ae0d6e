/**
 * Issue 12: one chunked `POST /` over MAX_BODY_BYTES got its 400, and then `wrangler dev` died: the Worker
 * cancelled the rest of the body, the unread bytes stayed on wrangler's proxy connection, the next request on
 * it failed and wrangler treats that as fatal (workers-sdk #15317/#15451; the wrangler releases with the fix
 * need Node 22). The Worker now drains a refused body. This runs the real `wrangler dev` and checks that after
 * oversized bodies, chunked or declared, the same dev server still answers the next requests.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev, type WranglerDev } from "../support/wrangler-dev.ts";

const MAX_BODY_BYTES = 65_536;
const answerWithin = () => AbortSignal.timeout(20_000);

/** POST `bytes` bytes of JSON-looking text in 8 KB chunks with Transfer-Encoding: chunked (no length up front). */
function postChunked(url: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/`,
      { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    // A hang guard, not a timing assertion: with the old Worker the request after a refused body never ends.
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer from ${url} in 20 s:`)));
    const chunk = Buffer.alloc(8192, "a");
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    req.write('{"concept":"');
    pump();
  });
}

describe("wrangler dev after an oversized request body", () => {
  let dev: WranglerDev;
  beforeAll(async () => {
    dev = await startWranglerDev({
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      // Not reached by these requests; set so /health has a stable answer.
      QSTASH_TOKEN: "unused",
      ORCHESTRATOR_URL: "http://127.0.0.1:9",
    });
  }, 150_000);
  afterAll(async () => {
    await dev?.stop();
  });

  it("answers 400 body_too_large to chunked bodies over the limit and keeps answering the next requests", async () => {
    for (const size of [70_000, 1_000_000, 70_000]) {
      const refused = await postChunked(dev.url, size);
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.body).error).toMatchObject({
        code: "body_too_large",
        requestId: expect.any(String),
      });
      const health = await fetch(`${dev.url}/health`, { signal: answerWithin() });
      expect(health.headers.get("content-type")).toContain("application/json");
      await health.body?.cancel();
      const next = await fetch(dev.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
        signal: answerWithin(),
      });
      expect(next.status).toBe(400);
      expect((await next.json()).error.code).toBe("invalid_json");
    }
    expect(dev.alive()).toBe(true);
  }, 120_000);

  it("a declared Content-Length over the limit is refused unread, and the server stays up", async () => {
    const refused = await fetch(dev.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ concept: "x".repeat(MAX_BODY_BYTES * 2) }),
      signal: answerWithin(),
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe("body_too_large");
    const health = await fetch(`${dev.url}/health`, { signal: answerWithin() });
    expect([200, 503]).toContain(health.status);
    await health.body?.cancel();
    expect(dev.alive()).toBe(true);
  }, 60_000);
});
