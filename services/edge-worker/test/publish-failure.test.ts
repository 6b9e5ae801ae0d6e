import { edgeResponseSchema, errorEnvelopeSchema } from "@qp/schema";
import { describe, expect, inject, it } from "vitest";
import { post, uniqueConcept } from "./helpers.ts";

const qstashProblem = inject("qstashProblem");

describe.skipIf(Boolean(qstashProblem))("QStash refusing → 503, nothing reported as stored", () => {
  it("a refused token answers 503 publish_failed; a later good post stores every URL (nothing was kept)", async () => {
    const concept = uniqueConcept("golden cross refused");
    const refused = await post({ concept }, { bindings: { QSTASH_TOKEN: "not-the-token" } });
    expect(refused.status).toBe(503);
    const envelope = errorEnvelopeSchema.parse(await refused.json());
    expect(envelope.error.code).toBe("publish_failed");
    expect(envelope.error.message).toMatch(/nothing was stored/);
    expect(envelope.error.details).toEqual([{ path: "qstash", message: "HTTP 401" }]);
    expect(JSON.stringify(envelope)).not.toContain("not-the-token");

    const accepted = edgeResponseSchema.parse(await (await post({ concept })).json());
    expect(accepted.urls.length).toBeGreaterThan(0);
    expect(accepted.stored).toBe(accepted.urls.length);
  });

  it("an unreachable QStash answers 503", async () => {
    const response = await post(
      { concept: uniqueConcept("golden cross unreachable") },
      { bindings: { QSTASH_URL: "http://127.0.0.1:9" } },
    );
    expect(response.status).toBe(503);
    const envelope = errorEnvelopeSchema.parse(await response.json());
    expect(envelope.error.code).toBe("publish_failed");
    expect(envelope.error.details).toEqual([{ path: "qstash", message: "unreachable" }]);
  });

  it("missing publishing config answers 503 misconfigured before any provider is asked", async () => {
    const response = await post(
      { concept: uniqueConcept("golden cross") },
      { bindings: { QSTASH_TOKEN: "" } },
    );
    expect(response.status).toBe(503);
    expect(errorEnvelopeSchema.parse(await response.json()).error.code).toBe("misconfigured");
  });
});
