import type { DependencyHealth, HealthResponse, HealthStatus } from "@qp/schema";
import type { Handler } from "hono";
import { scrubPaths } from "./web/envelope.ts";

export interface HealthCheck {
  /** Probe the dependency; a throw or a timeout counts as unhealthy. */
  check: () => Promise<DependencyHealth>;
  /** A required dependency makes the service unhealthy when down; an optional one only degraded. */
  required?: boolean;
}

async function probe(check: HealthCheck["check"], timeoutMs: number): Promise<DependencyHealth> {
  try {
    return await Promise.race([
      check(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
  } catch (error) {
    // Health answers are read by anyone who can reach /health: no server file paths in them.
    return { status: "unhealthy", message: scrubPaths((error as Error).message) };
  }
}

/** Run every check in parallel and fold them into one honest status. */
export async function collectHealth(
  service: string,
  checks: Record<string, HealthCheck>,
  timeoutMs = 2000,
): Promise<HealthResponse> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, hc]) => [name, await probe(hc.check, timeoutMs)] as const),
  );
  let status: HealthStatus = "healthy";
  for (const [name, result] of entries) {
    if (result.status === "healthy") continue;
    const required = checks[name]?.required ?? true;
    if (required && result.status === "unhealthy") status = "unhealthy";
    else if (status === "healthy") status = "degraded";
  }
  return { status, service, services: Object.fromEntries(entries) };
}

/** `GET /health`: 200 when healthy or degraded, 503 when unhealthy (so load balancers take it out). */
export function healthHandler(service: string, checks: Record<string, HealthCheck>): Handler {
  return async (c) => {
    const body = await collectHealth(service, checks);
    return c.json(body, body.status === "unhealthy" ? 503 : 200);
  };
}
