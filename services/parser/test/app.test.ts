import { parseAnswerSchema } from "@qp/schema";
import { freePort } from "@qp/testing";
import { createWeaviateStore } from "@qp/vector-store";
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARROW_STREAM } from "../src/arrow.ts";
import { crawlResult, post, type RunningParser, startParser } from "./helpers.ts";

const ARTICLE = [
  "A golden cross is a chart pattern in which a short-term moving average crosses above a long-term one.",
  "Traders usually watch the 50-day and the 200-day simple moving averages of a stock index.",
  "The signal is read as the start of a bull market, but it lags price by construction.",
  "Back-tests of the rule on the S&P 500 show fewer trades than a buy-and-hold investor would expect.",
].join(" ");

describe("parser HTTP app (real model, LanceDB on disk)", () => {
  let parser: RunningParser;
  beforeAll(async () => {
    parser = await startParser({ ingest: { maxChunks: 6 } });
  });
  afterAll(async () => parser?.close());

  it("test_parser_schema: returns the design's Arrow table as an IPC stream that round-trips", async () => {
    const message = await crawlResult("https://example.com/golden-cross", ARTICLE);
    const response = await post(`${parser.url}/parse`, message, { accept: ARROW_STREAM });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(ARROW_STREAM);
    const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    expect(table.schema.fields.map((field) => [field.name, String(field.type)])).toEqual([
      ["text", "Utf8"],
      ["embedding", "FixedSizeList[384]<Float32>"],
      ["metadata", "Utf8"],
      ["processed_at", "Timestamp<MILLISECOND, UTC>"],
    ]);
    expect(table.numRows).toBe(Number(response.headers.get("x-chunks")));
    const row = table.get(0)?.toJSON() as {
      text: string;
      embedding: Float32Array;
      metadata: string;
      processed_at: number;
    };
    expect(row.text).toContain("golden cross");
    expect(row.embedding).toHaveLength(384);
    expect(Math.hypot(...Array.from(row.embedding))).toBeCloseTo(1, 4);
    expect(JSON.parse(row.metadata)).toMatchObject({
      source_url: message.url,
      concept_id: message.concept_id,
      chunk_index: 0,
      discovered_by: "manual",
    });
    expect(Math.abs(Date.now() - row.processed_at)).toBeLessThan(60_000);
  });

  it("answers JSON counts and re-ingestion is idempotent; a shorter re-parse deletes the stale chunks", async () => {
    const url = "https://example.com/long-page";
    const long = Array.from({ length: 120 }, (_, i) => `Sentence ${i} explains how momentum persists.`).join(
      " ",
    );
    const first = await post(`${parser.url}/parse`, await crawlResult(url, long));
    expect(first.status).toBe(200);
    // The orchestrator reads this answer through parseAnswerSchema of @qp/schema.
    const body = parseAnswerSchema.parse(await first.json());
    expect(body.chunks).toBeGreaterThan(1);
    expect(body).toMatchObject({ written: body.chunks, truncated: false });
    const message = await crawlResult(url, long);
    const count = () => parser.store.countDocuments({ conceptId: message.concept_id, sourceUrl: url });
    expect(await count()).toBe(body.chunks);

    const again = await post(`${parser.url}/parse`, message);
    expect(((await again.json()) as { chunks: number }).chunks).toBe(body.chunks);
    expect(await count()).toBe(body.chunks);

    const shorter = await post(`${parser.url}/parse`, await crawlResult(url, "Only one sentence is left."));
    expect(((await shorter.json()) as { chunks: number }).chunks).toBe(1);
    expect(await count()).toBe(1);
  });

  it("bounds huge content and reports the cut", async () => {
    const huge = "Volatility clusters and calm follows storm. ".repeat(20_000); // 880,000 characters
    const response = await post(`${parser.url}/parse`, await crawlResult("https://example.com/huge", huge));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ chunks: 6, written: 6, truncated: true });
  });

  it.each([
    ["empty", "", "empty_content"],
    ["whitespace-only", " \n\t  \r\n", "empty_content"],
    [
      "binary garbage",
      String.fromCharCode(...Array.from({ length: 3000 }, (_, i) => (i * 37) % 32)),
      "binary_content",
    ],
    ["lone surrogates", `text \uD800 and \uDFFF`, "invalid_utf8"],
  ])("rejects %s content with 422 %s and writes nothing", async (_, content, code) => {
    const message = await crawlResult(`https://example.com/bad-${code}`, content);
    const response = await post(`${parser.url}/parse`, message);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(await parser.store.countDocuments({ sourceUrl: message.url })).toBe(0);
  });

  it("rejects a body that is not UTF-8, not JSON, or not a crawl.result with 400", async () => {
    const message = JSON.stringify(await crawlResult("https://example.com/x", "ok text"));
    const bytes = new TextEncoder().encode(message);
    const broken = new Uint8Array([...bytes.subarray(0, 40), 0xff, 0xfe, ...bytes.subarray(40)]);
    const codes = [];
    for (const body of [broken, "{not json", JSON.stringify({ type: "crawl.result", url: "https://x" })]) {
      const response = await post(`${parser.url}/parse`, body);
      expect(response.status).toBe(400);
      codes.push(((await response.json()) as { error: { code: string } }).error.code);
    }
    expect(codes).toEqual(["invalid_utf8", "invalid_json", "invalid_request"]);
  });

  it("POST /embed embeds query strings and validates them", async () => {
    const response = await post(`${parser.url}/embed`, { texts: ["golden cross", "rsi oversold"] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { embeddings: number[][]; dim: number; model: string };
    expect(body).toMatchObject({ dim: 384, model: "Xenova/all-MiniLM-L6-v2" });
    expect(body.embeddings.map((vector) => vector.length)).toEqual([384, 384]);
    for (const bad of [{ texts: [] }, { texts: [" "] }, { texts: ["x".repeat(8001)] }, { text: ["a"] }]) {
      expect((await post(`${parser.url}/embed`, bad)).status).toBe(400);
    }
  });

  it("reports health and metrics", async () => {
    const health = await fetch(`${parser.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: "healthy",
      services: { model: { status: "healthy" }, store: { status: "healthy" } },
    });
    const metrics = await (await fetch(`${parser.url}/metrics`)).text();
    expect(metrics).toMatch(/parser_chunks_total\{[^}]*\} [1-9]/);
  });
});

describe("parser with its vector store down", () => {
  let parser: RunningParser;
  beforeAll(async () => {
    // The real Weaviate adapter pointed at ports where nothing listens: a refused connection, not a stub.
    const store = createWeaviateStore({
      url: `http://127.0.0.1:${await freePort()}`,
      grpcPort: await freePort(),
    });
    parser = await startParser({ store });
  });
  afterAll(async () => parser?.close());

  it("answers 503 (QStash retries) and /health says unhealthy", async () => {
    const response = await post(
      `${parser.url}/parse`,
      await crawlResult("https://example.com/down", ARTICLE),
    );
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/weaviate/);
    const health = await fetch(`${parser.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: "unhealthy",
      services: { store: { status: "unhealthy" } },
    });
  });
});
