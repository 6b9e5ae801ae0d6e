import { type Sink, startSink } from "@qp/testing";
import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";
import { api, publishRaw } from "./helpers.ts";

let qstash: QstashLocal;
let sink: Sink;
let client: Client;

beforeAll(async () => {
  qstash = await startQstashLocal({ timeScale: 0.001, maxMessageBytes: 1024 });
  sink = await startSink();
  client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
});
afterAll(async () => {
  await qstash?.close();
  await sink?.close();
});

describe("publish API", () => {
  it("deduplicates by id: the duplicate answers 202 with the first message id and is not delivered again", async () => {
    const first = await client.publishJSON({ url: `${sink.url}/dedup`, body: 1, deduplicationId: "same-id" });
    const again = await publishRaw(qstash, `${sink.url}/dedup`, {
      headers: { "Upstash-Deduplication-Id": "same-id" },
      body: "2",
    });
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ messageId: first.messageId, deduplicated: true });
    await sink.waitFor((d) => d.some((x) => x.path === "/dedup"), "the first delivery");
    const other = await client.publishJSON({
      url: `${sink.url}/dedup`,
      body: 3,
      deduplicationId: "other-id",
    });
    await sink.waitFor(
      (d) => d.some((x) => x.headers["upstash-message-id"] === other.messageId),
      "a different id",
    );
    expect(sink.deliveries.filter((x) => x.path === "/dedup").map((x) => x.body)).toEqual(["1", "3"]);
  });

  it("deduplicates by content: same destination, body and headers", async () => {
    const a = await client.publishJSON({
      url: `${sink.url}/content`,
      body: { k: 1 },
      contentBasedDeduplication: true,
    });
    const b = await client.publishJSON({
      url: `${sink.url}/content`,
      body: { k: 1 },
      contentBasedDeduplication: true,
    });
    const c = await client.publishJSON({
      url: `${sink.url}/content`,
      body: { k: 2 },
      contentBasedDeduplication: true,
    });
    expect(b.messageId).toBe(a.messageId);
    expect(b.deduplicated).toBe(true);
    expect(c.messageId).not.toBe(a.messageId);
  });

  it("delays: not delivered before not-before; delivered after it", async () => {
    const notBefore = Math.floor(Date.now() / 1000) + 1;
    const res = await client.publishJSON({ url: `${sink.url}/delayed`, body: 1, notBefore });
    const message = await client.messages.get(res.messageId);
    expect(message.notBefore).toBe(notBefore * 1000);
    await sink.waitFor((d) => d.some((x) => x.path === "/delayed"), "the delayed delivery", 5000);
    expect(sink.deliveries.find((x) => x.path === "/delayed")?.at).toBeGreaterThanOrEqual(notBefore * 1000);
  });

  it("forwards Upstash-Forward-* headers and uses Upstash-Method", async () => {
    const res = await publishRaw(qstash, `${sink.url}/fwd`, {
      headers: {
        "Upstash-Forward-Authorization": "Bearer downstream",
        "Upstash-Method": "PATCH",
        "Content-Type": "text/csv",
      },
      body: "a,b",
    });
    await sink.waitFor((d) => d.some((x) => x.path === "/fwd"), "delivery");
    const d = sink.deliveries.find((x) => x.path === "/fwd");
    expect(d?.method).toBe("PATCH");
    expect(d?.headers.authorization).toBe("Bearer downstream");
    expect(d?.headers["content-type"]).toBe("text/csv");
    expect(d?.headers["upstash-message-id"]).toBe(res.json.messageId);
  });

  it("refuses a body over the size limit with 413 (publish and batch)", async () => {
    const big = "x".repeat(1025);
    const res = await publishRaw(qstash, `${sink.url}/big`, { body: big });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatch(/too large/);
    await expect(client.batch([{ url: `${sink.url}/big`, body: big }])).rejects.toMatchObject({
      status: 413,
    });
    expect((await publishRaw(qstash, `${sink.url}/ok`, { body: "x".repeat(1024) })).status).toBe(200);
    // Chunked, without Content-Length: counted while it streams in.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode("y".repeat(400)));
        controller.close();
      },
    });
    const chunked = await fetch(`${qstash.url}/v2/publish/${sink.url}/big`, {
      method: "POST",
      headers: { Authorization: `Bearer ${qstash.token}` },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: string }).error).toMatch(/too large/);
  });

  it("requires the bearer token: 401 with a JSON error", async () => {
    const none = await fetch(`${qstash.url}/v2/publish/${sink.url}/x`, { method: "POST", body: "x" });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: expect.stringMatching(/Authorization/) });
    const wrong = new Client({ baseUrl: qstash.url, token: "wrong", enableTelemetry: false });
    await expect(wrong.publishJSON({ url: `${sink.url}/x`, body: 1 })).rejects.toMatchObject({ status: 401 });
    const query = await fetch(`${qstash.url}/v2/keys?qstash_token=${encodeURIComponent(qstash.token)}`);
    expect(query.status).toBe(200);
    // The token in the query authenticates the publish but never reaches the destination.
    const token = encodeURIComponent(qstash.token);
    const viaQuery = await fetch(`${qstash.url}/v2/publish/${sink.url}/q?a=1&qstash_token=${token}&b=2`, {
      method: "POST",
      body: "q",
    });
    const { messageId } = (await viaQuery.json()) as { messageId: string };
    await sink.waitFor(
      (d) => d.some((x) => x.headers["upstash-message-id"] === messageId),
      "query-token publish",
    );
    expect(sink.deliveries.find((x) => x.headers["upstash-message-id"] === messageId)?.path).toBe(
      "/q?a=1&b=2",
    );
  });

  it.each([
    ["an unknown destination scheme", "ftp://example.com/x", {}, 400, /unsupported scheme/],
    ["a URL group (not implemented)", "my-group", {}, 404, /url group/],
    [
      "a malformed retry-delay expression",
      "URL",
      { "Upstash-Retry-Delay": "pow(2," },
      400,
      /Upstash-Retry-Delay/,
    ],
    [
      "code in the retry-delay expression",
      "URL",
      { "Upstash-Retry-Delay": "require('fs')" },
      400,
      /Upstash-Retry-Delay/,
    ],
    ["a bad delay", "URL", { "Upstash-Delay": "soon" }, 400, /Upstash-Delay/],
    ["bad retries", "URL", { "Upstash-Retries": "-1" }, 400, /Upstash-Retries/],
    ["a zero timeout", "URL", { "Upstash-Timeout": "0s" }, 400, /Upstash-Timeout/],
    ["a bad method", "URL", { "Upstash-Method": "BREW" }, 400, /Upstash-Method/],
    ["a bad callback", "URL", { "Upstash-Callback": "not a url" }, 400, /Upstash-Callback/],
    ["flow control without a value", "URL", { "Upstash-Flow-Control-Key": "k" }, 400, /Flow-Control-Value/],
    [
      "a bad flow control value",
      "URL",
      { "Upstash-Flow-Control-Key": "k", "Upstash-Flow-Control-Value": "speed=9" },
      400,
      /unknown part/,
    ],
  ])("refuses %s with a clear error", async (_what, destination, headers, status, message) => {
    const res = await publishRaw(qstash, destination === "URL" ? `${sink.url}/bad` : destination, {
      headers,
      body: "x",
    });
    expect(res.status).toBe(status);
    expect(String(res.json.error)).toMatch(message);
  });

  it("refuses a bad batch with 400 and stores none of it", async () => {
    const post = (body: string) =>
      fetch(`${qstash.url}/v2/batch`, {
        method: "POST",
        headers: { Authorization: `Bearer ${qstash.token}` },
        body,
      });
    const notJson = await post("[{");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/not valid JSON/);
    const wrongShape = await post(JSON.stringify([{ url: "http://x" }]));
    expect(wrongShape.status).toBe(400);
    const empty = await post("[]");
    expect(empty.status).toBe(400);
    const mixed = await post(
      JSON.stringify([
        { destination: `${sink.url}/batch-ok`, body: "1" },
        { destination: `${sink.url}/batch-bad`, headers: { "upstash-retries": "many" } },
      ]),
    );
    expect(mixed.status).toBe(400);
    expect((await mixed.json()).error).toMatch(/batch message 1: invalid Upstash-Retries/);
    const badHeader = await post(
      JSON.stringify([
        { destination: `${sink.url}/batch-bad`, headers: { "upstash-forward-x": "a\r\nInjected: 1" } },
      ]),
    );
    expect(badHeader.status).toBe(400);
    expect((await badHeader.json()).error).toMatch(/invalid forwarded header/);
    const badType = await post(
      JSON.stringify([{ destination: `${sink.url}/batch-bad`, headers: { "content-type": "€" } }]),
    );
    expect(badType.status).toBe(400);
    const fine = await client.publishJSON({ url: `${sink.url}/after-bad-batch`, body: 1 });
    await sink.waitFor(
      (d) => d.some((x) => x.headers["upstash-message-id"] === fine.messageId),
      "a later delivery",
    );
    expect(sink.deliveries.some((x) => x.path === "/batch-ok")).toBe(false);
  });

  it("answers JSON 404 for unknown routes, and /health and /metrics without a token", async () => {
    expect((await api(qstash, "/v2/nothing")).status).toBe(404);
    const health = await fetch(`${qstash.url}/health`);
    expect(await health.json()).toMatchObject({ status: "healthy", service: "qstash-local" });
    const metrics = await (await fetch(`${qstash.url}/metrics`)).text();
    expect(metrics).toMatch(/qstash_messages_published_total\{[^}]*kind="publish"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/qstash_messages_delivered_total\{[^}]*\} [1-9]/);
    expect(metrics).toContain("qstash_delivery_latency_seconds_bucket");
    expect(metrics).toMatch(/qstash_messages_pending\{[^}]*\} \d+/);
  });
});
