import { randomBytes } from "node:crypto";
import { freePort } from "@qp/testing";
import { describe, expect, it } from "vitest";
import weaviate from "weaviate-client";
import {
  createVectorStore,
  createWeaviateStore,
  VectorStoreInputError,
  vectorStoreEnvSchema,
  type WeaviateStoreOptions,
  weaviateConnectOptions,
  weaviateOptionsFromEnv,
} from "../src/index.ts";
import { axisVector, doc, expectTransient, storeContract } from "./contract.ts";

const url = process.env.WEAVIATE_URL;
if (!url) {
  console.warn(
    "vector-store: Weaviate contract suite SKIPPED: WEAVIATE_URL is not set (no Weaviate server here); " +
      "set WEAVIATE_URL (and WEAVIATE_GRPC_URL / WEAVIATE_API_KEY as needed) to run it",
  );
}

describe.skipIf(!url)("Weaviate (WEAVIATE_URL set)", () => {
  storeContract("Weaviate", async () => createVectorStore(vectorStoreEnvSchema.parse(process.env)));

  it("writes an upsert of many batches, sent side by side, whole", async () => {
    const env = vectorStoreEnvSchema.parse(process.env);
    const store = createWeaviateStore({
      ...weaviateOptionsFromEnv({ ...env, WEAVIATE_URL: env.WEAVIATE_URL as string }),
      batchSize: 3,
      batchesInFlight: 2,
    });
    try {
      const concept = randomBytes(12).toString("hex");
      const docs = Array.from({ length: 11 }, (_, index) => doc(concept, "https://m.example/", index, index));
      expect(await store.upsertDocuments(docs)).toEqual({ written: 11 });
      expect(await store.countDocuments({ conceptId: concept })).toBe(11);
      const [hit] = await store.searchDocuments(axisVector(10), { conceptId: concept, limit: 1 });
      expect(hit?.chunk_index).toBe(10);
    } finally {
      await store.close();
    }
  });

  it("retries objects the server rejects one by one, then reports them and how many were written", async () => {
    const env = vectorStoreEnvSchema.parse(process.env);
    const settings: WeaviateStoreOptions = weaviateOptionsFromEnv({
      ...env,
      WEAVIATE_URL: env.WEAVIATE_URL as string,
    });
    const suffix = randomBytes(4).toString("hex");
    const names = { document: `DocumentConflict${suffix}`, backtest: `BacktestConflict${suffix}` };
    const client = await weaviate.connectToCustom(weaviateConnectOptions(settings));
    // A collection made by someone else with chunk_index as text: the server rejects each of our objects.
    await client.collections.create({
      name: names.document,
      properties: [{ name: "chunk_index", dataType: "text" }],
      vectorizers: weaviate.configure.vectors.selfProvided(),
    });
    const store = createWeaviateStore({ ...settings, collections: names, maxAttempts: 2 });
    try {
      const concept = randomBytes(12).toString("hex");
      const docs = [doc(concept, "https://r.example/", 0, 1), doc(concept, "https://r.example/", 1, 2)];
      await expectTransient(store.upsertDocuments(docs));
      await expect(store.upsertDocuments(docs)).rejects.toThrow(
        /2 objects not written after 2 tries \(0 of 2 written\)/,
      );
    } finally {
      await store.close();
      await client.collections.delete(names.document);
      await client.collections.delete(names.backtest);
      await client.close();
    }
  });
});

describe("Weaviate adapter against a port where nothing listens (a real refused connection)", () => {
  it("fails transiently and reports unhealthy, never pretends to have written", async () => {
    const port = await freePort();
    const store = createWeaviateStore({
      url: `http://127.0.0.1:${port}`,
      grpcPort: await freePort(),
      apiKey: "s3cret-key",
    });
    expect(store.kind).toBe("weaviate");
    await expectTransient(store.upsertDocuments([doc("d".repeat(24), "https://w.example/", 0, 1)]));
    const health = await store.health();
    expect(health.status).toBe("unhealthy");
    expect(JSON.stringify(health)).not.toContain("s3cret-key");
    // Bad input stays bad input while the store is down: a 503 would have QStash retry it for nothing.
    await expect(store.searchDocuments(axisVector(1), { conceptId: "golden", limit: 1 })).rejects.toThrow(
      VectorStoreInputError,
    );
    await expect(store.deleteStaleChunks("golden", "https://w.example/", 0)).rejects.toThrow(
      VectorStoreInputError,
    );
    await store.close();
  });

  it("is chosen when WEAVIATE_URL is set", () => {
    const store = createVectorStore(vectorStoreEnvSchema.parse({ WEAVIATE_URL: "http://127.0.0.1:1" }));
    expect(store.kind).toBe("weaviate");
  });
});
