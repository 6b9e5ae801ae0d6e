import { Client, Receiver } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";
import { type Sink, startSink } from "./sink.ts";

let qstash: QstashLocal;
let sink: Sink;
let client: Client;
let receiver: Receiver;

beforeAll(async () => {
  qstash = await startQstashLocal({ timeScale: 0.001 });
  sink = await startSink();
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

describe("publish and deliver with the official client", () => {
  it("publishJSON delivers a signed message the Receiver verifies", async () => {
    const url = `${sink.url}/hook/a?x=1&y=2`;
    const res = await client.publishJSON({ url, body: { hello: "world" }, headers: { "X-Custom": "v1" } });
    expect(res.messageId).toMatch(/^msg_/);
    await sink.waitFor((d) => d.some((x) => x.headers["upstash-message-id"] === res.messageId), "delivery");
    const delivery = sink.deliveries.find((x) => x.headers["upstash-message-id"] === res.messageId)!;
    expect(delivery.path).toBe("/hook/a?x=1&y=2");
    expect(delivery.body).toBe('{"hello":"world"}');
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["x-custom"]).toBe("v1");
    expect(delivery.headers["user-agent"]).toBe("Upstash-QStash");
    expect(delivery.headers["upstash-retried"]).toBe("0");
    const ok = await receiver.verify({
      signature: String(delivery.headers["upstash-signature"]),
      body: delivery.body,
      url,
    });
    expect(ok).toBe(true);
  });

  it("batchJSON delivers every message", async () => {
    const results = await client.batchJSON([
      { url: `${sink.url}/batch/1`, body: { n: 1 } },
      { url: `${sink.url}/batch/2`, body: { n: 2 } },
    ]);
    expect(results).toHaveLength(2);
    await sink.waitFor(
      (d) => d.filter((x) => x.path.startsWith("/batch/")).length === 2,
      "both batch deliveries",
    );
  });
});
