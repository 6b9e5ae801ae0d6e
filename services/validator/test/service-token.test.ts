import { errorEnvelopeSchema } from "@qp/schema";
import { afterAll, describe, expect, it } from "vitest";
import { createEngines } from "../src/engine/select.ts";
import { testApp } from "./helpers.ts";

// Issue 12 item 4: with SERVICE_TOKEN set every validator route but /health needs it.
const TOKEN = "validator-service-token-0123456789";
const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
afterAll(() => engines.close());
const app = testApp(engines, { serviceToken: TOKEN });
const backtest = { strategy: { name: "sma_crossover", params: { fast: 10, slow: 30 } }, symbols: ["SPY"] };

describe("SERVICE_TOKEN on the validator", () => {
  it.each([
    ["POST", "/backtest", JSON.stringify(backtest)],
    ["POST", "/resolve", '{"concept":"golden cross"}'],
    ["GET", "/jobs/abc", undefined],
    ["GET", "/strategies", undefined],
    ["GET", "/metrics", undefined],
  ])("%s %s without the token → 401 envelope", async (method, path, body) => {
    const variants: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer not-the-token-0123456789" },
    ];
    for (const headers of variants) {
      const res = await app.request(path, {
        method,
        ...(body ? { body } : {}),
        headers: { "content-type": "application/json", ...headers },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      const envelope = errorEnvelopeSchema.parse(await res.json());
      expect(envelope.error.code).toBe("unauthorized");
      expect(envelope.error.message).toContain("SERVICE_TOKEN");
    }
  });

  it("runs a back-test with the token; /health needs none", async () => {
    const res = await app.request("/backtest", {
      method: "POST",
      body: JSON.stringify(backtest),
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect((await app.request("/health")).status).not.toBe(401);
  });
});
