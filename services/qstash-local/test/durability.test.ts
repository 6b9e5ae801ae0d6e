import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Sink, startSink, waitUntil } from "@qp/testing";
import { Client } from "@upstash/qstash";
import { afterAll, describe, expect, it } from "vitest";
import { DEV_TOKEN } from "../src/index.ts";
import { type QstashLocalProcess, startQstashLocalProcess } from "./process.ts";

const dataDir = mkdtempSync(join(tmpdir(), "qstash-durability-"));
const env = { QSTASH_DATA_DIR: dataDir, QSTASH_TIME_SCALE: "0.001", QSTASH_MAX_CONCURRENCY: "4" };
let server: QstashLocalProcess | undefined;
let sink: Sink | undefined;

afterAll(async () => {
  await server?.kill9();
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("durability", () => {
  it("after kill -9 mid-stream and a restart, every accepted message is delivered at least once", async () => {
    const delivered = new Set<string>();
    // A slowish endpoint, so a backlog (and requests in flight) exists when the server dies.
    sink = await startSink(async (d) => {
      await new Promise((r) => setTimeout(r, 2));
      delivered.add(String(d.headers["upstash-message-id"]));
      return { status: 200 };
    });
    const target = sink;
    server = await startQstashLocalProcess(env);
    let client = new Client({ baseUrl: server.url, token: DEV_TOKEN, enableTelemetry: false, retry: false });

    const accepted: string[] = [];
    let killed = false;
    const killAfter = 200;
    for (let batch = 0; batch < 40 && !killed; batch++) {
      const items = Array.from({ length: 50 }, (_, i) => ({ url: `${target.url}/d`, body: `${batch}-${i}` }));
      try {
        const results = await client.batch(items);
        for (const r of results) accepted.push((r as { messageId: string }).messageId);
      } catch {
        // A publish cut off by the kill was never acknowledged, so it is not owed a delivery.
      }
      if (delivered.size >= killAfter && !killed) {
        await server.kill9();
        killed = true;
      }
    }
    if (!killed) await server.kill9();
    const deliveredAtCrash = delivered.size;
    // The crash must have left accepted, undelivered messages behind, or this test proves nothing.
    expect(accepted.filter((id) => !delivered.has(id)).length).toBeGreaterThan(0);

    server = await startQstashLocalProcess(env);
    client = new Client({ baseUrl: server.url, token: DEV_TOKEN, enableTelemetry: false });
    await waitUntil(() => accepted.every((id) => delivered.has(id)), {
      what: "every accepted message delivered",
      timeoutMs: 30_000,
    });
    expect(delivered.size).toBeGreaterThan(deliveredAtCrash);
    // The restarted server also records those deliveries: the messages leave its pending set.
    const sample = [accepted[0], accepted[accepted.length - 1]] as string[];
    await waitUntil(
      async () => {
        const found = await Promise.all(
          sample.map((id) =>
            client.messages.get(id).then(
              () => true,
              () => false,
            ),
          ),
        );
        return found.every((x) => !x);
      },
      { what: "delivered messages to leave the pending set" },
    );
  });
});
