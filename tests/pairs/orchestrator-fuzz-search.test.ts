import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bearerAuth,
  FUZZ_RUNS,
  fc,
  fuzzEndpoint,
  headersArbitrary,
  requestArbitrary,
  requestInit,
} from "@qp/testing/fuzz";
import { createLanceDbStore, type VectorStore } from "@qp/vector-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedViaParser } from "../../services/orchestrator/src/embed-client.ts";
import { createHarness, type Harness } from "../../services/orchestrator/test/support/harness.ts";
import { ensureModel } from "../../services/parser/scripts/fetch-model.ts";
import { createEmbedder } from "../../services/parser/src/embedder.ts";
import { crawlResult, post, type RunningParser, startParser } from "../../services/parser/test/helpers.ts";

/**
 * Issue 12 fuzzing of `GET /api/search` in process: the orchestrator app over real Redis, queries embedded by the
 * real parser over loopback HTTP (as in production), chunks in LanceDB ingested through that parser. The auth
 * header is set in one place: `required` turns true once API_KEY lands on the query API.
 */
const API_KEY = "fuzz-api-key-0123456789";
const AUTH = bearerAuth(API_KEY, true);

let dir: string;
let store: VectorStore;
let parser: RunningParser;
let harness: Harness;
let conceptId: string;
beforeAll(async () => {
  const modelDir = process.env.MODEL_DIR ?? (await ensureModel());
  dir = await mkdtemp(join(tmpdir(), "qp-search-fuzz-"));
  store = createLanceDbStore({ path: dir });
  parser = await startParser({ store, embedder: createEmbedder({ modelDir }), ingest: { maxChunks: 2 } });
  const message = await crawlResult(
    "https://example.com/golden-cross",
    "A golden cross is a moving average crossover.",
  );
  conceptId = message.concept_id;
  expect((await post(`${parser.url}/parse`, message)).status).toBe(200);
  harness = createHarness({
    search: { vectorStore: store, embed: embedViaParser(parser.url) },
    apiKey: API_KEY,
  });
}, 180_000);
afterAll(async () => {
  await harness?.close();
  await parser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const value = fc.oneof(
  fc.constantFrom("golden cross", "momentum", " ", "", "0", "-1", "51", "10", "1e3", "NaN", "x".repeat(501)),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
);
/**
 * Query strings. One in ~16 is well-formed with any `q` (it reaches the real embedder: weird Unicode, lone
 * surrogates' replacements, control characters); the rest are hostile: pairs of q/concept/limit with any value,
 * plus one thing the schema must refuse (an unknown or repeated-empty key, a bad limit), so 10,000 runs do not
 * spend the CI budget embedding.
 */
const wellFormed = fc
  .record(
    {
      q: fc.oneof(value, fc.string({ unit: "binary", minLength: 1, maxLength: 40 })),
      concept: fc.oneof(fc.constant("CONCEPT"), fc.stringMatching(/^[0-9a-f]{24}$/)),
      limit: fc.integer({ min: 1, max: 50 }).map(String),
    },
    { requiredKeys: ["q"] },
  )
  .map((fields) => Object.entries(fields) as Array<[string, string]>);
const hostile = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom("q", "concept", "limit"), value), { maxLength: 3 }),
    fc.oneof(
      fc.tuple(
        fc.string({ minLength: 1, maxLength: 8 }).filter((key) => !["q", "concept", "limit"].includes(key)),
        value,
      ),
      fc.tuple(fc.constant("limit"), fc.constantFrom("0", "51", "-1", "1.5", "ten", "", "1e3")),
      fc.tuple(fc.constant("q"), fc.constantFrom("", "   ", "x".repeat(501))),
    ),
  )
  .map(([pairs, bad]) => [...pairs, bad] as Array<[string, string]>);
const query = () =>
  fc
    .oneof({ weight: 1, arbitrary: wellFormed }, { weight: 15, arbitrary: hostile })
    .map((pairs) => pairs.map(([key, v]) => [key, v === "CONCEPT" ? conceptId : v] as [string, string]))
    .map((pairs) => ({ method: "GET", path: `/api/search?${new URLSearchParams(pairs).toString()}` }));

describe("fuzz GET /api/search", () => {
  it(`${FUZZ_RUNS} generated queries and headers: no 5xx, every 4xx an envelope, heap flat`, async () => {
    const report = await fuzzEndpoint({
      name: "GET /api/search",
      auth: AUTH,
      arbitrary: requestArbitrary(
        fc.constant(undefined),
        headersArbitrary(["x-api-key", "authorization"]),
        query(),
      ),
      send: (request) =>
        harness.app.request(
          `http://orchestrator.test${request.path}`,
          requestInit(request, AUTH, { method: "GET" }),
        ),
    });
    console.log(`orchestrator /api/search fuzz: ${JSON.stringify(report)}`);
    expect(report.statuses[200] ?? 0).toBeGreaterThan(0);
    expect(report.statuses[400] ?? 0).toBeGreaterThan(0);
    expect(report.heapGrowth as number).toBeLessThan(64 * 1024 * 1024);
  }, 600_000);
});
