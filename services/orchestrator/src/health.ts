import type { DependencyHealth } from "@qp/schema";
import { checkRedis, type HealthCheck, type Redis } from "@qp/service-kit";

async function timed(url: string, init: RequestInit, timeoutMs: number) {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    // fetch says "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND) is in its cause.
    const err = error as Error & { cause?: { code?: string } };
    const reason =
      err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (err.cause?.code ?? err.message);
    throw new Error(`${new URL(url).origin} unreachable: ${reason}`);
  }
  const latency_ms = Math.round((performance.now() - started) * 100) / 100;
  return { response, latency_ms };
}

/** Another of our services: its own `/health` answer decides (healthy, degraded or unhealthy). */
export function serviceCheck(baseUrl: string, timeoutMs = 1500): HealthCheck["check"] {
  return async (): Promise<DependencyHealth> => {
    const { response, latency_ms } = await timed(`${baseUrl}/health`, {}, timeoutMs);
    const body = (await response.json().catch(() => null)) as { status?: unknown } | null;
    const reported = body?.status;
    if (reported === "healthy" || reported === "degraded" || reported === "unhealthy") {
      return {
        status: reported,
        latency_ms,
        ...(reported !== "healthy" ? { message: `reports ${reported}` } : {}),
      };
    }
    return { status: "unhealthy", latency_ms, message: `GET /health answered HTTP ${response.status}` };
  };
}

/**
 * The broker, checked with the token we hold: `GET /v2/dlq?count=1` works on Upstash and on qstash-local and
 * reads nothing secret (unlike /v2/keys). A non-empty dead-letter queue is worth a look, not an outage.
 */
export function qstashCheck(baseUrl: string, token: string, timeoutMs = 1500): HealthCheck["check"] {
  return async (): Promise<DependencyHealth> => {
    const { response, latency_ms } = await timed(
      `${baseUrl.replace(/\/+$/, "")}/v2/dlq?count=1`,
      { headers: { authorization: `Bearer ${token}` } },
      timeoutMs,
    );
    if (response.status === 401 || response.status === 403) {
      return { status: "unhealthy", latency_ms, message: "QStash refused our token" };
    }
    if (response.status === 429) {
      // Management calls have a burst limit on Upstash; the broker is there and knows us, publishing is unaffected.
      return { status: "degraded", latency_ms, message: "QStash rate-limited the health probe" };
    }
    if (!response.ok) {
      return { status: "unhealthy", latency_ms, message: `QStash answered HTTP ${response.status}` };
    }
    const body = (await response.json().catch(() => null)) as { messages?: unknown[] } | null;
    const dead = Array.isArray(body?.messages) && body.messages.length > 0;
    return { status: "healthy", latency_ms, ...(dead ? { message: "dead-letter queue has messages" } : {}) };
  };
}

/**
 * Reuse a check's answer for `ttlMs`: every `GET /health` (load balancers poll it every few seconds) would
 * otherwise be one call to the broker's management API, which Upstash rate-limits. Concurrent probes share
 * one call; a failure is cached like a success (the broker is not asked again sooner because it failed).
 */
export function cached(check: HealthCheck["check"], ttlMs: number): HealthCheck["check"] {
  let last: { at: number; answer: Promise<DependencyHealth> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= ttlMs) {
      const answer = check().catch(
        (error: Error): DependencyHealth => ({ status: "unhealthy", message: error.message }),
      );
      last = { at: now, answer };
    }
    return last.answer;
  };
}

export function redisCheck(redis: Redis): HealthCheck["check"] {
  return () => checkRedis(redis);
}
