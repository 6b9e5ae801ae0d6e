import { conceptIdOf, type PipelineMessage } from "@qp/schema";
import { listen, type RunningServer } from "@qp/service-kit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createHarness,
  deliverOutcomes,
  type Harness,
  settledSource,
} from "../../services/orchestrator/test/support/harness.ts";
import { ensureModel } from "../../services/parser/scripts/fetch-model.ts";
import { createEmbedder } from "../../services/parser/src/embedder.ts";
import { extractFixture } from "../../services/parser/test/extract.ts";
import { crawlResult, type RunningParser, startParser } from "../../services/parser/test/helpers.ts";
import type { BacktestSink } from "../../services/validator/src/backtest/service.ts";
import { createEngines } from "../../services/validator/src/engine/select.ts";
import { testApp } from "../../services/validator/test/helpers.ts";

/**
 * The same concept posted twice, after QStash's deduplication window (so every message arrives again under a
 * new message id): one crawl job, the same chunks, the same back-test results. Real parser (model, LanceDB),
 * real validator writing to that same store, real Redis.
 */
const CONCEPT = "golden cross 50/200 on SPY";
const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
let parser: RunningParser;
let validator: RunningServer;
let harness: Harness;

beforeAll(async () => {
  const modelDir = process.env.MODEL_DIR ?? (await ensureModel());
  parser = await startParser({
    embedder: createEmbedder({ modelDir }),
    ingest: { maxChunks: 8 },
    jobs: { redisUrl: inject("redisUrl"), publish: deliverOutcomes(() => harness) },
  });
  await parser.store.init();
  const validatorApp = testApp(engines, { sink: parser.store as unknown as BacktestSink });
  validator = await listen(validatorApp.fetch, { port: 0, hostname: "127.0.0.1" });
  harness = createHarness({
    parserUrl: parser.url,
    validatorUrl: validator.url,
    parserTimeoutMs: 60_000,
    validatorTimeoutMs: 60_000,
  });
});
afterAll(async () => {
  await harness?.close();
  await validator?.close();
  await parser?.close();
  await engines.close();
});

describe("the same concept posted twice", () => {
  it("queues one crawl, stores the same chunks and the same back-test results", async () => {
    const conceptId = await conceptIdOf(CONCEPT);
    const page = extractFixture("wikipedia-3");
    const messages: PipelineMessage[] = [
      {
        type: "concept.url",
        concept_id: conceptId,
        concept: CONCEPT,
        url: page.url,
        discovered_by: "fixtures",
      },
      await crawlResult(page.url, page.text, { title: page.title, concept: CONCEPT }),
      {
        type: "concept.validate",
        concept_id: conceptId,
        concept: CONCEPT,
        strategy: { name: "sma_crossover", params: { fast: 50, slow: 200 } },
      },
    ];
    const post = async (round: number) => {
      for (const [index, message] of messages.entries()) {
        const response = await harness.deliver(message, { messageId: `msg_twice_${round}_${index}` });
        expect(response.status).toBe(200);
        if (message.type === "crawl.result") await settledSource(harness, conceptId, page.url);
      }
      const view = await (
        await harness.app.request(`http://orchestrator.test/api/concepts/${conceptId}`)
      ).json();
      return {
        view,
        documents: await parser.store.countDocuments({ conceptId }),
        backtests: await parser.store.countBacktests({ conceptId }),
        queued: await harness.redis.llen("start_urls"),
      };
    };

    const first = await post(1);
    expect(first.documents).toBeGreaterThan(0);
    expect(first.documents).toBe(first.view.chunks_total);
    expect(first.backtests).toBeGreaterThan(0);
    expect(first.queued).toBe(1);
    expect(first.view.validation.status).toBe("completed");
    expect(first.view.status).toBe("done");

    const second = await post(2);
    expect(second.documents).toBe(first.documents);
    expect(second.backtests).toBe(first.backtests);
    expect(second.queued).toBe(1); // the known URL was not queued for a second crawl
    expect(second.view.counts.total).toBe(1);
    expect(second.view.chunks_total).toBe(first.view.chunks_total);
    expect(second.view.status).toBe("done");
  });
});
