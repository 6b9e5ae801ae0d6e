import { type Delivery, type Sink, startSink } from "@qp/testing";
import { Client, Receiver } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";

// The official client and receiver, unchanged, against qstash-local and a real HTTP endpoint.
let qstash: QstashLocal;
let sink: Sink;
let client: Client;
let receiver: Receiver;
const failing = new Set<string>();

const byId = (id: string) => (d: Delivery[]) => d.some((x) => x.headers["upstash-message-id"] === id);
const find = (id: string) => sink.deliveries.find((x) => x.headers["upstash-message-id"] === id) as Delivery;

beforeAll(async () => {
  qstash = await startQstashLocal({ timeScale: 0.001 });
  sink = await startSink((d) =>
    failing.has(new URL(d.url).pathname) ? { status: 500, body: "down" } : { status: 200 },
  );
  client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
  receiver = new Receiver({
    currentSigningKey: qstash.currentSigningKey,
    nextSigningKey: qstash.nextSigningKey,
  });
});
afterAll(async () => {
  await qstash?.close();
  await sink?.close();
});

describe("official client end to end", () => {
  it("publishJSON: delivered once, with QStash's headers and a signature the Receiver verifies", async () => {
    const url = `${sink.url}/hook/a?x=1&y=2`;
    const res = await client.publishJSON({ url, body: { hello: "world" }, headers: { "X-Custom": "v1" } });
    expect(res.messageId).toMatch(/^msg_/);
    await sink.waitFor(byId(res.messageId), "delivery");
    const delivery = find(res.messageId);
    expect(delivery.method).toBe("POST");
    expect(delivery.path).toBe("/hook/a?x=1&y=2");
    expect(delivery.body).toBe('{"hello":"world"}');
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["x-custom"]).toBe("v1");
    expect(delivery.headers["user-agent"]).toBe("Upstash-QStash");
    expect(delivery.headers["upstash-retried"]).toBe("0");
    const signature = String(delivery.headers["upstash-signature"]);
    await expect(receiver.verify({ signature, body: delivery.body, url })).resolves.toBe(true);
    await expect(receiver.verify({ signature, body: `${delivery.body} `, url })).rejects.toThrow("body hash");
    await expect(
      receiver.verify({ signature, body: delivery.body, url: `${sink.url}/other` }),
    ).rejects.toThrow("invalid subject");
  });

  it("batchJSON: results in input order, every message delivered and verifiable", async () => {
    const results = await client.batchJSON([
      { url: `${sink.url}/batch/1`, body: { n: 1 } },
      { url: `${sink.url}/batch/2`, body: { n: 2 }, method: "PUT" },
    ]);
    expect(results).toHaveLength(2);
    const ids = results.map((r) => (r as { messageId: string }).messageId);
    await sink.waitFor((d) => ids.every((id) => byId(id)(d)), "both batch deliveries");
    expect(find(ids[0] as string).body).toBe('{"n":1}');
    expect(find(ids[1] as string).method).toBe("PUT");
    for (const id of ids) {
      const d = find(id);
      await expect(
        receiver.verify({ signature: String(d.headers["upstash-signature"]), body: d.body, url: d.url }),
      ).resolves.toBe(true);
    }
  });

  it("queue().enqueueJSON: delivered; the queue exists with parallelism 1", async () => {
    const queue = client.queue({ queueName: "e2e-queue" });
    const res = await queue.enqueueJSON({ url: `${sink.url}/queued`, body: { q: true } });
    await sink.waitFor(byId(res.messageId), "queued delivery");
    const info = await queue.get();
    expect(info.name).toBe("e2e-queue");
    expect(info.parallelism).toBe(1);
    await queue.upsert({ parallelism: 3 });
    expect((await queue.get()).parallelism).toBe(3);
    expect((await client.queue().list()).map((q) => q.name)).toContain("e2e-queue");
  });

  it("messages.get shows a pending message; cancel removes it (one and many)", async () => {
    const res = await client.publishJSON({
      url: `${sink.url}/later`,
      body: { later: 1 },
      delay: 3600,
      retries: 2,
      headers: { "X-Fwd": "kept" },
      label: "lbl",
    });
    const message = await client.messages.get(res.messageId);
    expect(message.messageId).toBe(res.messageId);
    expect(message.url).toBe(`${sink.url}/later`);
    expect(message.body).toBe('{"later":1}');
    expect(message.maxRetries).toBe(2);
    expect(message.header?.["x-fwd"]).toEqual(["kept"]);
    expect(message.notBefore).toBeGreaterThan(Date.now() + 3_500_000);
    expect(await client.messages.cancel(res.messageId)).toEqual({ cancelled: 1 });
    await expect(client.messages.get(res.messageId)).rejects.toMatchObject({ status: 404 });
    await expect(client.messages.cancel(res.messageId)).rejects.toMatchObject({ status: 404 });

    const a = await client.publishJSON({ url: `${sink.url}/later`, body: 1, delay: 3600 });
    const b = await client.publishJSON({ url: `${sink.url}/later`, body: 2, delay: 3600 });
    expect(await client.messages.cancel([a.messageId, b.messageId])).toEqual({ cancelled: 2 });
    const c = await client.publishJSON({ url: `${sink.url}/later`, body: 3, delay: 3600, label: "bulk" });
    expect(await client.messages.cancel({ filter: { label: "bulk" } })).toEqual({ cancelled: 1 });
    await expect(client.messages.get(c.messageId)).rejects.toMatchObject({ status: 404 });
  });

  it("dlq: a failing message lands there with its response; listMessages, retry and delete", async () => {
    failing.add("/dead");
    const res = await client.publishJSON({ url: `${sink.url}/dead`, body: { d: 1 }, retries: 0 });
    let dlqId = "";
    const deadline = Date.now() + 10_000;
    while (!dlqId && Date.now() < deadline) {
      const list = await client.dlq.listMessages({ filter: { url: `${sink.url}/dead` } });
      dlqId = list.messages.find((m) => m.messageId === res.messageId)?.dlqId ?? "";
      if (!dlqId) await new Promise((r) => setTimeout(r, 20));
    }
    expect(dlqId).not.toBe("");
    const [entry] = (await client.dlq.listMessages({ dlqIds: [dlqId] })).messages;
    expect(entry?.responseStatus).toBe(500);
    expect(entry?.responseBody).toBe("down");
    expect(entry?.body).toBe('{"d":1}');

    failing.delete("/dead");
    const retried = await client.dlq.retry(dlqId);
    expect(retried.responses).toHaveLength(1);
    const newId = retried.responses[0]?.messageId as string;
    expect(newId).not.toBe(res.messageId);
    await sink.waitFor(byId(newId), "DLQ retry re-delivery");
    expect(find(newId).body).toBe('{"d":1}');
    expect((await client.dlq.listMessages({ dlqIds: [dlqId] })).messages).toHaveLength(0);

    failing.add("/dead2");
    const again = await client.publishJSON({ url: `${sink.url}/dead2`, body: 2, retries: 0 });
    let id2 = "";
    const deadline2 = Date.now() + 10_000;
    while (!id2 && Date.now() < deadline2) {
      id2 =
        (await client.dlq.listMessages({ filter: { messageId: again.messageId } })).messages[0]?.dlqId ?? "";
      if (!id2) await new Promise((r) => setTimeout(r, 20));
    }
    expect(await client.dlq.delete(id2)).toEqual({ deleted: 1 });
    await expect(client.dlq.delete(id2)).rejects.toMatchObject({ status: 404 });
  });

  it("dlq filters: an unknown filter field is refused", async () => {
    await expect(
      client.dlq.listMessages({ filter: { nonsense: "x" } as unknown as { url: string } }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("GET /v2/keys answers the signing keys (the SDK's dev-server probe)", async () => {
    const res = await fetch(`${qstash.url}/v2/keys`, {
      headers: { Authorization: `Bearer ${qstash.token}` },
    });
    expect(await res.json()).toEqual({ current: qstash.currentSigningKey, next: qstash.nextSigningKey });
  });
});
