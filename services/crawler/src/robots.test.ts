import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FetchOptions } from "./fetch-page.ts";
import { createRobotsCache } from "./robots.ts";
import { createResolver } from "./ssrf.ts";

describe("robots.txt cache", () => {
  let status = 200;
  let fetches = 0;
  let base = "";
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(status, { "content-type": "text/plain" });
    res.end("User-agent: qp-test\nDisallow: /no/\n\nUser-agent: *\nDisallow: /all-no/\n");
  });
  const fetchOptions: FetchOptions = {
    resolve: createResolver({ allowHosts: ["localhost"] }),
    timeoutMs: 2000,
    maxBytes: 100_000,
    maxRedirects: 2,
    userAgent: "qp-test",
    acceptType: () => true,
  };
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("applies the group for our user agent and fetches robots.txt once per origin", async () => {
    status = 200;
    fetches = 0;
    const robots = createRobotsCache({ fetchOptions, userAgent: "qp-test" });
    expect(await robots.check(`${base}/no/page`)).toEqual({
      allowed: false,
      reason: "disallowed by robots.txt",
    });
    expect(await robots.check(`${base}/all-no/page`)).toEqual({ allowed: true });
    expect(await robots.check(`${base}/yes`)).toEqual({ allowed: true });
    expect(fetches).toBe(1);
  });

  it("treats a missing robots.txt (4xx) as allow-all and an erroring one (5xx) as disallow-all", async () => {
    status = 404;
    expect(await createRobotsCache({ fetchOptions, userAgent: "qp-test" }).check(`${base}/no/page`)).toEqual({
      allowed: true,
    });
    status = 503;
    const verdict = await createRobotsCache({ fetchOptions, userAgent: "qp-test" }).check(`${base}/yes`);
    expect(verdict).toEqual({ allowed: false, reason: "robots.txt unavailable (HTTP 503)" });
  });
});
