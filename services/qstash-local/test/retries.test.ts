import { type Delivery, type Sink, startSink } from "@qp/testing";
import { Receiver } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QstashLocal, startQstashLocal } from "../src/index.ts";
import { publishRaw, waitForDlq } from "./helpers.ts";

const TIME_SCALE = 0.01;
let qstash: QstashLocal;
let sink: Sink;
/** Per path: the statuses to answer, in order (then 200). */
const script = new Map<string, Array<{ status: number; headers?: Record<string, string>; body?: string }>>();

const at = (path: string) => (d: Delivery[]) => d.filter((x) => x.path === path);

beforeAll(async () => {
  qstash = await startQstashLocal({ timeScale: TIME_SCALE });
  sink = await startSink((d) => script.get(d.path)?.shift() ?? { status: 200 });
});
afterAll(async () => {
  await qstash?.close();
  await sink?.close();
});

describe("retries and dead letters", () => {
  it("retries non-2xx with the retry-delay expression (scaled) until success, counting Upstash-Retried", async () => {
    script.set("/flaky", [{ status: 500 }, { status: 503 }, { status: 404 }]);
    const { status } = await publishRaw(qstash, `${sink.url}/flaky`, {
      headers: { "Upstash-Retries": "3", "Upstash-Retry-Delay": "1000 * (1 + retried)" },
      body: "x",
    });
    expect(status).toBe(200);
    await sink.waitFor((d) => at("/flaky")(d).length === 4, "4 attempts");
    const attempts = at("/flaky")(sink.deliveries);
    expect(attempts.map((d) => d.headers["upstash-retried"])).toEqual(["0", "1", "2", "3"]);
    // Each wait is at least the expression's value times the time scale (10, 20, 30 ms here).
    for (let i = 1; i < attempts.length; i++) {
      const gap = (attempts[i] as Delivery).at - (attempts[i - 1] as Delivery).at;
      expect(gap).toBeGreaterThanOrEqual(1000 * i * TIME_SCALE - 2);
    }
    // Each attempt has a fresh token.
    expect(new Set(attempts.map((d) => d.headers["upstash-signature"])).size).toBe(4);
  });

  it("uses QStash's default backoff when no expression is given (12 s scaled)", async () => {
    script.set("/default-backoff", [{ status: 500 }]);
    await publishRaw(qstash, `${sink.url}/default-backoff`, { body: "x" });
    await sink.waitFor((d) => at("/default-backoff")(d).length === 2, "a retry");
    const [first, second] = at("/default-backoff")(sink.deliveries) as [Delivery, Delivery];
    expect(second.at - first.at).toBeGreaterThanOrEqual(Math.exp(2.5) * 1000 * TIME_SCALE - 2);
  });

  it("honours Retry-After over the expression", async () => {
    script.set("/rate-limited", [{ status: 429, headers: { "Retry-After": "5" } }]);
    await publishRaw(qstash, `${sink.url}/rate-limited`, {
      headers: { "Upstash-Retry-Delay": "0" },
      body: "x",
    });
    await sink.waitFor((d) => at("/rate-limited")(d).length === 2, "a retry after Retry-After");
    const [first, second] = at("/rate-limited")(sink.deliveries) as [Delivery, Delivery];
    expect(second.at - first.at).toBeGreaterThanOrEqual(5000 * TIME_SCALE - 2);
  });

  it("489 with Upstash-NonRetryable-Error goes to the DLQ at once, without retries", async () => {
    script.set("/permanent", [
      { status: 489, headers: { "Upstash-NonRetryable-Error": "true" }, body: "bad schema" },
    ]);
    const { json } = await publishRaw(qstash, `${sink.url}/permanent`, {
      headers: { "Upstash-Retries": "5" },
      body: "x",
    });
    const entry = await waitForDlq(qstash, json.messageId as string);
    expect(entry.responseStatus).toBe(489);
    expect(entry.responseBody).toBe("bad schema");
    expect(at("/permanent")(sink.deliveries)).toHaveLength(1);
  });

  it("a plain 489 (without the header) is retried like any failure", async () => {
    script.set("/plain-489", [{ status: 489 }]);
    await publishRaw(qstash, `${sink.url}/plain-489`, { headers: { "Upstash-Retry-Delay": "0" }, body: "x" });
    await sink.waitFor((d) => at("/plain-489")(d).length === 2, "a retry of a plain 489");
  });

  it("retries exhausted → DLQ with the last response (status, headers, body) recorded", async () => {
    script.set("/always-down", [
      { status: 500, body: "first" },
      { status: 502, body: "second" },
      { status: 503, headers: { "X-Why": "maintenance" }, body: "last" },
    ]);
    const { json } = await publishRaw(qstash, `${sink.url}/always-down`, {
      headers: { "Upstash-Retries": "2", "Upstash-Retry-Delay": "10" },
      body: "payload",
    });
    const entry = await waitForDlq(qstash, json.messageId as string);
    expect(at("/always-down")(sink.deliveries)).toHaveLength(3);
    expect(entry.responseStatus).toBe(503);
    expect(entry.responseBody).toBe("last");
    expect(entry.responseHeader["X-Why"]).toEqual(["maintenance"]);
    expect(entry.body).toBe("payload");
    expect(entry.maxRetries).toBe(2);
  });

  it("connection errors are retried and dead-lettered with the error", async () => {
    const closed = await startSink();
    const url = `${closed.url}/gone`;
    await closed.close();
    const { json } = await publishRaw(qstash, url, {
      headers: { "Upstash-Retries": "1", "Upstash-Retry-Delay": "1" },
      body: "x",
    });
    const entry = await waitForDlq(qstash, json.messageId as string);
    expect(entry.responseStatus).toBe(0);
    expect(entry.error).toMatch(/ECONNREFUSED/);
  });

  it("a timeout counts as a failed attempt", async () => {
    const hang = await import("node:http").then(({ createServer }) => createServer(() => {}));
    await new Promise<void>((r) => hang.listen(0, "127.0.0.1", r));
    const port = (hang.address() as { port: number }).port;
    const { json } = await publishRaw(qstash, `http://127.0.0.1:${port}/hang`, {
      headers: { "Upstash-Retries": "0", "Upstash-Timeout": "0.2s" },
      body: "x",
    });
    const entry = await waitForDlq(qstash, json.messageId as string);
    expect(entry.error).toMatch(/timed out/);
    hang.closeAllConnections();
    await new Promise((r) => hang.close(r));
  });

  it("callbacks: success and failure callbacks get QStash's callback body, signed for their own URL", async () => {
    script.set("/cb-fail", [{ status: 500, body: "nope" }]);
    await publishRaw(qstash, `${sink.url}/cb-ok`, {
      headers: { "Upstash-Callback": `${sink.url}/callback`, "Content-Type": "text/plain" },
      body: "hello",
    });
    const failed = await publishRaw(qstash, `${sink.url}/cb-fail`, {
      headers: { "Upstash-Retries": "0", "Upstash-Failure-Callback": `${sink.url}/failure` },
      body: "bye",
    });
    await sink.waitFor(
      (d) => at("/callback")(d).length === 1 && at("/failure")(d).length === 1,
      "both callbacks",
    );
    const callbackDelivery = at("/callback")(sink.deliveries)[0] as Delivery;
    const receiver = new Receiver({
      currentSigningKey: qstash.currentSigningKey,
      nextSigningKey: qstash.nextSigningKey,
    });
    const signature = String(callbackDelivery.headers["upstash-signature"]);
    await expect(
      receiver.verify({ signature, body: callbackDelivery.body, url: `${sink.url}/callback` }),
    ).resolves.toBe(true);
    const callback = JSON.parse(callbackDelivery.body);
    expect(callback.status).toBe(200);
    expect(Buffer.from(callback.sourceBody, "base64").toString()).toBe("hello");
    expect(callback.url).toBe(`${sink.url}/cb-ok`);
    const failure = JSON.parse((at("/failure")(sink.deliveries)[0] as Delivery).body);
    expect(failure.status).toBe(500);
    expect(Buffer.from(failure.body, "base64").toString()).toBe("nope");
    expect(failure.sourceMessageId).toBe(failed.json.messageId);
    expect(failure.dlqId).toMatch(/^\d+-\d+$/);
  });
});
