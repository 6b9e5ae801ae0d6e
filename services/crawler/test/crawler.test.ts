import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  conceptIdOf,
  crawlDeadLetterSchema,
  crawlFailedMessageSchema,
  crawlQueueKeys,
  crawlResultMessageSchema,
  stableId,
} from "@qp/schema";
import { waitUntil } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_CONCEPT } from "../src/job.ts";
import { BIG_TEXT, FIXTURES } from "./fixture-server.ts";
import { startStack } from "./harness.ts";

const CONCEPT = "golden cross";
const SAMPLE_PAGES = ["ars-1", "rtl-1", "v8-blog", "wikipedia", "guardian-1"];

describe("crawler end to end (real Redis, qstash-local, local web server)", () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let built: ReturnType<Awaited<ReturnType<typeof startStack>>["crawler"]>;
  let conceptId: string;
  let expectedDeliveries = 0;
  const job = (path: string) =>
    JSON.stringify({
      url: `${stack.web.url}${path}`,
      concept_id: conceptId,
      concept: CONCEPT,
      discovered_by: "manual",
    });
  const result = async (path: string) => {
    const delivery = await stack.sink.forUrl(`${stack.web.url}${path}`);
    return crawlResultMessageSchema.parse(delivery.message);
  };
  const failure = async (path: string) => {
    const delivery = await stack.sink.forUrl(`${stack.web.url}${path}`);
    return crawlFailedMessageSchema.parse(delivery.message);
  };

  beforeAll(async () => {
    stack = await startStack(inject("redisUrl"));
    conceptId = await conceptIdOf(CONCEPT);
    built = stack.crawler();
    await built.crawler.start();
    const paths = [
      ...SAMPLE_PAGES.map((name) => `/pages/${name}/`),
      "/private/secret",
      "/status/404",
      "/status/500",
      "/flaky",
      "/slow-drip",
      "/huge",
      "/huge-declared",
      "/binary.png",
      "/binary-as-html",
      "/wrong-charset",
      "/latin1",
      "/broken",
      "/text.txt",
      "/big-text",
      "/empty",
      "/gzip",
      "/gzip-bomb",
      "/redirect/loop",
      "/redirect/ok",
      "/redirect/to-127",
      "/redirect/to-10",
      "/redirect/to-metadata",
      "/redirect/to-mapped-v6",
      "/redirect/to-file",
    ];
    expectedDeliveries = paths.length + 2;
    // Bad jobs are mixed in: they must be dead-lettered without stopping anything else.
    await stack.redis.lpush(
      "start_urls",
      ...paths.map(job),
      "not a url at all",
      "ftp://example.com/file.txt",
      "{broken json",
      JSON.stringify({ url: "https://example.com", surprise: true }),
      `${stack.web.url}/pages/mozilla-1/`,
      "http://10.0.0.1/direct",
    );
  }, 60_000);

  afterAll(async () => {
    await built?.stop(1000);
    await stack?.close();
  });

  it.each(SAMPLE_PAGES)("publishes a crawl.result with the fixture's title for %s", async (name) => {
    const message = await result(`/pages/${name}/`);
    const expected = JSON.parse(readFileSync(join(FIXTURES, name, "expected-metadata.json"), "utf8"));
    expect(message.title).toBe(expected.title);
    expect(message.id).toBe(await stableId(conceptId, `${stack.web.url}/pages/${name}/`));
    expect(message).toMatchObject({ concept_id: conceptId, concept: CONCEPT, content_type: "text/html" });
    expect(message.content.length).toBeGreaterThan(200);
    expect(message.metadata).toMatchObject({
      lang: expected.lang ?? null,
      status: 200,
      discovered_by: "manual",
      truncated: false,
    });
  });

  it("honours robots.txt without fetching the page", async () => {
    expect((await failure("/private/secret")).reason).toBe("disallowed by robots.txt");
    expect(stack.web.hits("/private/secret")).toBe(0);
  });

  it("fails 4xx at once and retries 5xx with backoff", async () => {
    expect(await failure("/status/404")).toMatchObject({ status_code: 404, reason: "HTTP 404" });
    expect(stack.web.hits("/status/404")).toBe(1);
    expect(await failure("/status/500")).toMatchObject({
      status_code: 500,
      reason: "HTTP 500 (after 2 attempts)",
    });
    expect(stack.web.hits("/status/500")).toBe(2);
    const flaky = await result("/flaky");
    expect(flaky).toMatchObject({ title: "Flaky page", retry_count: 1 });
  });

  it("cuts off slow-drip, huge and binary responses with a clear reason", async () => {
    expect((await failure("/slow-drip")).reason).toBe("timed out after 1500 ms (after 2 attempts)");
    expect((await failure("/huge")).reason).toBe(`body larger than ${2 * 1024 * 1024} bytes`);
    expect((await failure("/huge-declared")).reason).toMatch(
      /^body larger than 2097152 bytes \(Content-Length 524288000\)/,
    );
    expect(await failure("/binary.png")).toMatchObject({
      reason: "unsupported content type image/png",
      status_code: 200,
    });
    expect((await failure("/binary-as-html")).reason).toBe("binary content served as text/html");
    expect((await failure("/empty")).reason).toBe("no text content could be extracted");
    expect((await failure("/gzip-bomb")).reason).toBe(`body larger than ${2 * 1024 * 1024} bytes`);
  });

  it("decodes declared charsets and survives unknown ones and broken HTML", async () => {
    const latin = await result("/latin1");
    expect(latin.title).toBe("Latin-1 café");
    expect(latin.content).toContain("Crème brûlée");
    const wrong = await result("/wrong-charset");
    expect(wrong.content).toContain("Naïve café");
    expect(wrong.metadata).toMatchObject({ charset: "utf-8", charset_unknown_label: "x-bogus-8" });
    expect((await result("/broken")).content).toContain("Broken markup text.");
    const gzipped = await result("/gzip");
    expect(gzipped.title).toBe("standalone WebAssembly binaries using Emscripten · V8");
    expect(gzipped.metadata.bytes).toBeGreaterThan(30_000); // decompressed size
  });

  it("crawls plain text, and caps a big page to fit the message size limit", async () => {
    expect(await result("/text.txt")).toMatchObject({
      title: "Plain text title",
      content_type: "text/plain",
    });
    const big = await stack.sink.forUrl(`${stack.web.url}/big-text`);
    expect(big.bytes).toBeLessThanOrEqual(1_000_000);
    const message = crawlResultMessageSchema.parse(big.message);
    expect(message.metadata).toMatchObject({ truncated: true, original_chars: BIG_TEXT.trim().length });
    expect(BIG_TEXT.startsWith(message.content)).toBe(true);
    expect(message.content.length).toBeGreaterThan(300_000);
  });

  it("follows redirects, and refuses loops and every hop into private address space", async () => {
    const ok = await result("/redirect/ok");
    expect(ok.metadata.final_url).toBe(`${stack.web.url}/pages/v8-blog/`);
    expect((await failure("/redirect/loop")).reason).toBe("too many redirects (more than 5)");
    expect((await failure("/redirect/to-127")).reason).toBe(
      "refused: 127.0.0.1 resolves to non-public address 127.0.0.1",
    );
    expect((await failure("/redirect/to-10")).reason).toBe(
      "refused: 10.0.0.1 resolves to non-public address 10.0.0.1",
    );
    expect((await failure("/redirect/to-metadata")).reason).toBe(
      "refused: 169.254.169.254 resolves to non-public address 169.254.169.254",
    );
    expect((await failure("/redirect/to-mapped-v6")).reason).toMatch(
      /^refused: ::ffff:7f00:1 resolves to non-public address/,
    );
    expect((await failure("/redirect/to-file")).reason).toBe("refused: redirect to non-http(s) URL file:");
    // The loopback page behind the refused redirects was never fetched.
    expect(stack.web.hits("/pages/ars-1/")).toBe(1);
  });

  it("crawls bare URLs under the default concept and refuses private ones", async () => {
    const bare = await stack.sink.forUrl(`${stack.web.url}/pages/mozilla-1/`);
    expect(bare.message).toMatchObject({
      type: "crawl.result",
      concept: DEFAULT_CONCEPT,
      concept_id: await conceptIdOf(DEFAULT_CONCEPT),
    });
    const direct = await stack.sink.forUrl("http://10.0.0.1/direct");
    expect(direct.message).toMatchObject({
      type: "crawl.failed",
      reason: "refused: 10.0.0.1 resolves to non-public address 10.0.0.1",
    });
  });

  it("dead-letters bad jobs with their reasons and leaves nothing claimed", async () => {
    const dead = (await stack.redis.lrange(crawlQueueKeys.dead, 0, -1)).map((entry) =>
      crawlDeadLetterSchema.parse(JSON.parse(entry)),
    );
    expect(dead.map((entry) => entry.job).sort()).toEqual(
      [
        "not a url at all",
        "ftp://example.com/file.txt",
        "{broken json",
        JSON.stringify({ url: "https://example.com", surprise: true }),
      ].sort(),
    );
    for (const entry of dead)
      expect(entry).toMatchObject({ reason: expect.any(String), at: expect.any(String) });
    // Every good job was published and then acked.
    await stack.sink.waitFor(() => stack.sink.deliveries.length >= expectedDeliveries);
    await waitUntil(async () => (await stack.redis.hlen("start_urls:claimed")) === 0, {
      what: "every claim acked",
      timeoutMs: 5_000,
    });
    expect(await stack.redis.hlen("start_urls:claimed")).toBe(0);
    expect(await stack.redis.llen("start_urls")).toBe(0);
    expect(stack.sink.errors).toEqual([]);
    // One message per job: nothing published twice.
    expect(stack.sink.deliveries.length).toBe(expectedDeliveries);
    expect(stack.sink.deliveries.every((d) => d.signed)).toBe(true);
  });
});
