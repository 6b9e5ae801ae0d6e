import { describe, expect, it } from "vitest";
import { edgeRequestSchema, edgeResponseSchema } from "./edge.ts";
import {
  EMBEDDING_DIM,
  embeddingObjectSchema,
  embedRequestSchema,
  embedResponseSchema,
  MAX_EMBED_TEXT_CHARS,
  MAX_EMBED_TEXTS,
} from "./embedding.ts";
import { errorEnvelopeSchema, healthResponseSchema } from "./http.ts";
import { describeIssues, summariseIssues } from "./issues.ts";
import { parseAnswerSchema } from "./parser-http.ts";

const conceptId = "0123456789abcdef01234567";

function paths(result: { success: boolean; error?: import("zod").ZodError }): string[] {
  return result.success || !result.error ? [] : describeIssues(result.error).map((issue) => issue.path);
}

describe("edge request", () => {
  it("trims the concept", () => {
    expect(edgeRequestSchema.parse({ concept: "  RSI mean reversion \n" })).toEqual({
      concept: "RSI mean reversion",
    });
  });

  it.each([
    ["missing", {}],
    ["empty", { concept: "" }],
    ["whitespace only", { concept: "   \t " }],
    ["too short", { concept: "ab" }],
    ["oversized", { concept: "x".repeat(501) }],
    ["not a string", { concept: ["a", "b", "c"] }],
  ])("rejects a %s concept at path concept", (_label, body) => {
    expect(paths(edgeRequestSchema.safeParse(body))).toContain("concept");
  });

  it("rejects extra fields", () => {
    const result = edgeRequestSchema.safeParse({ concept: "golden cross", urls: [] });
    expect(result.success).toBe(false);
    expect(result.error && summariseIssues(result.error)).toMatch(/urls/);
  });
});

describe("edge response", () => {
  const ok = { stored: 2, urls: ["https://a.example/x", "http://b.example/y"], concept_id: conceptId };

  it("accepts a valid response, with or without provider errors", () => {
    expect(edgeResponseSchema.safeParse(ok).success).toBe(true);
    expect(
      edgeResponseSchema.safeParse({
        ...ok,
        errors: [
          { provider: "arxiv", message: "could not reach export.arxiv.org: no network", kind: "network" },
        ],
      }).success,
    ).toBe(true);
    // Every provider failing is still an answer: the concept goes on without URLs.
    expect(edgeResponseSchema.safeParse({ ...ok, stored: 0, urls: [] }).success).toBe(true);
  });

  it.each([
    ["negative stored", { ...ok, stored: -1 }, "stored"],
    ["fractional stored", { ...ok, stored: 1.5 }, "stored"],
    ["non-http url", { ...ok, urls: ["file:///etc/passwd"] }, "urls.0"],
    [
      "too many urls",
      { ...ok, urls: Array.from({ length: 101 }, (_, i) => `https://e.example/${i}`) },
      "urls",
    ],
    ["bad concept id", { ...ok, concept_id: "abc" }, "concept_id"],
    [
      "provider error without kind",
      { ...ok, errors: [{ provider: "arxiv", message: "x" }] },
      "errors.0.kind",
    ],
    [
      "unknown error kind",
      { ...ok, errors: [{ provider: "arxiv", message: "x", kind: "offline" }] },
      "errors.0.kind",
    ],
  ])("rejects %s", (_label, body, path) => {
    expect(paths(edgeResponseSchema.safeParse(body))).toContain(path);
  });
});

