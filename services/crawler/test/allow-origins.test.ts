import { startFixtureWeb } from "@qp/fixture-web";
import { conceptIdOf, crawlFailedMessageSchema, crawlResultMessageSchema } from "@qp/schema";
import { parseEnv } from "@qp/service-kit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { envSchema } from "../src/env.ts";
import { startStack } from "./harness.ts";

/**
 * CRAWL_ALLOW_ORIGINS: the offline demonstration lets the crawler fetch from one loopback origin (the fixture
 * web). Nothing else loses the guard: not another port, not another name for the same address, not a redirect.
 */
describe("CRAWL_ALLOW_ORIGINS", () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let built: ReturnType<Awaited<ReturnType<typeof startStack>>["crawler"]>;
  let other: Awaited<ReturnType<typeof startFixtureWeb>>;
  let allowed: string;
  let conceptId: string;
  const CONCEPT = "allowed origins";

  const push = async (url: string) =>
    stack.redis.lpush("start_urls", JSON.stringify({ url, concept_id: conceptId, concept: CONCEPT }));

  beforeAll(async () => {
    stack = await startStack(inject("redisUrl"));
    other = await startFixtureWeb();
    conceptId = await conceptIdOf(CONCEPT);
    allowed = `http://127.0.0.1:${stack.web.port}`;
    // No host allowlist at all: only the one origin is exempt.
    built = stack.crawler({ CRAWLER_ALLOW_HOSTS: "", CRAWL_ALLOW_ORIGINS: allowed });
    await built.crawler.start();
  });

  afterAll(async () => {
    await built?.stop(0);
    await other?.close();
    await stack?.close();
  });

  it("crawls a page of the allowed loopback origin", async () => {
    const url = `${allowed}/pages/cnn/`;
    await push(url);
    const message = crawlResultMessageSchema.parse((await stack.sink.forUrl(url)).message);
    expect(message.title).toMatch(/birth lottery/i);
    expect(message.content.length).toBeGreaterThan(1000);
    // The claim was recorded for the orchestrator's concept view (`crawling` until the result arrives).
    const claimedAt = await stack.redis.hget(`crawling:${conceptId}`, url);
    expect(Date.parse(claimedAt ?? "")).toBeLessThanOrEqual(Date.parse(message.timestamp));
    expect(await stack.redis.ttl(`crawling:${conceptId}`)).toBeGreaterThan(0);
  });

  it("still refuses another loopback port (the fixture web on its own port)", async () => {
    const url = `${other.url}/cnn/`;
    await push(url);
    const message = crawlFailedMessageSchema.parse((await stack.sink.forUrl(url)).message);
    expect(message.reason).toBe("refused: 127.0.0.1 resolves to non-public address 127.0.0.1");
  });

  it("still refuses the same server under another name (localhost)", async () => {
    const url = `http://localhost:${stack.web.port}/pages/ars-1/`;
    await push(url);
    const message = crawlFailedMessageSchema.parse((await stack.sink.forUrl(url)).message);
    expect(message.reason).toMatch(/^refused: localhost resolves to non-public address/);
  });

  it.each([
    ["/redirect/to-10", "refused: 10.0.0.1 resolves to non-public address 10.0.0.1"],
    ["/redirect/to-metadata", "refused: 169.254.169.254 resolves to non-public address 169.254.169.254"],
    ["/redirect/to-mapped-v6", /^refused: ::ffff:7f00:1 resolves to non-public address/],
  ])("refuses a redirect from the allowed origin: %s", async (path, reason) => {
    const url = `${allowed}${path}`;
    await push(url);
    const message = crawlFailedMessageSchema.parse((await stack.sink.forUrl(url)).message);
    expect(message.reason).toMatch(reason);
  });

  it.each(["http://127.0.0.1:41234/pages/", "ftp://127.0.0.1:41234", "not a url"])(
    "refuses a CRAWL_ALLOW_ORIGINS entry that is not a bare origin: %s",
    (entry) => {
      expect(() => parseEnv(envSchema, stack.env({ CRAWL_ALLOW_ORIGINS: entry }))).toThrow(
        /CRAWL_ALLOW_ORIGINS/,
      );
    },
  );
});
