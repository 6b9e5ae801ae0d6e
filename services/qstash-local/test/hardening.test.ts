import { type Sink, startSink } from "@qp/testing";
import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";
import { api, publishRaw } from "./helpers.ts";

// Issue 12 item 5 and the /v2/keys rule of item 4, against a server with private (non-dev) signing keys.
const ADMIN = "admin-token-for-the-keys-0123456789";
let qstash: QstashLocal;
let devKeys: QstashLocal;
let sink: Sink;

beforeAll(async () => {
  qstash = await startQstashLocal({
    timeScale: 0.001,
    token: "publish-token-abc",
    adminToken: ADMIN,
    currentSigningKey: "sig_private_current_key_1",
    nextSigningKey: "sig_private_next_key_2",
  });
  devKeys = await startQstashLocal();
  sink = await startSink();
});
afterAll(async () => {
  await qstash?.close();
  await devKeys?.close();
  await sink?.close();
});

const keys = (base: QstashLocal, token?: string) =>
  fetch(`${base.url}/v2/keys`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

describe("GET /v2/keys", () => {
  it("is not readable with the publish token when the keys are private", async () => {
    const res = await keys(qstash, qstash.token);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/QSTASH_ADMIN_TOKEN/);
    expect(JSON.stringify(body)).not.toContain("sig_private");
    const viaQuery = await fetch(`${qstash.url}/v2/keys?qstash_token=${qstash.token}`);
    expect(viaQuery.status).toBe(401);
    expect((await keys(qstash)).status).toBe(401);
    expect((await keys(qstash, "wrong")).status).toBe(401);
  });

  it("answers the admin token", async () => {
    const res = await keys(qstash, ADMIN);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      current: "sig_private_current_key_1",
      next: "sig_private_next_key_2",
    });
  });

  it("still answers the public dev keys to the dev token (the SDK's QSTASH_DEV probe)", async () => {
    const res = await keys(devKeys, devKeys.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ current: devKeys.currentSigningKey, next: devKeys.nextSigningKey });
  });
});

describe("publish limits and auth parsing", () => {
  it("accepts the bearer scheme in any case", async () => {
    for (const scheme of ["bearer", "BEARER", "Bearer"]) {
      const res = await fetch(`${qstash.url}/v2/publish/${sink.url}/case`, {
        method: "POST",
        headers: { Authorization: `${scheme} ${qstash.token}` },
        body: scheme,
      });
      expect(res.status, scheme).toBe(200);
    }
    const basic = await fetch(`${qstash.url}/v2/publish/${sink.url}/case`, {
      method: "POST",
      headers: { Authorization: `Basic ${qstash.token}` },
      body: "x",
    });
    expect(basic.status).toBe(401);
  });

  it.each([
    ["Upstash-Delay", "99999999d"],
    ["Upstash-Delay", "8d"],
    ["Upstash-Delay", "604801"],
    ["Upstash-Not-Before", String(Math.floor(Date.now() / 1000) + 8 * 86_400)],
  ])("refuses %s: %s, beyond QStash's maximum delay of 7 days", async (header, value) => {
    const res = await publishRaw(qstash, `${sink.url}/late`, { headers: { [header]: value }, body: "x" });
    expect(res.status).toBe(400);
    expect(String(res.json.error)).toMatch(new RegExp(`${header}.*maximum`));
  });

  it("accepts a delay of exactly 7 days", async () => {
    const res = await publishRaw(qstash, `${sink.url}/week`, {
      headers: { "Upstash-Delay": "7d" },
      body: "x",
    });
    expect(res.status).toBe(200);
    const client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
    await client.messages.cancel(String(res.json.messageId));
  });

  it.each(["yesterday", "1e999", "-5"])(
    "refuses fromDate=%s with 400 on the DLQ, messages and logs",
    async (value) => {
      for (const path of ["/v2/dlq", "/v2/events"]) {
        const res = await api(qstash, `${path}?fromDate=${encodeURIComponent(value)}`);
        expect(res.status, path).toBe(400);
        expect(String(res.json.error)).toMatch(/fromDate/);
      }
      const cancel = await api(qstash, `/v2/messages?toDate=${encodeURIComponent(value)}`, "DELETE");
      expect(cancel.status).toBe(400);
    },
  );

  it("still filters by a good fromDate", async () => {
    const res = await api(qstash, `/v2/dlq?fromDate=${Date.now()}`);
    expect(res.status).toBe(200);
    expect(res.json.messages).toEqual([]);
  });
});
