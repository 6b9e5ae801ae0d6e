import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { listeningSockets } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { envSchema } from "../src/env.ts";
import { FIXTURE_PAGES } from "./fixture-server.ts";
import { startStack } from "./harness.ts";
import { startCrawlerProcess } from "./process.ts";

const ON_LINUX = listeningSockets(process.pid) !== null;
if (!ON_LINUX) console.warn("crawler listener test skipped: it reads /proc, which this system does not have");

/** The port the service announced in its "listening" log line. */
function announcedPort(output: string): number {
  for (const line of output.split("\n")) {
    try {
      const entry = JSON.parse(line) as { port?: unknown; url?: unknown };
      if (typeof entry.port === "number") return entry.port;
      if (typeof entry.url === "string") return Number(new URL(entry.url).port);
    } catch {
      // not a JSON line
    }
  }
  throw new Error(`no listening line in: ${output}`);
}

/**
 * Issue 12, the open proxy: importing the `crawlee` meta-package loaded @crawlee/browser-pool, which started an
 * unauthenticated proxy-chain server on a random port on all interfaces, a way past the SSRF guard to loopback
 * Redis. The real entry point runs as a child process and does a real job; then every socket it listens on is
 * read from /proc (what the process holds, not what it logs).
 */
describe.skipIf(!ON_LINUX)("crawler process listeners", () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    stack = await startStack(inject("redisUrl"));
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill("SIGKILL");
      await once(child, "exit");
    }
    await stack?.close();
  });

  it("with HOST unset: listens on its own port only, bound to the default host, after doing a real job", async () => {
    const { child, output } = await startCrawlerProcess({ ...stack.env(), HOST: undefined });
    children.push(child);
    const url = `${stack.web.url}/pages/${FIXTURE_PAGES[0]}/`;
    await stack.redis.lpush("start_urls", url);
    const delivery = await stack.sink.forUrl(url);
    expect(delivery.message.type).toBe("crawl.result");

    const port = announcedPort(output());
    const sockets = listeningSockets(child.pid as number);
    // The env default (127.0.0.1; HOST set beyond loopback is the operator's choice).
    const defaultHost = envSchema.shape.HOST.parse(undefined);
    // One listener: the service's own HTTP port (no proxy, no debugger, nothing a library opened).
    expect(sockets).toEqual([{ family: defaultHost.includes(":") ? 6 : 4, address: defaultHost, port }]);
  }, 60_000);

  it("with HOST=127.0.0.1: its own port only, on loopback", async () => {
    const { child, output } = await startCrawlerProcess({ ...stack.env(), HOST: "127.0.0.1" });
    children.push(child);
    const port = announcedPort(output());
    expect(listeningSockets(child.pid as number)).toEqual([{ family: 4, address: "127.0.0.1", port }]);
  }, 60_000);
});
