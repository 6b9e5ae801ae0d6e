import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Delivery, type Sink, startSink } from "@qp/testing";
import { Client, Receiver } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";
import { waitForDlq } from "./helpers.ts";

// Per-second crons (qstash-local's six-field extension) keep these tests quick.
const EVERY_SECOND = "* * * * * *";
let qstash: QstashLocal;
let sink: Sink;
let client: Client;

beforeAll(async () => {
  qstash = await startQstashLocal({ timeScale: 0.001 });
  sink = await startSink((d) => (d.path.startsWith("/fail") ? { status: 500 } : { status: 200 }));
  client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
});
afterAll(async () => {
  await qstash?.close();
  await sink?.close();
});

const ticksOf = (id: string) => (d: Delivery[]) => d.filter((x) => x.headers["upstash-schedule-id"] === id);

describe("schedules through the official client", () => {
  it("create: each tick is a signed delivery with Upstash-Schedule-Id; get and list show QStash's shape", async () => {
    const url = `${sink.url}/tick?x=1`;
    const { scheduleId } = await client.schedules.create({
      destination: url,
      cron: EVERY_SECOND,
      body: '{"job":"nightly"}',
      headers: { "Content-Type": "application/json", "X-Job": "backup" },
      retries: 2,
      label: "ops",
    });
    expect(scheduleId).toMatch(/^scd_/);
    await sink.waitFor((d) => ticksOf(scheduleId)(d).length >= 2, "two ticks");
    const [first, second] = ticksOf(scheduleId)(sink.deliveries) as [Delivery, Delivery];
    expect(first.body).toBe('{"job":"nightly"}');
    expect(first.headers["x-job"]).toBe("backup");
    expect(first.headers["content-type"]).toBe("application/json");
    expect(first.headers["upstash-message-id"]).not.toBe(second.headers["upstash-message-id"]);
    const receiver = new Receiver({
      currentSigningKey: qstash.currentSigningKey,
      nextSigningKey: qstash.nextSigningKey,
    });
    const signature = String(first.headers["upstash-signature"]);
    await expect(receiver.verify({ signature, body: first.body, url })).resolves.toBe(true);

    const schedule = await client.schedules.get(scheduleId);
    expect(schedule).toMatchObject({
      scheduleId,
      cron: EVERY_SECOND,
      destination: url,
      method: "POST",
      body: '{"job":"nightly"}',
      retries: 2,
      isPaused: false,
      labels: ["ops"],
    });
    expect(schedule.header?.["X-Job"] ?? schedule.header?.["x-job"]).toEqual(["backup"]);
    expect(schedule.lastScheduleTime).toBeGreaterThan(schedule.createdAt - 1);
    expect(schedule.nextScheduleTime).toBeGreaterThan(schedule.lastScheduleTime as number);
    expect((await client.schedules.list()).map((s) => s.scheduleId)).toContain(scheduleId);
    await client.schedules.delete(scheduleId);
  });

  it("pause stops the ticks while another schedule keeps going; resume starts them again", async () => {
    const paused = await client.schedules.create({ destination: `${sink.url}/paused`, cron: EVERY_SECOND });
    const witness = await client.schedules.create({ destination: `${sink.url}/witness`, cron: EVERY_SECOND });
    await sink.waitFor((d) => ticksOf(paused.scheduleId)(d).length >= 1, "a tick before the pause");
    await client.schedules.pause({ schedule: paused.scheduleId });
    const atPause = ticksOf(paused.scheduleId)(sink.deliveries).length;
    const state = await client.schedules.get(paused.scheduleId);
    expect(state.isPaused).toBe(true);
    expect(state.nextScheduleTime).toBeUndefined();
    // Two witness ticks span more than a second: the paused one would have ticked in between.
    const witnessBefore = ticksOf(witness.scheduleId)(sink.deliveries).length;
    await sink.waitFor(
      (d) => ticksOf(witness.scheduleId)(d).length >= witnessBefore + 2,
      "two witness ticks during the pause",
    );
    // A tick already in flight when pause was called may land; no later one.
    expect(ticksOf(paused.scheduleId)(sink.deliveries).length).toBeLessThanOrEqual(atPause + 1);
    const afterPause = ticksOf(paused.scheduleId)(sink.deliveries).length;

    await client.schedules.resume({ schedule: paused.scheduleId });
    expect((await client.schedules.get(paused.scheduleId)).isPaused).toBe(false);
    await sink.waitFor((d) => ticksOf(paused.scheduleId)(d).length > afterPause, "a tick after resume");
    await client.schedules.delete(paused.scheduleId);
    await client.schedules.delete(witness.scheduleId);
  });

  it("delete: gone from get and list, and no tick after it", async () => {
    const { scheduleId } = await client.schedules.create({
      destination: `${sink.url}/gone`,
      cron: EVERY_SECOND,
    });
    await client.schedules.delete(scheduleId);
    await expect(client.schedules.get(scheduleId)).rejects.toThrow("not found");
    await expect(client.schedules.delete(scheduleId)).rejects.toThrow("not found");
    expect((await client.schedules.list()).map((s) => s.scheduleId)).not.toContain(scheduleId);
  });

  it("Upstash-Schedule-Id names the schedule; creating it again replaces it", async () => {
    await client.schedules.create({
      destination: `${sink.url}/named`,
      cron: "0 4 * * *",
      scheduleId: "nightly-backup",
    });
    await client.schedules.create({
      destination: `${sink.url}/named2`,
      cron: "30 3 * * *",
      scheduleId: "nightly-backup",
    });
    const named = (await client.schedules.list()).filter((s) => s.scheduleId === "nightly-backup");
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({ cron: "30 3 * * *", destination: `${sink.url}/named2` });
    const next = new Date(named[0]?.nextScheduleTime as number);
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 30]);
    await client.schedules.delete("nightly-backup");
  });

  it("a tick that keeps failing is retried and dead-lettered like any message", async () => {
    const { scheduleId } = await client.schedules.create({
      destination: `${sink.url}/fail`,
      cron: EVERY_SECOND,
      retries: 1,
    });
    await sink.waitFor((d) => ticksOf(scheduleId)(d).length >= 2, "a first attempt and its retry");
    await client.schedules.delete(scheduleId);
    const messageId = String(ticksOf(scheduleId)(sink.deliveries)[0]?.headers["upstash-message-id"]);
    const entry = await waitForDlq(qstash, messageId);
    expect(entry).toMatchObject({ messageId, responseStatus: 500, maxRetries: 1 });
    const attempts = ticksOf(scheduleId)(sink.deliveries).filter(
      (d) => d.headers["upstash-message-id"] === messageId,
    );
    expect(attempts.map((d) => d.headers["upstash-retried"])).toEqual(["0", "1"]);
    const metrics = await (await fetch(`${qstash.url}/metrics`)).text();
    expect(
      Number(/^qstash_dlq_messages\{service="qstash-local"\} (\d+)$/m.exec(metrics)?.[1]),
    ).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ["not a cron", "expected 5 fields"],
    ["61 * * * *", "invalid Upstash-Cron"],
    ["* * * *", "expected 5 fields"],
  ])("a bad cron %j is a 400 with QStash's error envelope", async (cron, message) => {
    const res = await fetch(`${qstash.url}/v2/schedules/${sink.url}/x`, {
      method: "POST",
      headers: { Authorization: `Bearer ${qstash.token}`, "Upstash-Cron": cron },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
    await expect(client.schedules.create({ destination: `${sink.url}/x`, cron })).rejects.toThrow(message);
  });

  it("bad message settings are refused at create, not at the first tick", async () => {
    await expect(
      client.schedules.create({ destination: `${sink.url}/x`, cron: "0 4 * * *", retryDelay: "pow(" }),
    ).rejects.toThrow("Upstash-Retry-Delay");
    await expect(client.schedules.create({ destination: "ftp://x/y", cron: "0 4 * * *" })).rejects.toThrow(
      "unsupported scheme",
    );
    const noCron = await fetch(`${qstash.url}/v2/schedules/${sink.url}/x`, {
      method: "POST",
      headers: { Authorization: `Bearer ${qstash.token}` },
    });
    expect(noCron.status).toBe(400);
  });
});

