import { crawlResultMessageSchema } from "@qp/schema";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createHarness,
  deliverOutcomes,
  type Harness,
  settledSource,
} from "../../services/orchestrator/test/support/harness.ts";
import { ensureModel } from "../../services/parser/scripts/fetch-model.ts";
// The real parser service (its app, embedder and fixture extraction), reached over HTTP on loopback exactly
// as in production; no stand-in here.
import { createEmbedder } from "../../services/parser/src/embedder.ts";
import { extractFixture } from "../../services/parser/test/extract.ts";
import { crawlResult, type RunningParser, startParser } from "../../services/parser/test/helpers.ts";

let parser: RunningParser;
let harness: Harness;

beforeAll(async () => {
  const modelDir = process.env.MODEL_DIR ?? (await ensureModel());
  parser = await startParser({
    embedder: createEmbedder({ modelDir }),
    ingest: { maxChunks: 8 },
    jobs: { redisUrl: inject("redisUrl"), publish: deliverOutcomes(() => harness) },
  });
  harness = createHarness({ parserUrl: parser.url, parserTimeoutMs: 60_000 });
});
afterAll(async () => {
  await harness?.close();
  await parser?.close();
});

describe("crawl.result through the real parser", () => {
  it("a fixture page is chunked, embedded and stored; the concept shows it parsed with the chunk count", async () => {
    const page = extractFixture("wikipedia-3");
    const message = await crawlResult(page.url, page.text, { title: page.title, concept: "fixture concept" });
    const response = await harness.deliver(message);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { status: string } }).result.status).toBe("crawled");
    // The parser's page.parsed comes back through /api/qstash once the page is stored.
    const source = await settledSource(harness, message.concept_id, page.url);
    expect(source.status).toBe("parsed");
    expect(source.chunks).toBeGreaterThan(0);
    expect(await parser.store.countDocuments({ conceptId: message.concept_id })).toBe(source.chunks);

    const view = await (
      await harness.app.request(`http://orchestrator.test/api/concepts/${message.concept_id}`)
    ).json();
    expect(view.sources[0]).toMatchObject({
      url: page.url,
      status: "parsed",
      title: page.title,
      chunks: source.chunks,
    });
  });

  it("content the parser can never use (whitespace) → 489 and the URL failed with the parser's reason", async () => {
    const message = crawlResultMessageSchema.parse(
      await crawlResult("https://fixtures.example/blank", " \n\t ", { concept: "fixture concept" }),
    );
    const response = await harness.deliver(message);
    expect(response.status).toBe(489);
    const view = await (
      await harness.app.request(`http://orchestrator.test/api/concepts/${message.concept_id}`)
    ).json();
    expect(view.failures).toEqual([
      expect.objectContaining({
        url: "https://fixtures.example/blank",
        status_code: 422,
        reason: expect.stringContaining("empty"),
      }),
    ]);
  });
});
