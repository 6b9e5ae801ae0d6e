import { freePort } from "@qp/testing";
import { describe, expect, it } from "vitest";
import { createVectorStore, createWeaviateStore, vectorStoreEnvSchema } from "../src/index.ts";
import { doc, expectTransient, storeContract } from "./contract.ts";

const url = process.env.WEAVIATE_URL;
if (!url) {
  console.warn(
    "vector-store: Weaviate contract suite SKIPPED: WEAVIATE_URL is not set (no Weaviate server here); " +
      "set WEAVIATE_URL (and WEAVIATE_GRPC_URL / WEAVIATE_API_KEY as needed) to run it",
  );
}

describe.skipIf(!url)("Weaviate (WEAVIATE_URL set)", () => {
  storeContract("Weaviate", async () => createVectorStore(vectorStoreEnvSchema.parse(process.env)));
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
    await store.close();
  });

  it("is chosen when WEAVIATE_URL is set", () => {
    const store = createVectorStore(vectorStoreEnvSchema.parse({ WEAVIATE_URL: "http://127.0.0.1:1" }));
    expect(store.kind).toBe("weaviate");
  });
});
