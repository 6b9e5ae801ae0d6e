import { errorEnvelopeSchema } from "@qp/schema";
import { Hono } from "hono";
import { beforeEach, describe, expect, it } from "vitest";
import { createRefusalSampler, type QstashEnv, qstashReceiver } from "./receiver.ts";
import { signJwt } from "./testing/sign-jwt.ts";

const CURRENT = "sig_current_test_key_0123456789";
const NEXT = "sig_next_test_key_9876543210";
const PUBLIC = "https://orchestrator.example.com";
const ENDPOINT = `${PUBLIC}/api/qstash`;
const now = () => Math.floor(Date.now() / 1000);

const message = {
  type: "crawl.failed",
  id: "0123456789abcdef0123456789abcdef",
  concept_id: "0123456789abcdef01234567",
  concept: "golden cross",
  url: "https://example.com/page",
  reason: "HTTP 404",
  status_code: 404,
  timestamp: "2026-11-28T20:00:00.000Z",
} as const;
const body = JSON.stringify(message);

let fastPath = true;

function makeApp(publicUrl?: string) {
  const handled: unknown[] = [];
  const app = new Hono<QstashEnv>();
  app.post(
    "/api/qstash",
    qstashReceiver({
      currentSigningKey: CURRENT,
      nextSigningKey: NEXT,
      publicUrl,
      maxBodyBytes: 10_000,
      fastPath,
    }),
    (c) => {
      handled.push(c.var.message);
      return c.json({ ok: true, type: c.var.message.type, id: c.var.qstashMessageId });
    },
  );
  return { app, handled };
}

function deliver(app: Hono<QstashEnv>, raw: string, signature?: string, path = "/api/qstash") {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "upstash-message-id": "msg_1",
  };
  if (signature !== undefined) headers["upstash-signature"] = signature;
  return app.request(`http://127.0.0.1${path}`, { method: "POST", body: raw, headers });
}

async function expectRefused(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const envelope = errorEnvelopeSchema.parse(await response.json());
  expect(envelope.error.code).toBe(code);
  return envelope;
}

