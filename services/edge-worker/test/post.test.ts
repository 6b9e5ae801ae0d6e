import { edgeResponseSchema, pipelineMessageSchema } from "@qp/schema";
import { describe, expect, inject, it } from "vitest";
import { post, seen, uniqueConcept, waitForDeliveries } from "./helpers.ts";

const qstashProblem = inject("qstashProblem");
if (qstashProblem) console.warn(`edge-worker publishing tests skipped: ${qstashProblem}`);

/** The fixture answers, merged by the documented ranking (see src/discover.ts). */
const EXPECTED_URLS = [
  "https://arxiv.org/abs/2104.01234", // arXiv q-fin leads, version stripped
  "https://en.wikipedia.org/wiki/Moving_average_crossover",
  "https://example.org/pairs?id=3", // normalised: scheme/host case, :443, utm_*, gclid, fragment
  "https://arxiv.org/abs/1605.08386", // arXiv's non-q-fin hit trails the rotation
  "https://arxiv.org/abs/1901.05432", // q-fin.ST as a secondary category still counts as q-fin
  "https://en.wikipedia.org/wiki/Technical_analysis",
  // Tavily's 2nd hit is Moving_average_crossover again (host case, fbclid): deduplicated, not repeated.
  "https://en.wikipedia.org/wiki/Pairs_trade",
  "https://www.investopedia.com/terms/g/goldencross.asp",
];

describe.skipIf(Boolean(qstashProblem))("POST / against qstash-local", () => {
  it("discovers, normalises, ranks and publishes one concept.url per URL plus one concept.validate", async () => {
    const concept = uniqueConcept("golden cross momentum");
    const response = await post({ concept });
    expect(response.status).toBe(202);
    const body = edgeResponseSchema.parse(await response.json());
    expect(body.urls).toEqual(EXPECTED_URLS);
    expect(body.stored).toBe(EXPECTED_URLS.length);
    expect(body.errors).toBeUndefined();
    expect(body.concept_id).toMatch(/^[0-9a-f]{24}$/);

    const deliveries = await waitForDeliveries(
      (all) =>
        all.filter((d) => (d.body as { concept_id?: string }).concept_id === body.concept_id).length >= 9,
    );
    const mine = deliveries
      .filter((d) => (d.body as { concept_id?: string }).concept_id === body.concept_id)
      .map((d) => ({ ...d, message: pipelineMessageSchema.parse(d.body) }));
    expect(mine.every((d) => d.signed)).toBe(true);
    const urlMessages = mine.flatMap((d) => (d.message.type === "concept.url" ? [d.message] : []));
    expect(urlMessages.map((m) => m.url).sort()).toEqual([...EXPECTED_URLS].sort());
    expect(new Set(urlMessages.map((m) => m.discovered_by))).toEqual(
      new Set(["arxiv", "wikipedia", "tavily"]),
    );
    expect(urlMessages.find((m) => m.url === "https://example.org/pairs?id=3")?.discovered_by).toBe("tavily");
    const validate = mine.filter((d) => d.message.type === "concept.validate");
    expect(validate).toHaveLength(1);
    expect(validate[0]?.message).toEqual({ type: "concept.validate", concept_id: body.concept_id, concept });
  });

  it("is idempotent: a re-post (any case and spacing) stores nothing new and answers the same", async () => {
    const concept = uniqueConcept("Mean reversion pairs");
    const first = edgeResponseSchema.parse(await (await post({ concept })).json());
    expect(first.stored).toBe(EXPECTED_URLS.length);
    const again = await post({ concept: `  ${concept.toUpperCase().replace(/ /g, "   ")} ` });
    expect(again.status).toBe(202);
    const second = edgeResponseSchema.parse(await again.json());
    expect(second).toEqual({ ...first, stored: 0 });
  });

  it("caps the URLs at MAX_URLS (default 10, or the configured value)", async () => {
    const many = edgeResponseSchema.parse(
      await (await post({ concept: uniqueConcept("manyresults") })).json(),
    );
    expect(many.urls).toHaveLength(10);
    expect(many.stored).toBe(10);
    expect(new Set(many.urls).size).toBe(10);

    const capped = await post({ concept: uniqueConcept("golden cross") }, { bindings: { MAX_URLS: "3" } });
    const body = edgeResponseSchema.parse(await capped.json());
    expect(body.urls).toEqual(EXPECTED_URLS.slice(0, 3));
    expect(body.stored).toBe(3);
  });

  it("sends the descriptive User-Agent to every provider and Tavily's key only to Tavily", async () => {
    const concept = uniqueConcept("user agent check");
    expect((await post({ concept })).status).toBe(202);
    const marker = concept.split(" ").at(-1)!;
    const requests = (await seen()).seen.filter((r) => decodeURIComponent(r.query).includes(marker));
    expect(new Set(requests.map((r) => r.provider))).toEqual(new Set(["wikipedia", "arxiv", "tavily"]));
    for (const r of requests) {
      expect(r.userAgent).toMatch(/^qstash-pipeline-edge\/\d+\.\d+ \(https:\/\/[^;]+; [^@\s]+@[^)\s]+\)/);
      expect(r.authorization).toBe(r.provider === "tavily");
    }
  });

  it("skips Tavily when its key is not set (no request, no error)", async () => {
    const concept = uniqueConcept("no tavily key");
    const response = await post({ concept }, { bindings: { TAVILY_API_KEY: "" } });
    const body = edgeResponseSchema.parse(await response.json());
    expect(body.errors).toBeUndefined();
    expect(body.urls).not.toContain("https://example.org/pairs?id=3");
    const marker = concept.split(" ").at(-1)!;
    expect((await seen()).seen.filter((r) => r.provider === "tavily" && r.query.includes(marker))).toEqual(
      [],
    );
  });

  it("answers a repeated concept from the Cache API: Wikipedia and arXiv are asked once, Tavily (POST) twice", async () => {
    const concept = uniqueConcept("cached discovery");
    const first = edgeResponseSchema.parse(await (await post({ concept })).json());
    const second = edgeResponseSchema.parse(await (await post({ concept })).json());
    expect(second.urls).toEqual(first.urls);
    const marker = concept.split(" ").at(-1)!;
    const count = async (provider: string) =>
      (await seen()).seen.filter(
        (r) => r.provider === provider && decodeURIComponent(r.query).includes(marker),
      ).length;
    expect(await count("wikipedia")).toBe(1);
    expect(await count("arxiv")).toBe(1);
    expect(await count("tavily")).toBe(2);

    await post({ concept }, { bindings: { CACHE_TTL_S: "0" } });
    expect(await count("wikipedia")).toBe(2);
  });
});
