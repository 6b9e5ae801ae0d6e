import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { searchAnswerSchema } from "@qp/schema";
import { createLogger, installServiceBasics, listen, type ServiceEnv } from "@qp/service-kit";
import {
  createLanceDbStore,
  createVectorStore,
  type VectorStore,
  vectorStoreEnvSchema,
} from "@qp/vector-store";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedViaParser } from "../../services/orchestrator/src/embed-client.ts";
import { createSearchRoutes } from "../../services/orchestrator/src/routes/search.ts";
import { ensureModel } from "../../services/parser/scripts/fetch-model.ts";
// The real parser (its app, embedder and fixture extraction), reached by path: the orchestrator talks to it
// over HTTP in production, exactly as this test does.
import { createEmbedder } from "../../services/parser/src/embedder.ts";
import { extractFixture } from "../../services/parser/test/extract.ts";
import { crawlResult, post, type RunningParser, startParser } from "../../services/parser/test/helpers.ts";

const PAGES = ["webmd-1", "ars-1", "v8-blog", "wikipedia-3"] as const;

describe("GET /api/search over pages ingested through the real parser", () => {
  let dir: string;
  let store: VectorStore;
  let parser: RunningParser;
  let api: { url: string; close: () => Promise<void> };
  let conceptId: string;

  beforeAll(async () => {
    const modelDir = process.env.MODEL_DIR ?? (await ensureModel());
    dir = await mkdtemp(join(tmpdir(), "qp-search-"));
    // LanceDB in a temp folder; the deployment's Weaviate when WEAVIATE_URL is set (every query is concept-scoped).
    store = process.env.WEAVIATE_URL
      ? createVectorStore(vectorStoreEnvSchema.parse(process.env))
      : createLanceDbStore({ path: dir });
    parser = await startParser({ store, embedder: createEmbedder({ modelDir }), ingest: { maxChunks: 8 } });
    for (const name of PAGES) {
      const page = extractFixture(name);
      const message = await crawlResult(page.url, page.text, { title: page.title, concept: "fixture pages" });
      conceptId = message.concept_id;
      const response = await post(`${parser.url}/parse`, message);
      expect(response.status).toBe(200);
    }
    const app = new Hono<ServiceEnv>();
    installServiceBasics(app, createLogger({ service: "search-test", level: "warn" }));
    app.route("/api", createSearchRoutes({ vectorStore: store, embed: embedViaParser(parser.url) }));
    api = await listen(app.fetch, { port: 0, hostname: "127.0.0.1" });
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    await parser?.close(); // closes the shared store too
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ["do babies who eat peanuts early avoid allergies?", "webmd-1"],
    ["a bug that lets attackers crash Minecraft game servers", "ars-1"],
    ["compiling C to a WebAssembly file that runs without JavaScript", "v8-blog"],
    ["complex square matrix equal to its own conjugate transpose", "wikipedia-3"],
  ])("%s → the %s page ranks first", async (q, page) => {
    const response = await fetch(
      `${api.url}/api/search?${new URLSearchParams({ q, concept: conceptId, limit: "5" })}`,
    );
    expect(response.status).toBe(200);
    const body = searchAnswerSchema.parse(await response.json());
    expect(body.count).toBeGreaterThan(0);
    expect(body.results[0]?.url).toBe(`https://fixtures.example/${page}`);
    expect(body.results[0]?.title.length).toBeGreaterThan(0);
    expect(body.results[0]?.text.length).toBeGreaterThan(0);
    const scores = body.results.map((result) => result.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("filters by concept and honours limit", async () => {
    const other = "0".repeat(24);
    const none = await (await fetch(`${api.url}/api/search?q=peanut&concept=${other}`)).json();
    expect(none).toMatchObject({ count: 0, results: [] });
    const two = (await (await fetch(`${api.url}/api/search?q=matrix&limit=2`)).json()) as { count: number };
    expect(two.count).toBe(2);
  });

  it.each([
    ["", "q missing"],
    ["?q=", "q empty"],
    [`?q=${"x".repeat(501)}`, "q too long"],
    ["?q=a&limit=0", "limit 0"],
    ["?q=a&limit=51", "limit over 50"],
    ["?q=a&concept=golden", "concept not an id"],
    ["?q=a&foo=1", "unknown parameter"],
  ])("answers 400 for %s (%s)", async (query) => {
    const response = await fetch(`${api.url}/api/search${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });

  it("answers 503 when the parser cannot embed the query", async () => {
    const app = new Hono<ServiceEnv>();
    installServiceBasics(app, createLogger({ service: "search-test", level: "fatal" }));
    app.route(
      "/api",
      createSearchRoutes({ vectorStore: store, embed: embedViaParser("http://127.0.0.1:9") }),
    );
    const response = await app.request("/api/search?q=peanut");
    expect(response.status).toBe(503);
  });
});