describe.each([
  ["node:crypto fast path, then the official Receiver", true],
  ["the official Receiver alone", false],
])("test_signature_verify (%s)", (_label, useFastPath) => {
  beforeEach(() => {
    fastPath = useFastPath;
  });

  it("accepts a token signed with the current key and hands the parsed message on", async () => {
    const { app, handled } = makeApp(PUBLIC);
    const response = await deliver(app, body, signJwt({ key: CURRENT, body, sub: ENDPOINT }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, type: "crawl.failed", id: "msg_1" });
    expect(handled).toEqual([{ ...message, retry_count: 0 }]);
  });

  it("accepts a token signed with the next key (rotation in progress)", async () => {
    const { app } = makeApp(PUBLIC);
    const response = await deliver(app, body, signJwt({ key: NEXT, body, sub: ENDPOINT }));
    expect(response.status).toBe(200);
  });

  it("accepts a padded body hash, as QStash's documentation example carries one", async () => {
    const { app } = makeApp();
    expect((await deliver(app, body, signJwt({ key: CURRENT, body, padded: true }))).status).toBe(200);
  });

  it("refuses a token signed with a wrong key", async () => {
    const { app, handled } = makeApp(PUBLIC);
    const response = await deliver(app, body, signJwt({ key: "sig_someone_else", body, sub: ENDPOINT }));
    await expectRefused(response, 401, "invalid_signature");
    expect(handled).toHaveLength(0);
  });

  it("refuses an expired token", async () => {
    const { app } = makeApp(PUBLIC);
    const token = signJwt({
      key: CURRENT,
      body,
      sub: ENDPOINT,
      iat: now() - 400,
      nbf: now() - 400,
      exp: now() - 100,
    });
    await expectRefused(await deliver(app, body, token), 401, "invalid_signature");
  });

  it("refuses a token whose not-before is in the future", async () => {
    const { app } = makeApp(PUBLIC);
    const token = signJwt({ key: CURRENT, body, sub: ENDPOINT, nbf: now() + 120 });
    await expectRefused(await deliver(app, body, token), 401, "invalid_signature");
  });

  it("refuses a tampered body (the token is for other bytes)", async () => {
    const { app, handled } = makeApp(PUBLIC);
    const token = signJwt({ key: CURRENT, body, sub: ENDPOINT });
    const tampered = body.replace("HTTP 404", "HTTP 410");
    const envelope = await expectRefused(await deliver(app, tampered, token), 401, "invalid_signature");
    expect(envelope.error.message).toContain("body hash does not match");
    expect(handled).toHaveLength(0);
  });

  it("refuses a token minted for another endpoint when the public URL is configured", async () => {
    const { app } = makeApp(PUBLIC);
    const token = signJwt({ key: CURRENT, body, sub: "https://evil.example.com/api/qstash" });
    const envelope = await expectRefused(await deliver(app, body, token), 401, "invalid_signature");
    expect(envelope.error.message).toContain("invalid subject");
  });

  it("checks sub against public URL plus path and query", async () => {
    const { app } = makeApp(`${PUBLIC}/`);
    const path = "/api/qstash?source=test";
    const ok = signJwt({ key: CURRENT, body, sub: `${PUBLIC}${path}` });
    expect((await deliver(app, body, ok, path)).status).toBe(200);
    const withoutQuery = signJwt({ key: CURRENT, body, sub: ENDPOINT });
    await expectRefused(await deliver(app, body, withoutQuery, path), 401, "invalid_signature");
  });

  it('refuses an unsigned token with alg "none"', async () => {
    const { app } = makeApp(PUBLIC);
    const token = signJwt({ key: CURRENT, body, sub: ENDPOINT, alg: "none" });
    await expectRefused(await deliver(app, body, token), 401, "invalid_signature");
  });

  it("refuses a token signed with another issuer", async () => {
    const { app } = makeApp(PUBLIC);
    await expectRefused(
      await deliver(app, body, signJwt({ key: CURRENT, body, sub: ENDPOINT, iss: "Other" })),
      401,
      "invalid_signature",
    );
  });

  it.each([["body"], ["iss"], ["exp"], ["jti"]])("refuses a token without the %s claim", async (claim) => {
    const { app } = makeApp(PUBLIC);
    const token = signJwt({ key: CURRENT, body, sub: ENDPOINT, omit: [claim] });
    await expectRefused(await deliver(app, body, token), 401, "invalid_signature");
  });

  it("refuses a token without sub when the public URL is configured", async () => {
    const { app } = makeApp(PUBLIC);
    const token = signJwt({ key: CURRENT, body, omit: ["sub"] });
    await expectRefused(await deliver(app, body, token), 401, "invalid_signature");
  });

  it.each([["not-a-jwt"], ["a.b.c"], [""]])("refuses a garbage token %j", async (token) => {
    const { app } = makeApp(PUBLIC);
    const response = await deliver(app, body, token);
    await expectRefused(response, 401, token === "" ? "missing_signature" : "invalid_signature");
  });

  it("refuses a delivery without the Upstash-Signature header", async () => {
    const { app, handled } = makeApp(PUBLIC);
    const response = await deliver(app, body);
    const envelope = await expectRefused(response, 401, "missing_signature");
    expect(envelope.error.requestId).toBe("msg_1");
    expect(response.headers.get("upstash-nonretryable-error")).toBeNull();
    expect(handled).toHaveLength(0);
  });
});

