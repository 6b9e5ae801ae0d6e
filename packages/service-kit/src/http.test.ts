import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { healthHandler } from "./health.ts";
import { installServiceBasics, type ServiceEnv } from "./http.ts";
import { createLogger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { scrubPaths } from "./web/envelope.ts";
import { HttpError, PermanentError, TransientError, validationError } from "./web/errors.ts";

const logger = createLogger({ service: "kit-test", level: "silent" });

function buildApp() {
  const app = new Hono<ServiceEnv>();
  const metrics = createMetrics("kit-test", { defaults: false });
  installServiceBasics(app, logger);
  app.use("*", metrics.middleware);
  app.get("/metrics", metrics.handler);
  app.get("/items/:id", (c) => c.json({ id: c.req.param("id"), requestId: c.var.requestId }));
  app.post("/validate", async (c) => {
    const parsed = z.strictObject({ name: z.string().min(3) }).safeParse(await c.req.json());
    if (!parsed.success) throw validationError(parsed.error);
    return c.json(parsed.data);
  });
  app.get("/teapot", () => {
    throw new HttpError(418, "teapot", "short and stout", undefined, { "Retry-After": "5" });
  });
  app.get("/permanent", () => {
    throw new PermanentError("schema mismatch");
  });
  app.get("/transient", () => {
    throw new TransientError("parser down");
  });
  app.get("/csv", () => {
    throw new HttpError(422, "csv_bad_date", "/srv/app/data/market/SPY.csv line 5: cannot read the date");
  });
  app.get("/model", () => {
    throw new TransientError("ENOENT: no such file, open '/home/app/.cache/models/onnx/model.onnx'");
  });
  app.get("/boom", () => {
    throw new Error("secret internals");
  });
  return app;
}

describe("service basics", () => {
  const app = buildApp();

  it("echoes a well-formed request id and makes one up otherwise", async () => {
    const given = await app.request("/items/1", { headers: { "X-Request-Id": "abc-123" } });
    expect(given.headers.get("x-request-id")).toBe("abc-123");
    expect(await given.json()).toEqual({ id: "1", requestId: "abc-123" });
    const bad = await app.request("/items/1", { headers: { "X-Request-Id": "<script>" } });
    expect(bad.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers validation errors with the envelope naming the path", async () => {
    const res = await app.request("/validate", {
      method: "POST",
      body: JSON.stringify({ name: "x", extra: 1 }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; message: string; details: Array<{ path: string }> };
    };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details.map((d) => d.path)).toEqual(expect.arrayContaining(["name", "(root)"]));
  });

  it("maps error kinds to statuses", async () => {
    const teapot = await app.request("/teapot");
    expect([teapot.status, teapot.headers.get("retry-after")]).toEqual([418, "5"]);
    const permanent = await app.request("/permanent");
    expect(permanent.status).toBe(489);
    expect(permanent.headers.get("upstash-nonretryable-error")).toBe("true");
    expect((await app.request("/transient")).status).toBe(503);
    const boom = await app.request("/boom");
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(text).not.toContain("secret internals");
    expect(JSON.parse(text)).toMatchObject({ error: { code: "internal_error" } });
  });

  it("keeps server file paths out of error answers (issue 12), URLs intact", async () => {
    const csv = await (await app.request("/csv")).json();
    expect(csv.error.message).toBe("SPY.csv line 5: cannot read the date");
    const model = await (await app.request("/model")).json();
    expect(model.error.message).toBe("ENOENT: no such file, open 'model.onnx'");
    expect(scrubPaths("see https://example.com/a/b/c and /etc/shadow")).toBe(
      "see https://example.com/a/b/c and shadow",
    );
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await app.request("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("exposes request metrics labelled by route pattern", async () => {
    const count = async () => {
      const text = await (await app.request("/metrics")).text();
      expect(text).not.toContain('route="/items/7"');
      const match = text.match(
        /http_requests_total\{[^}]*route="\/items\/:id"[^}]*status="200"[^}]*\} (\d+)/,
      );
      return Number(match?.[1] ?? 0);
    };
    const before = await count();
    await app.request("/items/7");
    await app.request("/items/8");
    expect((await count()) - before).toBe(2);
  });
});

describe("health", () => {
  it("is unhealthy (503) when a required dependency is down and degraded when an optional one is", async () => {
    const app = new Hono();
    app.get(
      "/required-down",
      healthHandler("svc", {
        redis: { check: async () => ({ status: "healthy" }) },
        parser: { check: async () => Promise.reject(new Error("ECONNREFUSED")) },
      }),
    );
    app.get(
      "/optional-down",
      healthHandler("svc", {
        redis: { check: async () => ({ status: "healthy" }) },
        parser: { check: async () => ({ status: "unhealthy", message: "down" }), required: false },
      }),
    );
    const down = await app.request("/required-down");
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: "unhealthy",
      services: { parser: { status: "unhealthy", message: "ECONNREFUSED" } },
    });
    const degraded = await app.request("/optional-down");
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({ status: "degraded" });
  });
});
