import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createLanceDbStore, createVectorStore, vectorStoreEnvSchema } from "../src/index.ts";
import { axisVector, doc, expectTransient, storeContract } from "./contract.ts";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "qp-lancedb-"));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

storeContract("LanceDB", async () => createLanceDbStore({ path: await tempDir() }));

describe("LanceDB specifics", () => {
  it("is the default when WEAVIATE_URL is unset, at VECTOR_DB_PATH", async () => {
    const path = await tempDir();
    const store = createVectorStore(vectorStoreEnvSchema.parse({ VECTOR_DB_PATH: path }));
    expect(store.kind).toBe("lancedb");
    await store.close();
  });

  it("keeps data across reopening the folder", async () => {
    const path = await tempDir();
    const first = createLanceDbStore({ path });
    await first.upsertDocuments([doc("a".repeat(24), "https://x.example/", 0, 1)]);
    await first.close();
    const second = createLanceDbStore({ path });
    expect(await second.countDocuments({ conceptId: "a".repeat(24) })).toBe(1);
    await second.close();
  });

  it("sees what another store instance (another process) wrote to the same folder", async () => {
    const path = await tempDir();
    const reader = createLanceDbStore({ path });
    const writer = createLanceDbStore({ path });
    const concept = "e".repeat(24);
    expect(await reader.countDocuments({ conceptId: concept })).toBe(0);
    await writer.upsertDocuments([doc(concept, "https://v.example/", 0, 3)]);
    expect(await reader.countDocuments({ conceptId: concept })).toBe(1);
    const [hit] = await reader.searchDocuments(axisVector(3), { conceptId: concept, limit: 1 });
    expect(hit?.source_url).toBe("https://v.example/");
    await Promise.all([reader.close(), writer.close()]);
  });

  it("answers an unusable folder with a transient error and an unhealthy status", async () => {
    const file = join(await tempDir(), "not-a-dir");
    await writeFile(file, "x");
    const store = createLanceDbStore({ path: file });
    await expectTransient(store.upsertDocuments([doc("b".repeat(24), "https://y.example/", 0, 1)]));
    expect((await store.health()).status).toBe("unhealthy");
    await store.close();
  });

  it("serialises concurrent upserts to one table without losing any", async () => {
    const store = createLanceDbStore({ path: await tempDir() });
    const concept = "c".repeat(24);
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        store.upsertDocuments([doc(concept, `https://z.example/${index}`, 0, index)]),
      ),
    );
    expect(await store.countDocuments({ conceptId: concept })).toBe(8);
    await store.close();
  });
});

describe("vector store env", () => {
  it("accepts URLs and bare host:port for the Weaviate endpoints, and refuses junk", () => {
    const env = vectorStoreEnvSchema.parse({
      WEAVIATE_URL: "http://127.0.0.1:8080",
      WEAVIATE_GRPC_URL: "127.0.0.1:50051",
    });
    expect(env.WEAVIATE_GRPC_URL).toBe("http://127.0.0.1:50051");
    expect(vectorStoreEnvSchema.parse({ WEAVIATE_URL: "weaviate:8080" }).WEAVIATE_URL).toBe(
      "http://weaviate:8080",
    );
    // One folder for every service, whatever its working directory: <repo>/.data/lancedb.
    const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
    expect(vectorStoreEnvSchema.parse({}).VECTOR_DB_PATH).toBe(join(repoRoot, ".data", "lancedb"));
    expect(() => vectorStoreEnvSchema.parse({ WEAVIATE_URL: "ftp://x" })).toThrow();
  });
});