describe("permanent delivery errors answer 489 + Upstash-NonRetryable-Error", () => {
  async function expect489(raw: string, code: string) {
    const { app, handled } = makeApp();
    const response = await deliver(app, raw, signJwt({ key: CURRENT, body: raw }));
    const envelope = await expectRefused(response, 489, code);
    expect(response.headers.get("upstash-nonretryable-error")).toBe("true");
    expect(handled).toHaveLength(0);
    return envelope;
  }

  it("bad JSON", async () => {
    await expect489("{not json", "invalid_json");
  });

  it("an unknown message type", async () => {
    const envelope = await expect489(
      JSON.stringify({ ...message, type: "crawl.exploded" }),
      "unknown_message_type",
    );
    expect(envelope.error.message).toContain("crawl.exploded");
  });

  it("a schema violation, naming the failing path", async () => {
    const envelope = await expect489(
      JSON.stringify({ ...message, url: "ftp://example.com/x" }),
      "invalid_message",
    );
    expect(envelope.error.details?.map((detail) => detail.path)).toContain("url");
  });

  it("an unknown field (strict schemas)", async () => {
    await expect489(JSON.stringify({ ...message, extra: 1 }), "invalid_message");
  });

  it("a body over the size limit", async () => {
    const huge = JSON.stringify({ ...message, reason: "x".repeat(20_000) });
    await expect489(huge, "payload_too_large");
  });

  it("verifies before it parses: a bad signature on bad JSON is a 401, not a 489", async () => {
    const { app } = makeApp();
    await expectRefused(
      await deliver(app, "{not json", signJwt({ key: "wrong", body: "{not json" })),
      401,
      "invalid_signature",
    );
  });
});

describe("qstashReceiver configuration", () => {
  it("refuses to start without both keys", () => {
    expect(() => qstashReceiver({ currentSigningKey: CURRENT, nextSigningKey: "" })).toThrow(/both/);
  });
});

describe("delivery headers", () => {
  it("hands on Upstash-Retried, Upstash-Retries (when sent), the token's jti and exp", async () => {
    const app = new Hono<QstashEnv>();
    app.post("/api/qstash", qstashReceiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT }), (c) =>
      c.json({
        retried: c.var.qstashRetried,
        retries: c.var.qstashMaxRetries ?? null,
        jti: c.var.qstashJti,
        exp: c.var.qstashTokenExp,
      }),
    );
    const send = (headers: Record<string, string>) =>
      app.request("http://127.0.0.1/api/qstash", {
        method: "POST",
        body,
        headers: { "upstash-signature": signJwt({ key: CURRENT, body, exp: now() + 300 }), ...headers },
      });
    const withCount = await (await send({ "upstash-retried": "2", "upstash-retries": "5" })).json();
    expect(withCount).toMatchObject({ retried: 2, retries: 5, jti: expect.stringMatching(/^jwt_/) });
    expect(withCount.exp).toBeGreaterThan(now());
    expect(await (await send({ "upstash-retries": "lots" })).json()).toMatchObject({
      retried: 0,
      retries: null,
    });
  });
});

describe("refusal log sampling", () => {
  it("logs the first N refusals of a window, then counts, and reports the count in the next window", () => {
    let clock = 0;
    const sample = createRefusalSampler(3, 60_000, () => clock);
    const first = Array.from({ length: 10 }, () => sample());
    expect(first.filter((s) => s.log)).toHaveLength(3);
    expect(first.every((s) => s.suppressedBefore === 0)).toBe(true);
    clock = 60_000;
    expect(sample()).toEqual({ log: true, suppressedBefore: 7 });
    expect(sample()).toEqual({ log: true, suppressedBefore: 0 });
  });

  it("a flood of bad deliveries writes a bounded number of warning lines", async () => {
    const lines: string[] = [];
    const logger = {
      info: () => {},
      warn: (_: unknown, message: string) => {
        lines.push(message);
      },
    };
    const app = new Hono<QstashEnv>();
    app.use("*", async (c, next) => {
      (c as unknown as { set(k: string, v: unknown): void }).set("logger", logger);
      await next();
    });
    app.post("/api/qstash", qstashReceiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT }), (c) =>
      c.json({ ok: true }),
    );
    for (let i = 0; i < 200; i++) {
      const res = await app.request("http://127.0.0.1/api/qstash", { method: "POST", body: "junk" });
      expect(res.status).toBe(401);
    }
    expect(lines.length).toBe(10);
  });
});
