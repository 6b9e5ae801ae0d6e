import { describe, expect, it } from "vitest";
import { crawlDeadLetterSchema, crawlJobSchema, crawlQueueKeys, type QueuedCrawlJob } from "./crawl-queue.ts";
import { describeIssues } from "./issues.ts";
import { conceptUrlMessageSchema } from "./messages.ts";

const conceptId = "0123456789abcdef01234567";

function paths(value: unknown): string[] {
  const result = crawlJobSchema.safeParse(value);
  return result.success ? [] : describeIssues(result.error).map((issue) => issue.path);
}

describe("crawl job on start_urls (one rule for the orchestrator and the crawler)", () => {
  it("takes every job the orchestrator builds from a valid concept.url message", () => {
    const message = conceptUrlMessageSchema.parse({
      type: "concept.url",
      concept_id: conceptId,
      concept: "  golden cross ",
      url: "https://example.com/a",
      discovered_by: "wikipedia",
    });
    const job: QueuedCrawlJob = {
      url: message.url,
      concept_id: message.concept_id,
      concept: message.concept,
      discovered_by: message.discovered_by,
    };
    expect(crawlJobSchema.parse(JSON.parse(JSON.stringify(job)))).toEqual(job);
  });

  it("takes a job with only a URL (filed under the crawler's default concept)", () => {
    expect(crawlJobSchema.parse({ url: "http://example.com/" })).toEqual({ url: "http://example.com/" });
  });

  it.each([
    [
      "an upper-case provider (the orchestrator's old rule let it through)",
      { discovered_by: "Tavily" },
      "discovered_by",
    ],
    ["a two-character concept", { concept_id: conceptId, concept: "ab" }, "concept"],
    ["a concept_id without its concept", { concept_id: conceptId }, "concept"],
    ["a bad concept_id", { concept_id: "XYZ", concept: "momentum" }, "concept_id"],
    ["a file: URL", { url: "file:///etc/passwd" }, "url"],
    ["an unknown field", { extra: 1 }, "(root)"],
  ])("refuses %s", (_label, patch, path) => {
    expect(paths({ url: "https://example.com/a", ...patch })).toContain(path);
  });

  it("names the keys both services use", () => {
    expect(crawlQueueKeys.startUrls).toBe("start_urls");
    expect(crawlQueueKeys.crawling(conceptId)).toBe(`crawling:${conceptId}`);
    // The crawler names its dead list `{its list}:dead`.
    expect(crawlQueueKeys.dead).toBe(`${crawlQueueKeys.startUrls}:dead`);
  });

  it("a dead letter keeps the raw job, even one that is not JSON, with a reason and an ISO time", () => {
    const entry = { job: "{broken json", reason: "not JSON", at: "2026-12-01T15:00:00.000Z" };
    expect(crawlDeadLetterSchema.parse(entry)).toEqual(entry);
    expect(crawlDeadLetterSchema.safeParse({ ...entry, at: "yesterday" }).success).toBe(false);
    expect(crawlDeadLetterSchema.safeParse({ job: "x", at: entry.at }).success).toBe(false);
  });
});
