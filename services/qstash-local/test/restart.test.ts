import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Sink, startSink } from "@qp/testing";
import { Client } from "@upstash/qstash";
import { afterAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";
import { publishRaw, waitForDlq } from "./helpers.ts";

const dataDir = mkdtempSync(join(tmpdir(), "qstash-restart-"));
let qstash: QstashLocal | undefined;
let sink: Sink | undefined;

afterAll(async () => {
  await qstash?.close();
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("restart on the same data dir", () => {
  it("keeps queues, delayed messages, deduplication and the DLQ", async () => {
    const target = await startSink((d) =>
      d.path === "/dead"
        ? { status: 489, headers: { "Upstash-NonRetryable-Error": "true" } }
        : { status: 200 },
    );
    sink = target;
    qstash = await startQstashLocal({ dataDir, timeScale: 0.001 });
    let client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
    await client.queue({ queueName: "rq" }).upsert({ parallelism: 2, paused: true });
    const queued = await Promise.all(
      [1, 2, 3].map((i) =>
        client.queue({ queueName: "rq" }).enqueueJSON({ url: `${target.url}/rq`, body: i }),
      ),
    );
    const notBefore = Math.floor(Date.now() / 1000) + 2;
    const delayed = await client.publishJSON({ url: `${target.url}/delayed`, body: 1, notBefore });
    const first = await client.publishJSON({ url: `${target.url}/dedup`, body: 1, deduplicationId: "keep" });
    const dead = await client.publishJSON({ url: `${target.url}/dead`, body: 1 });
    const dlqEntry = await waitForDlq(qstash, dead.messageId);
    await target.waitFor((d) => d.some((x) => x.path === "/dedup"), "the first dedup delivery");
    await qstash.close();

    qstash = await startQstashLocal({ dataDir, timeScale: 0.001 });
    client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
    const queue = await client.queue({ queueName: "rq" }).get();
    expect(queue).toMatchObject({ name: "rq", parallelism: 2, paused: true, lag: 3 });
    expect((await client.messages.get(delayed.messageId)).notBefore).toBe(notBefore * 1000);
    const again = await publishRaw(qstash, `${target.url}/dedup`, {
      headers: { "Upstash-Deduplication-Id": "keep" },
      body: "2",
    });
    expect(again).toMatchObject({ status: 202, json: { messageId: first.messageId, deduplicated: true } });
    expect((await client.dlq.listMessages({ dlqIds: [dlqEntry.dlqId] })).messages).toHaveLength(1);

    await client.queue({ queueName: "rq" }).resume();
    const ids = [...queued.map((q) => q.messageId), delayed.messageId];
    await target.waitFor(
      (d) => ids.every((id) => d.some((x) => x.headers["upstash-message-id"] === id)),
      "queued and delayed messages after the restart",
    );
    const delayedAt = target.deliveries.find(
      (x) => x.headers["upstash-message-id"] === delayed.messageId,
    )?.at;
    expect(delayedAt).toBeGreaterThanOrEqual(notBefore * 1000);
  });

  it("a FIFO queue message waiting for a retry keeps its place across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qstash-restart-fifo-"));
    let failed = false;
    const target = await startSink((d) => {
      if (d.body === "0" && !failed) {
        failed = true;
        return { status: 500 };
      }
      return { status: 200 };
    });
    let server = await startQstashLocal({ dataDir: dir });
    try {
      for (const body of ["0", "1", "2"]) {
        await publishRaw(server, `${target.url}/fifo`, {
          path: "/v2/enqueue/restart-fifo/",
          headers: { "Upstash-Retry-Delay": "300" },
          body,
        });
      }
      await target.waitFor((d) => d.length === 1, "the failed first attempt");
      await server.close();
      server = await startQstashLocal({ dataDir: dir });
      await target.waitFor((d) => d.length === 4, "all three delivered after the restart");
      expect(target.deliveries.map((d) => d.body)).toEqual(["0", "0", "1", "2"]);
    } finally {
      await server.close();
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("data dir lock", () => {
  it("refuses a second server on a data dir in use, and frees it on close", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qstash-lock-"));
    const first = await startQstashLocal({ dataDir: dir });
    try {
      // Same process: simulate another live holder by writing the parent's pid (alive) into the lock.
      writeFileSync(join(dir, "qstash-local.lock"), String(process.ppid));
      await expect(startQstashLocal({ dataDir: dir })).rejects.toThrow(/in use by process/);
    } finally {
      writeFileSync(join(dir, "qstash-local.lock"), String(process.pid));
      await first.close();
    }
    const second = await startQstashLocal({ dataDir: dir });
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
