import { type Sink, startSink } from "@qp/testing";
import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";
import { api, waitForDlq } from "./helpers.ts";

let qstash: QstashLocal;
let sink: Sink;
let client: Client;
let healthy = false;

beforeAll(async () => {
  qstash = await startQstashLocal({ timeScale: 0.001 });
  // 489 + the non-retryable header: straight to the DLQ, until `healthy`.
  sink = await startSink(() =>
    healthy
      ? { status: 200 }
      : { status: 489, headers: { "Upstash-NonRetryable-Error": "true" }, body: "no" },
  );
  client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
});
afterAll(async () => {
  await qstash?.close();
  await sink?.close();
});

async function deadLetters(label: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await client.publishJSON({ url: `${sink.url}/${label}`, body: { i }, label });
    ids.push(res.messageId);
  }
  for (const id of ids) await waitForDlq(qstash, id);
  return ids;
}

describe("DLQ API", () => {
  it("pages with count and cursor (no cursor on the last page), filtered by label", async () => {
    const ids = await deadLetters("page", 5);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.dlq.listMessages({
        count: 2,
        ...(cursor ? { cursor } : {}),
        filter: { label: "page" },
      });
      seen.push(...page.messages.map((m) => m.messageId));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
    expect((await client.dlq.listMessages({ filter: { label: "other" } })).messages).toHaveLength(0);
  });

  it("gets one entry, retries one by id, and bulk-deletes by filter", async () => {
    const ids = await deadLetters("bulk", 3);
    const list = await client.dlq.listMessages({ filter: { label: "bulk" } });
    const first = list.messages[0];
    expect(first?.messageId).toBe(ids[0]);
    const one = await api(qstash, `/v2/dlq/${first?.dlqId}`);
    expect(one.json).toMatchObject({
      dlqId: first?.dlqId,
      responseStatus: 489,
      responseBody: "no",
      labels: ["bulk"],
    });
    expect((await api(qstash, "/v2/dlq/0-0")).status).toBe(404);

    healthy = true;
    const retried = await api(qstash, `/v2/dlq/retry/${first?.dlqId}`, "POST");
    await sink.waitFor(
      (d) => d.some((x) => x.headers["upstash-message-id"] === retried.json.messageId),
      "re-delivery after retry",
    );
    healthy = false;
    expect(await client.dlq.delete({ filter: { label: "bulk" } })).toMatchObject({ deleted: 2 });
    expect((await client.dlq.listMessages({ filter: { label: "bulk" } })).messages).toHaveLength(0);
  });

  it("retries everything matching a filter and deletes by id list", async () => {
    await deadLetters("many", 2);
    const other = await deadLetters("keep", 1);
    healthy = true;
    const result = await client.dlq.retry({ filter: { label: "many" } });
    expect(result.responses).toHaveLength(2);
    const newIds = result.responses.map((r) => r.messageId);
    await sink.waitFor(
      (d) => newIds.every((id) => d.some((x) => x.headers["upstash-message-id"] === id)),
      "both",
    );
    healthy = false;
    const keep = (await client.dlq.listMessages({ filter: { messageId: other[0] as string } })).messages;
    expect(await client.dlq.delete([keep[0]?.dlqId as string, "0-0"])).toMatchObject({ deleted: 1 });
  });
});