describe("embedding object", () => {
  const ok = {
    text: "A golden cross happens when the 50-day average crosses above the 200-day average.",
    embedding: Array.from({ length: EMBEDDING_DIM }, (_, i) => Math.sin(i)),
    source_url: "https://en.wikipedia.org/wiki/Golden_cross",
    concept: "golden cross",
    concept_id: conceptId,
    chunk_index: 0,
    title: "Golden cross",
    processed_at: "2026-11-28T20:00:00Z",
    parser_version: "1.0.0",
  };

  it("accepts 384 finite numbers", () => {
    expect(embeddingObjectSchema.safeParse(ok).success).toBe(true);
  });

  it.each([
    ["383 numbers", { ...ok, embedding: ok.embedding.slice(1) }, "embedding"],
    ["385 numbers", { ...ok, embedding: [...ok.embedding, 0] }, "embedding"],
    ["a NaN", { ...ok, embedding: ok.embedding.map((v, i) => (i === 7 ? Number.NaN : v)) }, "embedding.7"],
    [
      "an Infinity",
      { ...ok, embedding: ok.embedding.map((v, i) => (i === 9 ? Number.NEGATIVE_INFINITY : v)) },
      "embedding.9",
    ],
    [
      "a string number",
      { ...ok, embedding: ok.embedding.map((v, i) => (i === 0 ? "0.1" : v)) },
      "embedding.0",
    ],
    ["empty text", { ...ok, text: "" }, "text"],
    ["negative chunk index", { ...ok, chunk_index: -1 }, "chunk_index"],
    ["missing parser version", { ...ok, parser_version: undefined }, "parser_version"],
  ])("rejects %s", (_label, body, path) => {
    expect(paths(embeddingObjectSchema.safeParse(body))).toContain(path);
  });
});

describe("health and errors", () => {
  it("accepts a health response and rejects an unknown status", () => {
    const ok = { status: "degraded", services: { redis: { status: "healthy", latency_ms: 0.4 } } };
    expect(healthResponseSchema.safeParse(ok).success).toBe(true);
    expect(paths(healthResponseSchema.safeParse({ ...ok, status: "fine" }))).toContain("status");
    expect(
      paths(
        healthResponseSchema.safeParse({ ...ok, services: { redis: { status: "healthy", latency_ms: -1 } } }),
      ),
    ).toContain("services.redis.latency_ms");
  });

  it("accepts the error envelope and rejects a malformed one", () => {
    const ok = { error: { code: "invalid_request", message: "concept: too short", requestId: "r-1" } };
    expect(errorEnvelopeSchema.safeParse(ok).success).toBe(true);
    expect(
      paths(errorEnvelopeSchema.safeParse({ error: { code: "Bad Code", message: "x", requestId: "r" } })),
    ).toContain("error.code");
    expect(paths(errorEnvelopeSchema.safeParse({ error: { code: "x", message: "x" } }))).toContain(
      "error.requestId",
    );
  });
});

describe("parser /embed", () => {
  it("trims texts and refuses empty, oversized or too many", () => {
    expect(embedRequestSchema.parse({ texts: [" a "] })).toEqual({ texts: ["a"] });
    for (const texts of [
      [],
      ["  "],
      ["x".repeat(MAX_EMBED_TEXT_CHARS + 1)],
      Array(MAX_EMBED_TEXTS + 1).fill("a"),
    ]) {
      expect(embedRequestSchema.safeParse({ texts }).success).toBe(false);
    }
  });

  it("answers vectors of the model's size only", () => {
    const vector = Array.from({ length: EMBEDDING_DIM }, () => 0.1);
    expect(
      embedResponseSchema.safeParse({ embeddings: [vector], model: "m", dim: EMBEDDING_DIM }).success,
    ).toBe(true);
    expect(
      paths(embedResponseSchema.safeParse({ embeddings: [[1, 2]], model: "m", dim: EMBEDDING_DIM })),
    ).toEqual(["embeddings.0"]);
    expect(paths(embedResponseSchema.safeParse({ embeddings: [vector], model: "m", dim: 2 }))).toEqual([
      "dim",
    ]);
  });
});

describe("parser /parse answer", () => {
  const answer = {
    chunks: 3,
    truncated: false,
    written: 0,
    concept_id: conceptId,
    url: "https://example.com/",
  };

  it("reads the counts the orchestrator records", () => {
    expect(parseAnswerSchema.parse(answer)).toEqual(answer);
  });

  it("refuses an answer without a chunk count or with a negative one", () => {
    const { chunks: _chunks, ...without } = answer;
    expect(paths(parseAnswerSchema.safeParse(without))).toEqual(["chunks"]);
    expect(paths(parseAnswerSchema.safeParse({ ...answer, chunks: -1 }))).toEqual(["chunks"]);
  });
});
