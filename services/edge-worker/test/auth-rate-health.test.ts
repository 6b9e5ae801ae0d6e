import { errorEnvelopeSchema, healthResponseSchema } from "@qp/schema";
import { describe, expect, it } from "vitest";
import { secretsEqual } from "../src/auth.ts";
import { API_KEY, freshIp, post, request } from "./helpers.ts";

// Bodies here are deliberately invalid JSON: a 400 proves the request got past auth and the rate limit
// without asking any provider.
const PAST_AUTH = { status: 400, code: "invalid_json" };

describe("API key (EDGE_API_KEY)", () => {
  it.each([
    ["no Authorization header", undefined],
    ["a wrong key", `Bearer not-${API_KEY}`],
    ["a key that is a prefix of the real one", `Bearer ${API_KEY.slice(0, -1)}`],
    ["another scheme", `Basic ${btoa(`user:${API_KEY}`)}`],
    ["an empty bearer", "Bearer "],
  ])("refuses %s with 401 and the envelope", async (_, authorization) => {
    // An empty value stands for "no header": the helper sends the right key unless told otherwise.
    const response = await post("{", { raw: true, headers: { authorization: authorization ?? "" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const envelope = errorEnvelopeSchema.parse(await response.json());
    expect(envelope.error.code).toBe("unauthorized");
    expect(JSON.stringify(envelope)).not.toContain(API_KEY);
  });

  it("accepts the right key (case-insensitive scheme)", async () => {
    const response = await post("{", { raw: true, headers: { authorization: `bearer ${API_KEY}` } });
    expect(response.status).toBe(PAST_AUTH.status);
    expect(errorEnvelopeSchema.parse(await response.json()).error.code).toBe(PAST_AUTH.code);
  });

  it("requires nothing when EDGE_API_KEY is unset", async () => {
    const response = await post("{", {
      raw: true,
      headers: { authorization: "" },
      bindings: { EDGE_API_KEY: "" },
    });
    expect(response.status).toBe(PAST_AUTH.status);
  });

  it("compares keys by digest", async () => {
    expect(await secretsEqual("abc", "abc")).toBe(true);
    expect(await secretsEqual("abc", "abd")).toBe(false);
    expect(await secretsEqual("abc", "abcd")).toBe(false);
  });
});

describe("per-client rate limit (Workers rate-limiting binding, 5/60 s in tests)", () => {
  it("answers 429 with Retry-After after the limit, for that client only", async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const response = await post("{", { raw: true, headers: { "cf-connecting-ip": ip } });
      expect(response.status).toBe(PAST_AUTH.status);
    }
    const limited = await post("{", { raw: true, headers: { "cf-connecting-ip": ip } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(errorEnvelopeSchema.parse(await limited.json()).error.code).toBe("rate_limited");
    // Limited before the key is checked: guessing keys is limited too.
    const guessing = await post("{", {
      raw: true,
      headers: { "cf-connecting-ip": ip, authorization: "Bearer x" },
    });
    expect(guessing.status).toBe(429);

    const other = await post("{", { raw: true, headers: { "cf-connecting-ip": freshIp() } });
    expect(other.status).toBe(PAST_AUTH.status);
  });
});

describe("GET /health", () => {
  it("is healthy when publishing and a provider are configured, without auth", async () => {
    const response = await request(new Request("https://edge.qstash-pipeline.test/health"));
    expect(response.status).toBe(200);
    const body = healthResponseSchema.parse(await response.json());
    expect(body.status).toBe("healthy");
    expect(body.services.discovery?.message).toBe("providers: arxiv, wikipedia, tavily");
  });

  it("is unhealthy (503) without QSTASH_TOKEN, and never shows a secret", async () => {
    const response = await request(new Request("https://edge.qstash-pipeline.test/health"), {
      QSTASH_TOKEN: "",
    });
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(healthResponseSchema.parse(JSON.parse(text)).services.qstash?.status).toBe("unhealthy");
    expect(text).not.toContain("tvly-");
  });

  it("a bad var answers 500 misconfigured naming the var", async () => {
    const response = await request(new Request("https://edge.qstash-pipeline.test/health"), {
      MAX_URLS: "lots",
    });
    expect(response.status).toBe(500);
    const envelope = errorEnvelopeSchema.parse(await response.json());
    expect(envelope.error).toMatchObject({
      code: "misconfigured",
      message: expect.stringContaining("MAX_URLS"),
    });
  });
});
