import {
  type CrawlFailedMessage,
  type CrawlResultMessage,
  crawlFailedMessageSchema,
  crawlResultMessageSchema,
  MAX_CRAWL_CONTENT_CHARS,
  stripCredentialsInText,
  stripUrlCredentials,
} from "@qp/schema";

/**
 * Building the messages the crawler publishes, and the content cap.
 *
 * The cap: QStash refuses bodies over its message size limit (1 MiB on the free plan; qstash-local's
 * default is 1,048,576 bytes). We count the UTF-8 bytes of the WHOLE JSON message (content is JSON-escaped,
 * so quotes/newlines/control characters grow) and cut `content` until the message fits `maxMessageBytes`
 * (default 1,000,000: the limit less ~48 KB of headroom for headers and broker envelope), and never past the
 * schema's MAX_CRAWL_CONTENT_CHARS (900,000 characters). A cut page says so in metadata
 * (`truncated: true`, `original_chars`).
 */

export const DEFAULT_MAX_MESSAGE_BYTES = 1_000_000;

const byteLength = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

/** Cut at `chars` without splitting a surrogate pair. */
function cut(text: string, chars: number): string {
  let end = Math.max(0, Math.min(chars, text.length));
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

/** The largest prefix of `content` for which `build(prefix)` serialises to at most `maxBytes`. */
export function fitContent(content: string, maxBytes: number, build: (content: string) => unknown): string {
  let text = cut(content, MAX_CRAWL_CONTENT_CHARS);
  let size = byteLength(build(text));
  if (size <= maxBytes) return text;
  const overhead = byteLength(build(""));
  if (overhead >= maxBytes) return "";
  // Shrink proportionally (the bytes-per-char ratio of this text), then step down; converges in a few rounds.
  for (let round = 0; round < 50 && size > maxBytes; round++) {
    const ratio = (maxBytes - overhead) / (size - overhead);
    text = cut(text, Math.floor(text.length * Math.min(ratio, 0.999)));
    size = byteLength(build(text));
  }
  return size <= maxBytes ? text : "";
}

export interface ResultInput {
  id: string;
  conceptId: string;
  concept: string;
  url: string;
  title: string;
  content: string;
  contentType: string;
  metadata: Record<string, string | number | boolean | null>;
  retryCount: number;
}

/** A schema-valid `crawl.result` that fits the broker's size limit. */
export function buildResultMessage(
  input: ResultInput,
  maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
): CrawlResultMessage {
  const timestamp = new Date().toISOString();
  // URLs lose any `user:pass@` (the page's, its redirect target's, its canonical link's): messages end up in
  // the broker, its DLQ and the concept's records.
  const metadata = Object.fromEntries(
    Object.entries(input.metadata)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [
        key,
        typeof value === "string" ? stripCredentialsInText(value).slice(0, 4096) : value,
      ]),
  );
  const build = (content: string, extra: Record<string, string | number | boolean | null> = {}) => ({
    type: "crawl.result" as const,
    id: input.id,
    concept_id: input.conceptId,
    concept: input.concept,
    url: stripUrlCredentials(input.url),
    title: input.title.slice(0, 1000),
    content,
    content_type: input.contentType.slice(0, 255) || "text/html",
    timestamp,
    metadata: { ...metadata, ...extra },
    retry_count: Math.min(input.retryCount, 100),
  });
  const marks = { truncated: true, original_chars: input.content.length };
  const fitted = fitContent(input.content, maxMessageBytes, (content) => build(content, marks));
  const message =
    fitted.length < input.content.length ? build(fitted, marks) : build(input.content, { truncated: false });
  return crawlResultMessageSchema.parse(message);
}

/** A schema-valid `crawl.failed`. */
export function buildFailedMessage(input: {
  id: string;
  conceptId: string;
  concept: string;
  url: string;
  reason: string;
  statusCode?: number | undefined;
  retryCount: number;
}): CrawlFailedMessage {
  return crawlFailedMessageSchema.parse({
    type: "crawl.failed",
    id: input.id,
    concept_id: input.conceptId,
    concept: input.concept,
    url: stripUrlCredentials(input.url),
    reason: stripCredentialsInText(input.reason).slice(0, 2000) || "unknown failure",
    ...(input.statusCode !== undefined && input.statusCode >= 100 && input.statusCode <= 599
      ? { status_code: input.statusCode }
      : {}),
    timestamp: new Date().toISOString(),
    retry_count: Math.min(input.retryCount, 100),
  });
}
