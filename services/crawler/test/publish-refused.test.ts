import { crawlDeadLetterSchema, crawlQueueKeys } from "@qp/schema";
import { waitUntil } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startStack } from "./harness.ts";

describe("when QStash refuses a message for good", () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let built: ReturnType<Awaited<ReturnType<typeof startStack>>["crawler"]>;

  beforeAll(async () => {
    stack = await startStack(inject("redisUrl"));
    // A cap above the broker's 1 MiB limit: the big page is published too large and refused (413).
    built = stack.crawler({ CRAWLER_MAX_MESSAGE_BYTES: "5000000" });
    await built.crawler.start();
  });
  afterAll(async () => {
    await built?.stop(1000);
    await stack?.close();
  });

  it("dead-letters that job with the broker's reason and goes on with the next", async () => {
    await stack.redis.lpush("start_urls", `${stack.web.url}/big-text`, `${stack.web.url}/text.txt`);
    const next = await stack.sink.forUrl(`${stack.web.url}/text.txt`);
    expect(next.message.type).toBe("crawl.result");
    const dead = await waitUntil(() => stack.redis.lindex(crawlQueueKeys.dead, 0), {
      what: "the refused job in start_urls:dead",
      timeoutMs: 10_000,
    });
    expect(crawlDeadLetterSchema.parse(JSON.parse(dead ?? "{}"))).toMatchObject({
      job: `${stack.web.url}/big-text`,
      reason: expect.stringMatching(/^QStash refused the message/),
    });
    expect(await stack.redis.hlen("start_urls:claimed")).toBe(0);
    expect(stack.sink.deliveries.map((d) => ("url" in d.message ? d.message.url : ""))).not.toContain(
      `${stack.web.url}/big-text`,
    );
  });
});
