import { edgeResponseSchema, errorEnvelopeSchema } from "@qp/schema";
import { describe, expect, inject, it } from "vitest";
import { post, uniqueConcept } from "./helpers.ts";

const qstashProblem = inject("qstashProblem");

describe.skipIf(Boolean(qstashProblem))("one provider failing: the others still count", () => {
  it.each([
    {
      word: "wikifail",
      provider: "wikipedia",
      message: /internal_api_error_DBQueryError/,
      gone: "https://en.wikipedia.org/wiki/Technical_analysis",
    },
    {
      word: "arxivfail",
      provider: "arxiv",
      message: /API error \(HTTP 400\): incorrect id format for abc/,
      gone: "https://arxiv.org/abs/2104.01234",
    },
    {
      word: "arxivhtml",
      provider: "arxiv",
      message: /unexpected content-type text\/html/,
      gone: "https://arxiv.org/abs/2104.01234",
    },
    {
      word: "tavilyfail",
      provider: "tavily",
      message: /HTTP 432: .*usage limit/,
      gone: "https://example.org/pairs?id=3",
    },
    {
      word: "wikihang",
      provider: "wikipedia",
      message: /timed out after 1500 ms/,
      gone: "https://en.wikipedia.org/wiki/Technical_analysis",
    },
  ])(
    "$word → 202, errors name $provider, its URLs are missing",
    async ({ word, provider, message, gone }) => {
      const response = await post({ concept: uniqueConcept(`golden cross ${word}`) });
      expect(response.status).toBe(202);
      const body = edgeResponseSchema.parse(await response.json());
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]?.provider).toBe(provider);
      expect(body.errors?.[0]?.message).toMatch(message);
      expect(body.urls).not.toContain(gone);
      expect(body.urls.length).toBeGreaterThan(2);
      expect(body.stored).toBe(body.urls.length);
    },
  );

  it("a refused Tavily key is a provider error that never repeats the key", async () => {
    const response = await post(
      { concept: uniqueConcept("golden cross") },
      { bindings: { TAVILY_API_KEY: "tvly-WRONG-secret-value" } },
    );
    const body = edgeResponseSchema.parse(await response.json());
    expect(body.errors).toEqual([
      { provider: "tavily", message: expect.stringMatching(/^HTTP 401: .*invalid API key/) },
    ]);
    expect(JSON.stringify(body)).not.toContain("WRONG-secret");
  });
});

describe("every provider failing", () => {
  it("answers 502 discovery_failed with each provider's error in details", async () => {
    const response = await post({ concept: uniqueConcept("allfail strategy") });
    expect(response.status).toBe(502);
    const envelope = errorEnvelopeSchema.parse(await response.json());
    expect(envelope.error.code).toBe("discovery_failed");
    expect(envelope.error.details?.map((d) => d.path).sort()).toEqual(["arxiv", "tavily", "wikipedia"]);
    expect(envelope.error.details?.find((d) => d.path === "tavily")?.message).toMatch(/HTTP 432/);
  });

  it("answers 502 when the only enabled provider times out", async () => {
    const response = await post(
      { concept: uniqueConcept("wikihang only") },
      { bindings: { PROVIDERS: "wikipedia", PROVIDER_TIMEOUT_MS: "300" } },
    );
    expect(response.status).toBe(502);
    const envelope = errorEnvelopeSchema.parse(await response.json());
    expect(envelope.error.details).toEqual([{ path: "wikipedia", message: "timed out after 300 ms" }]);
  });
});
