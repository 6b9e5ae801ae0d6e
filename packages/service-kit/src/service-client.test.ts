import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { freePort } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withCorrelationId } from "./logger.ts";
import { callService, ServiceRefused, ServiceUnavailable } from "./service-client.ts";

const TOKEN = "a-service-token-of-32-characters";
let server: Server;
let base: string;
let seen: IncomingHttpHeaders | undefined;

beforeAll(async () => {
  // A real loopback server answering the way our services (and broken ones) do.
  server = createServer((req, res) => {
    seen = req.headers;
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const envelope = (status: number, message: string) =>
      json(status, { error: { code: "x", message, requestId: "r" } });
    switch (req.url) {
      case "/ok":
        return json(200, { ok: true });
      case "/text":
        return res.writeHead(200).end("<html>proxy page</html>");
      case "/bad":
        return envelope(400, "concept must have at least 3 characters");
      case "/busy":
        return envelope(503, "vector store down");
      case "/token":
        return envelope(401, "invalid SERVICE_TOKEN");
      case "/slow":
        return envelope(429, "slow down");
      case "/hang":
        return; // never answers
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(path: string, timeoutMs = 5000): Promise<Error> {
  return callService("peer", `${base}${path}`, { body: { a: 1 }, timeoutMs, token: TOKEN }).then(
    () => {
      throw new Error("expected a failure");
    },
    (error: Error) => error,
  );
}

describe("callService", () => {
  it("posts JSON with the token and the current correlation id, and returns the parsed answer", async () => {
    const answer = await withCorrelationId("req-42", () =>
      callService("peer", `${base}/ok`, { body: { a: 1 }, timeoutMs: 5000, token: TOKEN }),
    );
    expect(answer).toEqual({ status: 200, body: { ok: true } });
    expect(seen).toMatchObject({
      "x-request-id": "req-42",
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
    });
  });

  it("a 4xx is refused for good (PermanentError), with the peer's envelope message", async () => {
    const error = await failure("/bad");
    expect(error).toBeInstanceOf(ServiceRefused);
    expect(error).toMatchObject({
      status: 400,
      reason: "concept must have at least 3 characters",
      retryable: false,
    });
  });

  it.each([
    ["/busy", /HTTP 503: vector store down/],
    ["/slow", /HTTP 429/],
    ["/token", /HTTP 401: refused our SERVICE_TOKEN/],
    ["/text", /not JSON/],
  ])("%s is worth a retry (TransientError)", async (path, message) => {
    const error = await failure(path);
    expect(error).toBeInstanceOf(ServiceUnavailable);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(TOKEN);
  });

  it("a peer that never answers is cut off at the deadline, a closed port is unavailable", async () => {
    expect((await failure("/hang", 300)).message).toMatch(/no answer within 300 ms/);
    const port = await freePort();
    const closed = await callService("peer", `http://127.0.0.1:${port}/x`, { timeoutMs: 5000 }).catch(
      (e: Error) => e,
    );
    expect(closed).toBeInstanceOf(ServiceUnavailable);
    expect((closed as Error).message).toMatch(/ECONNREFUSED/);
  });
});
