import { type Sink, startSink } from "@qp/testing";
import { Client, Receiver } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";

// `QSTASH_DEV=true` clients: the SDK probes GET /v2/keys with the public dev token, and on the dev keys it
// uses this server (no download); the Receiver uses the dev keys. QSTASH_DEV_PORT points it at our port.
let qstash: QstashLocal;
let sink: Sink;
const saved = { dev: process.env.QSTASH_DEV, port: process.env.QSTASH_DEV_PORT };

beforeAll(async () => {
  qstash = await startQstashLocal();
  sink = await startSink();
  process.env.QSTASH_DEV = "true";
  process.env.QSTASH_DEV_PORT = new URL(qstash.url).port;
});
afterAll(async () => {
  for (const [key, value] of [
    ["QSTASH_DEV", saved.dev],
    ["QSTASH_DEV_PORT", saved.port],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await qstash?.close();
  await sink?.close();
});

describe("QSTASH_DEV=true clients", () => {
  it("publish through the default dev credentials and verify with the dev keys", async () => {
    const client = new Client({ enableTelemetry: false });
    const res = await client.publishJSON({ url: `${sink.url}/dev`, body: { dev: true } });
    await sink.waitFor(
      (d) => d.some((x) => x.headers["upstash-message-id"] === res.messageId),
      "dev delivery",
    );
    const delivery = sink.deliveries.find((x) => x.headers["upstash-message-id"] === res.messageId);
    const receiver = new Receiver();
    await expect(
      receiver.verify({
        signature: String(delivery?.headers["upstash-signature"]),
        body: String(delivery?.body),
      }),
    ).resolves.toBe(true);
  });
});
