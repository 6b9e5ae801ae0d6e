import { setTimeout as sleep } from "node:timers/promises";

export interface HealthReport {
  name: string;
  url: string;
  /** healthy | degraded | unhealthy from the service's own /health, or "not answering". */
  status: string;
  /** One line per dependency that is not healthy: "model: unhealthy (no model files in …)". */
  problems: string[];
}

interface HealthBody {
  status?: string;
  services?: Record<string, { status?: string; message?: string }>;
}

/** One read of `GET {url}/health`, folded into a report; never throws. */
export async function readHealth(name: string, url: string): Promise<HealthReport> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(6000) });
    const body = (await res.json().catch(() => ({}))) as HealthBody;
    const problems = Object.entries(body.services ?? {})
      .filter(([, dep]) => dep.status !== "healthy")
      .map(([dep, { status, message }]) => `${dep}: ${status ?? "?"}${message ? ` (${message})` : ""}`);
    return { name, url, status: body.status ?? `HTTP ${res.status}`, problems };
  } catch (error) {
    return { name, url, status: "not answering", problems: [(error as Error).message] };
  }
}

/**
 * Poll `/health` until the service says healthy, or until `timeoutMs`; then return the last answer as it is
 * (degraded or unhealthy with its reasons) so the caller can say what is wrong instead of "up".
 * `alive()` false means the process died meanwhile: keep waiting, the supervisor restarts it.
 */
export async function waitHealthy(name: string, url: string, timeoutMs: number): Promise<HealthReport> {
  const deadline = Date.now() + timeoutMs;
  let last = await readHealth(name, url);
  // Degraded is final for this wait: it names an optional part that is missing, not one still starting.
  while (last.status !== "healthy" && last.status !== "degraded" && Date.now() < deadline) {
    await sleep(300);
    last = await readHealth(name, url);
  }
  return last;
}

export function formatHealth(report: HealthReport, extra = ""): string {
  const head = `  ${report.name.padEnd(13)} ${report.status.padEnd(10)} ${report.url}${extra ? `  ${extra}` : ""}`;
  return [head, ...report.problems.map((problem) => `      ${problem}`)].join("\n");
}
