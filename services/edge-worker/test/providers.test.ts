import { conceptIdOf, edgeResponseSchema } from "@qp/schema";
import { describe, expect, inject, it } from "vitest";
import { post, uniqueConcept, waitForDeliveries } from "./helpers.ts";

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
      { provider: "tavily", message: expect.stringMatching(/^HTTP 401: .*invalid API key/), kind: "http" },
    ]);
    expect(JSON.stringify(body)).not.toContain("WRONG-secret");
  });
});

describe.skipIf(Boolean(qstashProblem))("every provider failing: the concept still goes on", () => {
  it("answers 202 with the concept_id, no URLs, each provider's error, and publishes concept.validate", async () => {
    const concept = uniqueConcept("allfail strategy");
    const response = await post({ concept });
    expect(response.status).toBe(202);
    const body = edgeResponseSchema.parse(await response.json());
    expect(body.concept_id).toBe(await conceptIdOf(concept));
    expect(body).toMatchObject({ stored: 0, urls: [] });
    expect(body.errors?.map((e) => e.provider).sort()).toEqual(["arxiv", "tavily", "wikipedia"]);
    expect(body.errors?.find((e) => e.provider === "tavily")).toMatchObject({
      message: expect.stringMatching(/HTTP 432/),
      kind: "http",
    });
    const deliveries = await waitForDeliveries((all) =>
      all.some((d) => (d.body as { concept_id?: string }).concept_id === body.concept_id),
    );
    const mine = deliveries.filter((d) => (d.body as { concept_id?: string }).concept_id === body.concept_id);
    expect(mine.map((d) => d.body)).toEqual([
      { type: "concept.validate", concept_id: body.concept_id, concept },
    ]);
  });

  it("offline: every provider unreachable → plain words and kind network, still 202", async () => {
    const response = await post(
      { concept: uniqueConcept("golden cross offline") },
      {
        bindings: {
          // Port 9 (discard) on loopback: nothing listens, the connection is refused like an offline host.
          WIKIPEDIA_API_URL: "http://127.0.0.1:9/w/api.php",
          ARXIV_API_URL: "http://127.0.0.1:9/api/query",
          TAVILY_API_URL: "http://127.0.0.1:9/search",
          CACHE_TTL_S: "0",
        },
      },
    );
    expect(response.status).toBe(202);
    const body = edgeResponseSchema.parse(await response.json());
    expect(body.urls).toEqual([]);
    expect(body.errors).toHaveLength(3);
    for (const error of body.errors ?? []) {
      expect(error.kind).toBe("network");
      expect(error.message).toMatch(/^could not reach 127\.0\.0\.1:9: (no network|connection refused)/);
    }
  });

  it("the only enabled provider timing out is a network error, still 202", async () => {
    const response = await post(
      { concept: uniqueConcept("wikihang only") },
      { bindings: { PROVIDERS: "wikipedia", PROVIDER_TIMEOUT_MS: "300" } },
    );
    expect(response.status).toBe(202);
    const body = edgeResponseSchema.parse(await response.json());
    expect(body.errors).toEqual([
      { provider: "wikipedia", message: expect.stringMatching(/timed out after 300 ms$/), kind: "network" },
    ]);
  });
});
