import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { crawlQueueKeys } from "@qp/schema";
import { waitUntil } from "@qp/testing";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startStack } from "./harness.ts";
import { startCrawlerProcess } from "./process.ts";

/** The real entry point as a child process on loopback, as production runs it. */
const startChild = async (env: Record<string, string>): Promise<ChildProcess> =>
  (await startCrawlerProcess({ ...env, HOST: "127.0.0.1" })).child;

describe("crash safety", () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  const children: ChildProcess[] = [];
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    stack = await startStack(inject("redisUrl"));
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await stack?.close();
  });

  it("a crawler killed with SIGKILL mid-job: the job completes in another crawler after the visibility timeout", async () => {
    const url = `${stack.web.url}/hold/kill9`;
    const child = await startChild(stack.env({ CRAWLER_EXTRACT_WORKERS: "0" }));
    children.push(child);
    await stack.redis.lpush("start_urls", url);
    await stack.web.held("kill9"); // the child is now mid-fetch
    expect(await stack.redis.hlen("start_urls:claimed")).toBe(1);
    child.kill("SIGKILL");
    await once(child, "exit");
    expect(child.signalCode).toBe("SIGKILL");
    // The job is neither lost nor finished: still claimed under the dead crawler's lease.
    expect(await stack.redis.llen("start_urls")).toBe(0);
    expect(await stack.redis.hlen("start_urls:claimed")).toBe(1);
    expect(stack.sink.deliveries).toHaveLength(0);

    stack.web.release("kill9"); // from now on the page answers at once
    const survivor = stack.crawler({}, "survivor");
    stops.push(() => survivor.stop(1000));
    await survivor.crawler.start();
    const delivery = await stack.sink.forUrl(url);
    expect(delivery.message).toMatchObject({ type: "crawl.result", title: "Held page kill9" });
    expect(stack.web.hits("/hold/kill9")).toBe(2);
    await waitUntil(async () => (await stack.redis.hlen("start_urls:claimed")) === 0, {
      what: "every claim acked",
      timeoutMs: 5_000,
    });
    expect(await stack.redis.hlen("start_urls:claimed")).toBe(0);
    expect(await stack.redis.llen("start_urls")).toBe(0);
    expect(await stack.redis.llen(crawlQueueKeys.dead)).toBe(0);
  }, 60_000);

  it("SIGTERM: stops claiming and hands an unfinished job straight back", async () => {
    const url = `${stack.web.url}/hold/sigterm`;
    const child = await startChild(
      stack.env({
        CRAWLER_EXTRACT_WORKERS: "0",
        SHUTDOWN_GRACE_MS: "300",
        CRAWLER_REQUEST_TIMEOUT_MS: "20000",
      }),
    );
    children.push(child);
    await stack.redis.lpush("start_urls", url);
    await stack.web.held("sigterm");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    // Handed back at once, not after a visibility timeout.
    expect(await stack.redis.lrange("start_urls", 0, -1)).toEqual([url]);
    expect(await stack.redis.hlen("start_urls:claimed")).toBe(0);
    await stack.redis.del("start_urls");
    stack.web.release("sigterm");
  }, 60_000);
});
