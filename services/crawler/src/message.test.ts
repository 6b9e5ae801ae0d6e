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
});
