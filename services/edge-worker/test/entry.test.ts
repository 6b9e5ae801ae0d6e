import { exports } from "cloudflare:workers";
import { edgeResponseSchema, healthResponseSchema } from "@qp/schema";
import { describe, expect, inject, it } from "vitest";
import { API_KEY, freshIp, uniqueConcept } from "./helpers.ts";

// The other suites call the app's fetch with per-test bindings; this one goes through the Worker's real
// entry point in workerd (`main` in the pool config), with the bindings exactly as configured.
describe("through the Worker entry point", () => {
  it("GET /health", async () => {
    const response = await exports.default.fetch("https://edge.qstash-pipeline.test/health");
    expect(response.status).toBe(200);
    expect(healthResponseSchema.parse(await response.json()).service).toBe("edge-worker");
  });

  it.skipIf(Boolean(inject("qstashProblem")))("POST / → 202", async () => {
    const response = await exports.default.fetch("https://edge.qstash-pipeline.test/", {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        authorization: `Bearer ${API_KEY}`,
        "cf-connecting-ip": freshIp(),
      },
      body: JSON.stringify({ concept: uniqueConcept("RSI divergence") }),
    });
    expect(response.status).toBe(202);
    const body = edgeResponseSchema.parse(await response.json());
    expect(body.stored).toBe(body.urls.length);
    expect(body.urls.length).toBeGreaterThan(0);
  });
});
