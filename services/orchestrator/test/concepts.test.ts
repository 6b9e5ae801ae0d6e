import { conceptViewSchema, errorEnvelopeSchema } from "@qp/schema";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CONCEPT_ID, conceptUrl, createHarness, type Harness } from "./support/harness.ts";

let harness: Harness;
beforeEach(() => {
  harness = createHarness({});
});
afterEach(async () => {
  await harness.close();
});

const get = (id: string) => harness.app.request(`http://orchestrator.test/api/concepts/${id}`);

describe("GET /api/concepts/:id", () => {
  it("400 for a malformed id, naming the problem", async () => {
    const response = await get("not-an-id");
    expect(response.status).toBe(400);
    const envelope = errorEnvelopeSchema.parse(await response.json());
    expect(envelope.error.code).toBe("invalid_request");
    expect(envelope.error.message).toContain("24 lowercase hex");
  });

  it("404 in the envelope for an unknown concept", async () => {
    const response = await get("00000000000000000000beef");
    expect(response.status).toBe(404);
    expect(errorEnvelopeSchema.parse(await response.json()).error.code).toBe("not_found");
  });

  it("answers a concept in the contract's shape (@qp/schema conceptViewSchema)", async () => {
    await harness.deliver(conceptUrl("https://example.com/good"));
    const response = await get(CONCEPT_ID);
    expect(response.status).toBe(200);
    const view = conceptViewSchema.parse(await response.json());
    expect(view).toMatchObject({
      concept_id: CONCEPT_ID,
      counts: { discovered: 1, total: 1 },
      validation: null,
    });
    expect(view.unreadable).toBeUndefined();
  });

  it("reports values in Redis that fail validation instead of passing them on", async () => {
    await harness.deliver(conceptUrl("https://example.com/good"));
    const urlsKey = `concept:${CONCEPT_ID}:urls`;
    await harness.redis.hset(
      urlsKey,
      "https://example.com/bad",
      '{"url":"https://example.com/bad","status":"eaten"}',
    );
    await harness.redis.hset(urlsKey, "https://example.com/garbage", "{not json");
    await harness.redis.hset(`concept:${CONCEPT_ID}`, "validation", '{"status":"completed"}');
    const response = await get(CONCEPT_ID);
    expect(response.status).toBe(200);
    // Still the contract's shape: what could not be read is named in `unreadable`, not passed on.
    const view = conceptViewSchema.parse(await response.json());
    expect(view.sources.map((source) => source.url)).toEqual(["https://example.com/good"]);
    expect(view.validation).toBeNull();
    expect(view.unreadable?.map((entry) => entry.key).sort()).toEqual([
      `concept:${CONCEPT_ID}#validation`,
      `concept:${CONCEPT_ID}:urls#https://example.com/bad`,
      `concept:${CONCEPT_ID}:urls#https://example.com/garbage`,
    ]);
  });
});
