import { randomBytes } from "node:crypto";
import { EMBEDDING_DIM, type EmbeddingObject } from "@qp/schema";
import { TransientError } from "@qp/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BacktestRecord, type VectorStore, VectorStoreInputError } from "../src/index.ts";

/** A deterministic unit vector pointing mostly along `axis` (so nearest-neighbour answers are known). */
export function axisVector(axis: number, wobble = 0): number[] {
  const vector = Array.from({ length: EMBEDDING_DIM }, (_, index) =>
    index === axis ? 1 : wobble * ((index % 7) - 3),
  );
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

const conceptId = () => randomBytes(12).toString("hex");

export function doc(
  concept_id: string,
  url: string,
  chunk_index: number,
  axis: number,
  text?: string,
): EmbeddingObject {
  return {
    text: text ?? `chunk ${chunk_index} of ${url}`,
    embedding: axisVector(axis, 0.002),
    source_url: url,
    concept: "golden cross",
    concept_id,
    chunk_index,
    title: `Title of ${url}`,
    processed_at: "2026-11-28T20:00:00.000Z",
    parser_version: "test-1",
  };
}

function backtest(concept_id: string, portfolio_id: string, total_return: number): BacktestRecord {
  return {
    concept_id,
    concept: "golden cross",
    portfolio_id,
    strategy: "sma_crossover",
    params: { fast: 50, slow: 200 },
    symbol: "SPY",
    initial_cash: 100,
    final_value: 100 * (1 + total_return),
    total_return,
    sharpe_ratio: portfolio_id.endsWith("flat") ? null : 1.25,
    max_drawdown: -0.2,
    trades_count: 7,
    gpu_accelerated: false,
    engine: "native",
    computation_time: 0.01,
  };
}

/**
 * The one contract every VectorStore implementation passes. Every test uses its own random concept id and
 * filters by it, so the suite can run against a shared, non-empty store (a real Weaviate).
 */
export function storeContract(name: string, make: () => Promise<VectorStore>): void {
  describe(`VectorStore contract: ${name}`, () => {
    let store: VectorStore;
    beforeAll(async () => {
      store = await make();
      await store.init();
    });
    afterAll(async () => store?.close());

    it("upserts documents and finds the nearest one within a concept", async () => {
      const concept = conceptId();
      const other = conceptId();
      await store.upsertDocuments([
        doc(concept, "https://a.example/1", 0, 1),
        doc(concept, "https://a.example/1", 1, 2),
        doc(concept, "https://a.example/2", 0, 3),
        doc(other, "https://b.example/1", 0, 2),
      ]);
      expect(await store.countDocuments({ conceptId: concept })).toBe(3);
      const hits = await store.searchDocuments(axisVector(2), { conceptId: concept, limit: 2 });
      expect(hits).toHaveLength(2);
      expect(hits[0]).toMatchObject({
        source_url: "https://a.example/1",
        chunk_index: 1,
        concept_id: concept,
      });
      expect(hits[0]?.title).toBe("Title of https://a.example/1");
      expect(hits[0]?.score).toBeGreaterThan(0.99);
      expect(hits[0]?.score ?? 0).toBeGreaterThan(hits[1]?.score ?? 1);
      expect(hits.every((hit) => hit.concept_id === concept)).toBe(true);
    });

    it("is idempotent: the same chunk written twice is one object, the second write wins", async () => {
      const concept = conceptId();
      await store.upsertDocuments([doc(concept, "https://c.example/", 0, 5, "first")]);
      await store.upsertDocuments([doc(concept, "https://c.example/", 0, 5, "second")]);
      expect(await store.countDocuments({ conceptId: concept })).toBe(1);
      const [hit] = await store.searchDocuments(axisVector(5), { conceptId: concept, limit: 5 });
      expect(hit?.text).toBe("second");
    });

    it("deletes the stale chunks of a page that got shorter, and only those", async () => {
      const concept = conceptId();
      const url = "https://d.example/page";
      await store.upsertDocuments([0, 1, 2, 3].map((index) => doc(concept, url, index, index + 10)));
      await store.upsertDocuments([doc(concept, "https://d.example/other", 3, 20)]);
      expect(await store.deleteStaleChunks(concept, url, 2)).toBe(2);
      expect(await store.countDocuments({ conceptId: concept, sourceUrl: url })).toBe(2);
      expect(await store.countDocuments({ conceptId: concept })).toBe(3);
    });

    it("writes two chunks with one id in one call once, the later one winning", async () => {
      const concept = conceptId();
      const url = "https://g.example/";
      const result = await store.upsertDocuments([
        doc(concept, url, 0, 6, "earlier"),
        doc(concept, url, 1, 8),
        doc(concept, url, 0, 7, "later"),
      ]);
      expect(result).toEqual({ written: 2 });
      expect(await store.countDocuments({ conceptId: concept })).toBe(2);
      const [hit] = await store.searchDocuments(axisVector(7), { conceptId: concept, limit: 1 });
      expect(hit).toMatchObject({ chunk_index: 0, text: "later" });
    });

    it("refuses a concept id that is not one as bad input on every call that takes one", async () => {
      const bad = "golden cross";
      for (const call of [
        () => store.searchDocuments(axisVector(1), { conceptId: bad, limit: 1 }),
        () => store.countDocuments({ conceptId: bad }),
        () => store.deleteStaleChunks(bad, "https://h.example/", 0),
        () => store.listBacktests({ conceptId: bad }),
        () => store.countBacktests({ conceptId: bad }),
      ])
        await expect(call()).rejects.toThrow(VectorStoreInputError);
    });

    it("refuses a wrong-dimension embedding and writes nothing of that call", async () => {
      const concept = conceptId();
      const bad = { ...doc(concept, "https://e.example/", 1, 1), embedding: [0.1, 0.2, 0.3] };
      await expect(store.upsertDocuments([doc(concept, "https://e.example/", 0, 1), bad])).rejects.toThrow(
        VectorStoreInputError,
      );
      await expect(store.upsertDocuments([doc(concept, "https://e.example/", 0, 1), bad])).rejects.toThrow(
        /384/,
      );
      expect(await store.countDocuments({ conceptId: concept })).toBe(0);
      await expect(store.searchDocuments([1, 2, 3], { limit: 1 })).rejects.toThrow(VectorStoreInputError);
    });

    it("keeps back-test results per concept, upserted by portfolio id", async () => {
      const concept = conceptId();
      await store.upsertBacktests([backtest(concept, "p-1", 0.1), backtest(concept, "p-flat", 0)]);
      await store.upsertBacktests([backtest(concept, "p-1", 0.3)]);
      expect(await store.countBacktests({ conceptId: concept })).toBe(2);
      const records = await store.listBacktests({ conceptId: concept });
      const byId = new Map(records.map((record) => [record.portfolio_id, record]));
      expect(byId.get("p-1")).toMatchObject({
        total_return: 0.3,
        params: { fast: 50, slow: 200 },
        sharpe_ratio: 1.25,
      });
      expect(byId.get("p-flat")?.sharpe_ratio).toBeNull();
      await expect(
        store.upsertBacktests([{ ...backtest(concept, "x", 0), max_drawdown: 0.5 }]),
      ).rejects.toThrow(VectorStoreInputError);
    });

    it("reports itself healthy", async () => {
      expect((await store.health()).status).toBe("healthy");
    });
  });
}

/** Errors a down store must raise: transient (HTTP 503 upstream), never a silent success. */
export async function expectTransient(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(TransientError);
}