describe("schedules across a restart", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "qstash-schedules-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("survive it, paused state included, and tick again after downtime past a due tick", async () => {
    let broker = await startQstashLocal({ dataDir, timeScale: 0.001 });
    let c = new Client({ baseUrl: broker.url, token: broker.token, enableTelemetry: false });
    const live = await c.schedules.create({ destination: `${sink.url}/durable`, cron: EVERY_SECOND });
    const held = await c.schedules.create({ destination: `${sink.url}/held`, cron: EVERY_SECOND });
    await c.schedules.pause({ schedule: held.scheduleId });
    await sink.waitFor((d) => ticksOf(live.scheduleId)(d).length >= 1, "a tick before the restart");
    const before = (await c.schedules.get(live.scheduleId)).nextScheduleTime as number;
    await broker.close();
    // Down past the stored next tick, so it is missed and made up once.
    await sink.waitFor(() => Date.now() > before + 1500, "downtime past the next tick", 5000);
    const countAtRestart = ticksOf(live.scheduleId)(sink.deliveries).length;

    broker = await startQstashLocal({ dataDir, timeScale: 0.001 });
    try {
      c = new Client({ baseUrl: broker.url, token: broker.token, enableTelemetry: false });
      const ids = (await c.schedules.list()).map((s) => [s.scheduleId, s.isPaused]);
      expect(ids).toEqual(
        expect.arrayContaining([
          [live.scheduleId, false],
          [held.scheduleId, true],
        ]),
      );
      await sink.waitFor(
        (d) => ticksOf(live.scheduleId)(d).length >= countAtRestart + 2,
        "ticks after the restart",
      );
      // The make-up tick came first, then ticks on the cron again: one per second, not a burst of the missed.
      const after = ticksOf(live.scheduleId)(sink.deliveries).slice(countAtRestart);
      expect(after.length).toBeGreaterThanOrEqual(2);
      expect((await c.schedules.get(live.scheduleId)).lastScheduleTime).toBeGreaterThan(before);
      const metrics = await (await fetch(`${broker.url}/metrics`)).text();
      expect(metrics).toMatch(/^qstash_schedules\{state="paused",service="qstash-local"\} 1$/m);
      expect(metrics).toMatch(/^qstash_schedules\{state="active",service="qstash-local"\} 1$/m);
    } finally {
      await broker.close();
    }
  });
});
