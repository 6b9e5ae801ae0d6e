import { type Answer, type Delivery, type Sink, startSink } from "@qp/testing";
import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";
import { publishRaw } from "./helpers.ts";

let qstash: QstashLocal;
let sink: Sink;
let client: Client;
/** Requests being answered right now and the most seen at once, per path prefix. */
const inFlight = new Map<string, number>();
const peak = new Map<string, number>();
const failFirst = new Set<string>();

const prefix = (d: Delivery) => new URL(d.url).pathname.split("/")[1] as string;

beforeAll(async () => {
  qstash = await startQstashLocal({ timeScale: 0.001 });
  // Holds each request for a few ms so overlapping deliveries would be visible.
  sink = await startSink(async (d): Promise<Answer> => {
    const p = prefix(d);
    const now = (inFlight.get(p) ?? 0) + 1;
    inFlight.set(p, now);
    peak.set(p, Math.max(peak.get(p) ?? 0, now));
    await new Promise((r) => setTimeout(r, 5));
    inFlight.set(p, (inFlight.get(p) ?? 1) - 1);
    const key = `${d.path}|${d.body}`;
    if (failFirst.delete(key)) return { status: 500 };
    return { status: 200 };
  });
  client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
});
afterAll(async () => {
  await qstash?.close();
  await sink?.close();
});

const succeeded = (p: string) =>
  sink.deliveries
    .filter((d) => prefix(d) === p)
    .filter((d, i, all) => all.findLastIndex((x) => x.body === d.body) === i);

describe("queues and flow control", () => {
  it("a queue with parallelism 1 delivers in FIFO order, one at a time, a retry holding back the rest", async () => {
    const queue = client.queue({ queueName: "fifo" });
    failFirst.add("/fifo|0");
    failFirst.add("/fifo|3");
    for (let i = 0; i < 12; i++) {
      await queue.enqueue({ url: `${sink.url}/fifo`, body: String(i), retryDelay: "5" });
    }
    await sink.waitFor(() => succeeded("fifo").length === 12, "12 queued deliveries");
    expect(sink.deliveries.filter((d) => prefix(d) === "fifo").map((d) => d.body)).toEqual([
      "0",
      "0",
      "1",
      "2",
      "3",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10",
      "11",
    ]);
    expect(peak.get("fifo")).toBe(1);
  });

  it("a queue's parallelism bounds deliveries in flight", async () => {
    const queue = client.queue({ queueName: "wide" });
    await queue.upsert({ parallelism: 3 });
    await client.batch(
      Array.from({ length: 20 }, (_, i) => ({ url: `${sink.url}/wide`, body: String(i), queueName: "wide" })),
    );
    await sink.waitFor((d) => d.filter((x) => prefix(x) === "wide").length === 20, "20 deliveries");
    expect(peak.get("wide")).toBeLessThanOrEqual(3);
  });

  it("a paused queue holds its messages until resumed", async () => {
    const queue = client.queue({ queueName: "paused" });
    await queue.upsert({ parallelism: 1, paused: true });
    const held = await queue.enqueueJSON({ url: `${sink.url}/paused`, body: { held: true } });
    // A later, unqueued message being delivered shows the scheduler has run past the held one.
    const probe = await client.publishJSON({ url: `${sink.url}/probe`, body: 1 });
    await sink.waitFor(
      (d) => d.some((x) => x.headers["upstash-message-id"] === probe.messageId),
      "the probe",
    );
    expect(sink.deliveries.some((x) => x.headers["upstash-message-id"] === held.messageId)).toBe(false);
    expect((await queue.get()).lag).toBe(1);
    await queue.resume();
    await sink.waitFor(
      (d) => d.some((x) => x.headers["upstash-message-id"] === held.messageId),
      "the held message",
    );
  });

  it("flow control parallelism bounds deliveries per key", async () => {
    for (let i = 0; i < 12; i++) {
      await client.publish({
        url: `${sink.url}/flow`,
        body: String(i),
        flowControl: { key: "fk", parallelism: 2 },
      });
    }
    await sink.waitFor(
      (d) => d.filter((x) => prefix(x) === "flow").length === 12,
      "12 flow-controlled deliveries",
    );
    expect(peak.get("flow")).toBeLessThanOrEqual(2);
  });

  it("flow control rate spaces starts by the period", async () => {
    const refused = await publishRaw(qstash, `${sink.url}/rate`, {
      headers: { "Upstash-Flow-Control-Key": "rk", "Upstash-Flow-Control-Value": "rate=2, period=soon" },
      body: "x",
    });
    expect(refused.status).toBe(400);
    const start = Date.now();
    for (let i = 0; i < 3; i++) {
      await client.publish({
        url: `${sink.url}/rated`,
        body: String(i),
        flowControl: { key: "rk2", rate: 2, period: 1 },
      });
    }
    await sink.waitFor(
      (d) => d.filter((x) => prefix(x) === "rated").length === 3,
      "3 rate-limited deliveries",
      5000,
    );
    const third = sink.deliveries.filter((d) => prefix(d) === "rated")[2] as Delivery;
    expect(third.at - start).toBeGreaterThanOrEqual(1000 - 5);
  });
});
