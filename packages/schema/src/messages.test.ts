import { describe, expect, it } from "vitest";
import { describeIssues } from "./issues.ts";
import { MAX_CRAWL_CONTENT_CHARS, pipelineMessageSchema } from "./messages.ts";

const conceptId = "0123456789abcdef01234567";
const pageId = "0123456789abcdef0123456789abcdef";

const valid = {
  "concept.url": {
    type: "concept.url",
    concept_id: conceptId,
    concept: "golden cross 50/200 on SPY",
    url: "https://en.wikipedia.org/wiki/Golden_cross",
    discovered_by: "wikipedia",
  },
  "crawl.result": {
    type: "crawl.result",
    id: pageId,
    concept_id: conceptId,
    concept: "golden cross",
    url: "https://example.com/a?b=c",
    title: "Golden cross",
    content: "A golden cross is a chart pattern.",
    content_type: "text/html",
    timestamp: "2026-11-28T20:00:00.000Z",
    metadata: { lang: "en", byline: null, length: 34, readable: true },
  },
  "crawl.failed": {
    type: "crawl.failed",
    id: pageId,
    concept_id: conceptId,
    concept: "golden cross",
    url: "https://example.com/missing",
    reason: "HTTP 404",
    status_code: 404,
    timestamp: "2026-11-28T20:00:00+01:00",
  },
  "concept.validate": {
    type: "concept.validate",
    concept_id: conceptId,
    concept: "golden cross",
    strategy: { name: "sma_crossover", params: { fast: 50, slow: 200 } },
  },
  "page.parsed": {
    type: "page.parsed",
    job_id: pageId,
    id: pageId,
    concept_id: conceptId,
    concept: "golden cross",
    url: "https://example.com/a?b=c",
    chunks: 12,
    truncated: false,
    written: 12,
    parsed_at: "2026-11-28T20:00:00.000Z",
  },
  "page.parse_failed": {
    type: "page.parse_failed",
    job_id: pageId,
    id: pageId,
    concept_id: conceptId,
    concept: "golden cross",
    url: "https://example.com/a?b=c",
    reason: "no readable text after cleaning",
    permanent: true,
    status_code: 422,
    failed_at: "2026-11-28T20:00:00.000Z",
  },
} as const;

/** Parse and return the failing paths (empty when valid). */
function failingPaths(input: unknown): string[] {
  const result = pipelineMessageSchema.safeParse(input);
  return result.success ? [] : describeIssues(result.error).map((issue) => issue.path);
}

describe("pipeline messages", () => {
  it.each(Object.entries(valid))("accepts a valid %s", (_type, message) => {
    expect(failingPaths(message)).toEqual([]);
  });

  it("defaults retry_count to 0 on crawl results", () => {
    const parsed = pipelineMessageSchema.parse(valid["crawl.result"]);
    expect(parsed.type === "crawl.result" && parsed.retry_count).toBe(0);
  });

  it("rejects an unknown type", () => {
    expect(failingPaths({ ...valid["concept.url"], type: "concept.delete" })).toEqual(["type"]);
  });

  it.each([
    ["missing url", { ...valid["concept.url"], url: undefined }, "url"],
    ["ftp url", { ...valid["concept.url"], url: "ftp://example.com/x" }, "url"],
    ["javascript url", { ...valid["concept.url"], url: "javascript:alert(1)" }, "url"],
    ["relative url", { ...valid["concept.url"], url: "/wiki/x" }, "url"],
    ["oversized url", { ...valid["concept.url"], url: `https://example.com/${"a".repeat(2100)}` }, "url"],
    ["bad concept id", { ...valid["concept.url"], concept_id: "XYZ" }, "concept_id"],
    ["short concept", { ...valid["concept.url"], concept: " a " }, "concept"],
    ["wrong type of concept", { ...valid["concept.url"], concept: 42 }, "concept"],
    ["extra field", { ...valid["concept.url"], priority: 1 }, "(root)"],
    ["bad provider name", { ...valid["concept.url"], discovered_by: "Wiki Pedia" }, "discovered_by"],
  ])("concept.url: %s names its path", (_label, message, path) => {
    expect(failingPaths(message)).toContain(path);
  });

  it.each([
    ["non-ISO timestamp", { timestamp: "28/11/2026" }, "timestamp"],
    ["NaN retry count", { retry_count: Number.NaN }, "retry_count"],
    ["negative retry count", { retry_count: -1 }, "retry_count"],
    ["Infinity in metadata", { metadata: { score: Number.POSITIVE_INFINITY } }, "metadata.score"],
    ["nested metadata", { metadata: { deep: { a: 1 } } }, "metadata.deep"],
    ["oversized content", { content: "x".repeat(MAX_CRAWL_CONTENT_CHARS + 1) }, "content"],
    ["oversized title", { title: "t".repeat(1001) }, "title"],
    ["bad id", { id: "not-hex" }, "id"],
  ])("crawl.result: %s names its path", (_label, patch, path) => {
    expect(failingPaths({ ...valid["crawl.result"], ...patch })).toContain(path);
  });

  it("rejects a page.parsed without a chunk count and a page.parse_failed without a reason", () => {
    const { chunks: _chunks, ...noChunks } = valid["page.parsed"];
    expect(failingPaths(noChunks)).toContain("chunks");
    expect(failingPaths({ ...valid["page.parsed"], chunks: -1 })).toContain("chunks");
    expect(failingPaths({ ...valid["page.parse_failed"], reason: "" })).toContain("reason");
  });

  it("rejects a crawl.failed without a reason", () => {
    expect(failingPaths({ ...valid["crawl.failed"], reason: "" })).toContain("reason");
  });

  it("rejects a concept.validate with an unknown strategy", () => {
    expect(failingPaths({ ...valid["concept.validate"], strategy: { name: "astrology" } })).toContain(
      "strategy.name",
    );
  });
});
