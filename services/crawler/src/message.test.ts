import { crawlResultMessageSchema, MAX_CRAWL_CONTENT_CHARS } from "@qp/schema";
import { describe, expect, it } from "vitest";
import { buildFailedMessage, buildResultMessage, fitContent } from "./message.ts";

const base = {
  id: "0123456789abcdef0123456789abcdef",
  conceptId: "0123456789abcdef01234567",
  concept: "golden cross",
  url: "https://example.com/",
  title: "A page",
  contentType: "text/html",
  metadata: { lang: "en" },
  retryCount: 0,
};

describe("content cap", () => {
  it("leaves small pages whole", () => {
    const message = buildResultMessage({ ...base, content: "short text" });
    expect(message.content).toBe("short text");
    expect(message.metadata.truncated).toBe(false);
  });

  it("cuts content so the whole JSON message fits in the byte budget, counting UTF-8 and JSON escapes", () => {
    // 3-byte characters, quotes (escaped to 2 bytes) and newlines: far more bytes than characters.
    const content = '€"\n'.repeat(200_000);
    const message = buildResultMessage({ ...base, content }, 100_000);
    const bytes = Buffer.byteLength(JSON.stringify(message));
    expect(bytes).toBeLessThanOrEqual(100_000);
    expect(bytes).toBeGreaterThan(95_000);
    expect(content.startsWith(message.content)).toBe(true);
    expect(message.metadata).toMatchObject({ truncated: true, original_chars: content.length });
  });

  it("never exceeds the schema's character ceiling", () => {
    const content = "a".repeat(MAX_CRAWL_CONTENT_CHARS + 10);
    const message = buildResultMessage({ ...base, content }, 10_000_000);
    expect(message.content.length).toBe(MAX_CRAWL_CONTENT_CHARS);
    expect(crawlResultMessageSchema.safeParse(message).success).toBe(true);
  });

  it("does not split a surrogate pair", () => {
    const fitted = fitContent("😀".repeat(1000), 500, (content) => ({ content }));
    expect(fitted.length % 2).toBe(0);
  });

  it("builds schema-valid failures with the status code", () => {
    const failed = buildFailedMessage({ ...base, reason: "HTTP 404", statusCode: 404 });
    expect(failed).toMatchObject({ type: "crawl.failed", reason: "HTTP 404", status_code: 404 });
  });

  it("drops user:pass@ from the URL, URL-valued metadata and the failure reason (issue 12)", () => {
    const url = "https://alice:s3cret@example.com/private?q=1";
    const result = buildResultMessage({
      ...base,
      url,
      content: "text",
      metadata: { final_url: "https://bob:hunter2@example.com/next", lang: "en" },
    });
    expect(result.url).toBe("https://example.com/private?q=1");
    expect(result.metadata.final_url).toBe("https://example.com/next");
    const failed = buildFailedMessage({
      ...base,
      url,
      reason: `HTTP 500 from ${url} via http://x:y@a.example/`,
    });
    expect(failed.url).toBe("https://example.com/private?q=1");
    expect(failed.reason).toBe("HTTP 500 from https://example.com/private?q=1 via http://a.example/");
    expect(JSON.stringify([result, failed])).not.toMatch(/s3cret|hunter2|alice|bob:/);
  });
});
