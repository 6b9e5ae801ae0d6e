import { type Sink, startSink, waitUntil } from "@qp/testing";
import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";

let qstash: QstashLocal;
let sink: Sink;
let client: Client;

beforeAll(async () => {
  qstash = await startQstashLocal({ timeScale: 0.001 });
  sink = await startSink((d) => (d.path === "/fail" ? { status: 503 } : { status: 200 }));
  client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
});
afterAll(async () => {
  await qstash?.close();
  await sink?.close();
});

async function states(messageId: string, last: string): Promise<string[]> {
  let seen: string[] = [];
  await waitUntil(
    async () => {
      const { logs } = await client.logs({ filter: { messageId } });
      seen = logs.map((l) => l.state);
      return seen[0] === last;
    },
    { what: `${last} in the log of ${messageId}` },
  );
  return seen;
}

describe("logs (GET /v2/events)", () => {
  it("shows each message's life cycle, newest first, through client.logs()", async () => {
    const ok = await client.publishJSON({ url: `${sink.url}/ok`, body: 1 });
    expect(await states(ok.messageId, "DELIVERED")).toEqual(["DELIVERED", "ACTIVE", "CREATED"]);

    const failing = await client.publishJSON({
      url: `${sink.url}/fail`,
      body: 2,
      retries: 1,
      retryDelay: "1",
    });
    expect(await states(failing.messageId, "FAILED")).toEqual([
      "FAILED",
      "ACTIVE",
      "RETRY",
      "ACTIVE",
      "CREATED",
    ]);
    const { logs } = await client.logs({ filter: { messageId: failing.messageId, state: "RETRY" } });
    expect(logs[0]).toMatchObject({ responseStatus: 503, url: `${sink.url}/fail` });
    expect(logs[0]?.nextDeliveryTime).toBeGreaterThan(0);

    const later = await client.publishJSON({ url: `${sink.url}/ok`, body: 3, delay: 3600 });
    await client.messages.cancel(later.messageId);
    expect(await states(later.messageId, "CANCELED")).toEqual(["CANCELED", "CREATED"]);
  });

  it("pages with count and cursor", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await client.publishJSON({ url: `${sink.url}/page`, body: i, delay: 3600 })).messageId);
    const first = await client.logs({ count: 2, filter: { state: "CREATED", url: `${sink.url}/page` } });
    expect(first.logs.map((l) => l.messageId)).toEqual([ids[2], ids[1]]);
    expect(first.cursor).toBeDefined();
    const second = await client.logs({
      count: 2,
      ...(first.cursor ? { cursor: first.cursor } : {}),
      filter: { state: "CREATED", url: `${sink.url}/page` },
    });
    expect(second.logs.map((l) => l.messageId)).toEqual([ids[0]]);
    expect(second.cursor).toBeUndefined();
    await expect(client.logs({ filter: { bogus: 1 } as never })).rejects.toMatchObject({ status: 400 });
  });
});
