import type { Handler, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export interface ServiceMetrics {
  registry: Registry;
  /** Middleware recording `http_requests_total` and `http_request_duration_seconds` by route pattern. */
  middleware: MiddlewareHandler;
  /** `GET /metrics` in Prometheus text format. */
  handler: Handler;
}

/**
 * A Prometheus registry per service (not the global one, so tests can build many apps in one process) with
 * Node's default metrics and HTTP request metrics labelled by route pattern, never by raw path.
 */
export function createMetrics(service: string, { defaults = true } = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (defaults) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration by method and route",
    labelNames: ["method", "route"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    middleware: async (c, next) => {
      const started = performance.now();
      await next();
      // The last matched route is the handler's pattern (`/items/:id`); middleware-only matches are "*".
      const pattern = routePath(c, -1);
      const route = !pattern || pattern === "*" || pattern === "/*" ? "unmatched" : pattern;
      requests.inc({ method: c.req.method, route, status: String(c.res.status) });
      duration.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
    },
    handler: async (c) => c.body(await registry.metrics(), 200, { "Content-Type": registry.contentType }),
  };
}
