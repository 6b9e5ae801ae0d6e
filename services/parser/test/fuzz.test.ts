import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@qp/service-kit";
import {
  bearerAuth,
  bodyArbitrary,
  FUZZ_RUNS,
  type FuzzRequest,
  fc,
  fuzzEndpoint,
  headersArbitrary,
  requestArbitrary,
  requestInit,
} from "@qp/testing/fuzz";
import { createLanceDbStore, type VectorStore } from "@qp/vector-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { testEmbedder } from "./helpers.ts";

/**
 * Issue 12 fuzzing of the parser's `/parse` and `/embed` in process: the real app, the real embedding model and
 * LanceDB in a temp folder. The app requires SERVICE_TOKEN: the unauthenticated slice must be a 401 envelope.
 */
const SERVICE_TOKEN = "fuzz-service-token-0123456789";
const AUTH = bearerAuth(SERVICE_TOKEN, true);

let dir: string;
let store: VectorStore;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "qp-parser-fuzz-"));
  store = createLanceDbStore({ path: dir });
  app = createApp({
    embedder: testEmbedder(),
    store,
    logger: createLogger({ service: "parser-fuzz", level: "silent" }),
    options: { maxChunks: 2 },
    serviceToken: SERVICE_TOKEN,
  });
});
afterAll(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const words = fc
  .array(
    fc.constantFrom("golden", "cross", "moving", "average", "momentum", "the", "price", "€", "𝄞", "\u0000"),
    {
      minLength: 1,
      maxLength: 40,
    },
  )
  .map((list) => list.join(" "));

const validPage = fc.record(
  {
    type: fc.constant("crawl.result"),
    id: hex(32),
    concept_id: hex(24),
    concept: fc.constantFrom("golden cross", "rsi mean reversion", "momentum"),
    url: fc.constantFrom("https://example.com/a", "https://example.org/b?x=1", "http://127.0.0.1:9/c"),
    title: fc.string({ maxLength: 40 }),
    content: words,
    content_type: fc.constantFrom("text/html", "application/pdf", "text/plain"),
    timestamp: fc.constant("2026-11-28T20:00:00.000Z"),
    metadata: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    retry_count: fc.integer({ min: 0, max: 100 }),
  },
  {
    requiredKeys: [
      "type",
      "id",
      "concept_id",
      "concept",
      "url",
      "title",
      "content",
      "content_type",
      "timestamp",
    ],
  },
);
const validEmbed = fc.record({ texts: fc.array(words, { minLength: 1, maxLength: 2 }) });

function send(path: string) {
  return (request: FuzzRequest) => app.request(path, requestInit(request, AUTH));
}

describe("fuzz the parser", () => {
  it(`POST /parse: ${FUZZ_RUNS} generated bodies and headers, no 5xx, every 4xx an envelope, heap flat`, async () => {
    const report = await fuzzEndpoint({
      name: "POST /parse",
      auth: AUTH,
      arbitrary: requestArbitrary(
        bodyArbitrary(validPage, { validWeight: 1, keep: ["metadata", "retry_count"] }),
        headersArbitrary(["accept", "content-length"]),
      ),
      send: send("/parse"),
    });
    console.log(`parser /parse fuzz: ${JSON.stringify(report)}`);
    expect(report.statuses[200] ?? 0).toBeGreaterThan(0);
    expect(report.statuses[400] ?? 0).toBeGreaterThan(0);
    expect(report.heapGrowth as number).toBeLessThan(64 * 1024 * 1024);
  }, 600_000);

  it(`POST /embed: ${FUZZ_RUNS} generated bodies and headers, no 5xx, every 4xx an envelope, heap flat`, async () => {
    const report = await fuzzEndpoint({
      name: "POST /embed",
      auth: AUTH,
      arbitrary: requestArbitrary(
        bodyArbitrary(validEmbed, { validWeight: 1 }),
        headersArbitrary(["content-length"]),
      ),
      send: send("/embed"),
    });
    console.log(`parser /embed fuzz: ${JSON.stringify(report)}`);
    expect(report.statuses[200] ?? 0).toBeGreaterThan(0);
    expect(report.statuses[400] ?? 0).toBeGreaterThan(0);
    expect(report.heapGrowth as number).toBeLessThan(64 * 1024 * 1024);
  }, 600_000);
});
