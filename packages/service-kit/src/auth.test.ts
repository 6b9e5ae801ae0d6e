import { createConnection } from "node:net";
import { networkInterfaces } from "node:os";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { bearerToken, checkExposure, isLoopbackHost, requireSecret, sameSecret } from "./auth.ts";
import { installServiceBasics, type ServiceEnv } from "./http.ts";
import { createLogger } from "./logger.ts";
import { listen } from "./serve.ts";
import { EnvError, envHost } from "./web/env.ts";

const logger = createLogger({ service: "kit-test", level: "silent" });
const SECRET = "a-secret-of-enough-length";

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

describe("secrets", () => {
  it("compares secrets exactly", () => {
    expect(sameSecret(SECRET, SECRET)).toBe(true);
    expect(sameSecret(`${SECRET}x`, SECRET)).toBe(false);
    expect(sameSecret(SECRET.slice(0, -1), SECRET)).toBe(false);
    expect(sameSecret("", SECRET)).toBe(false);
  });

  it("reads Bearer credentials with the scheme in any case", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("BEARER   abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken("Bearer")).toBeUndefined();
    expect(bearerToken("Bearer a b")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it("requireSecret: 401 envelope without or with a wrong secret; open paths and X-Api-Key when allowed", async () => {
    const app = new Hono<ServiceEnv>();
    installServiceBasics(app, logger);
    app.use(
      "*",
      requireSecret({ secret: SECRET, name: "API_KEY", apiKeyHeader: true, open: (p) => p === "/health" }),
    );
    app.get("/health", (c) => c.json({ ok: true }));
    app.get("/data", (c) => c.json({ ok: true }));
    const none = await app.request("/data");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="API_KEY"');
    expect(await none.json()).toMatchObject({
      error: { code: "unauthorized", requestId: expect.any(String) },
    });
    const wrong = await app.request("/data", { headers: { authorization: "Bearer nope-nope" } });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(await wrong.json())).not.toContain("nope-nope");
    expect((await app.request("/data", { headers: { authorization: `Bearer ${SECRET}` } })).status).toBe(200);
    expect((await app.request("/data", { headers: { "x-api-key": SECRET } })).status).toBe(200);
    expect((await app.request("/health")).status).toBe(200);
  });

  it("requireSecret without a secret lets everything through (the loopback-only case)", async () => {
    const app = new Hono<ServiceEnv>();
    app.use("*", requireSecret({ secret: undefined, name: "SERVICE_TOKEN" }));
    app.get("/x", (c) => c.text("ok"));
    expect((await app.request("/x")).status).toBe(200);
  });
});

describe("binding", () => {
  it("HOST defaults to 127.0.0.1, and listen() binds loopback unless told otherwise", async () => {
    expect(envHost.parse(undefined)).toBe("127.0.0.1");
    const server = await listen(() => new Response("ok"), { port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await connects("127.0.0.1", server.port)).toBe(true);
      // This machine's other addresses must not reach it.
      const external = Object.values(networkInterfaces())
        .flat()
        .find((info) => info && !info.internal && info.family === "IPv4");
      if (!external) console.warn("no non-loopback IPv4 address here: the not-reachable half is not checked");
      else expect(await connects(external.address, server.port)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("knows loopback addresses", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "192.168.1.2", "example.com"])
      expect(isLoopbackHost(host)).toBe(false);
  });

  it("checkExposure: refuses beyond loopback without the secrets, warns once each on loopback", () => {
    const lines: string[] = [];
    const warn = { warn: (_: unknown, message: string) => lines.push(message) };
    expect(() => checkExposure("0.0.0.0", { SERVICE_TOKEN: undefined, API_KEY: SECRET }, warn)).toThrow(
      EnvError,
    );
    expect(() => checkExposure("0.0.0.0", { SERVICE_TOKEN: undefined }, warn)).toThrow(
      /SERVICE_TOKEN: required/,
    );
    expect(lines).toEqual([]);
    checkExposure("0.0.0.0", { SERVICE_TOKEN: SECRET }, warn);
    checkExposure("127.0.0.1", { SERVICE_TOKEN: undefined, API_KEY: undefined }, warn);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/SERVICE_TOKEN unset/);
  });
});
