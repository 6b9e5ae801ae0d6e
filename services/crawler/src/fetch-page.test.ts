import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FetchOptions, fetchPage, fetchWithRetries } from "./fetch-page.ts";
import { createResolver } from "./ssrf.ts";

describe("fetchPage", () => {
  const seen: Array<{ host?: string | undefined; path?: string | undefined }> = [];
  let port = 0;
  const server = createServer((req, res) => {
    seen.push({ host: req.headers.host, path: req.url });
    if (req.url === "/redirect-away") {
      res.writeHead(302, { location: "http://rebind.test/next" });
      return res.end();
    }
    res.writeHead(req.url === "/reset" ? 502 : 200, { "content-type": "text/plain" });
    res.end("hello");
  });
  const options = (resolve: FetchOptions["resolve"]): FetchOptions => ({
    resolve,
    timeoutMs: 2000,
    maxBytes: 1000,
    maxRedirects: 3,
    userAgent: "qp-test",
    acceptType: () => true,
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("connects to the address the guard checked, whatever DNS would say (no rebinding)", async () => {
    // `rebind.test` does not resolve at all; the pinned lookup still takes the socket to the checked address,
    // and the Host header keeps the real name.
    const page = await fetchPage(
      `http://rebind.test:${port}/x`,
      options(async () => ({ address: "127.0.0.1", family: 4 })),
    );
    expect(page.body.toString()).toBe("hello");
    expect(seen.at(-1)).toEqual({ host: `rebind.test:${port}`, path: "/x" });
  });

  it("runs the guard again on every redirect hop", async () => {
    const asked: string[] = [];
    const guard = createResolver({ allowHosts: ["localhost"] });
    const resolve: FetchOptions["resolve"] = async (host) => {
      asked.push(host);
      return guard(host);
    };
    await expect(fetchPage(`http://localhost:${port}/redirect-away`, options(resolve))).rejects.toThrow(
      /cannot resolve rebind\.test/,
    );
    expect(asked).toEqual(["localhost", "rebind.test"]);
  });

  it("counts attempts: 5xx retried, then reported with the attempt count", async () => {
    const before = seen.length;
    const failure = fetchWithRetries(
      `http://localhost:${port}/reset`,
      options(createResolver({ allowHosts: ["localhost"] })),
      {
        retries: 2,
        baseDelayMs: 1,
      },
    );
    await expect(failure).rejects.toMatchObject({
      message: "HTTP 502 (after 3 attempts)",
      statusCode: 502,
      retryable: true,
    });
    expect(seen.length - before).toBe(3);
  });
});
