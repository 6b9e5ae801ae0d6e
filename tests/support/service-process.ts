import { resolve } from "node:path";
import { answers, type StartedProcess, startProcess } from "@qp/testing";

const repoRoot = resolve(import.meta.dirname, "../..");

export interface ServiceProcess extends StartedProcess {
  url: string;
}

/**
 * Start one service through its real entry point (`services/NAME/src/main.ts`, as `pnpm start` and the
 * images run it) with `env`, and wait until `GET {url}/health` answers at all (any status: a degraded
 * service is still up). Fails with the service's own output when it exits or never answers.
 */
export async function startService(
  name: string,
  port: number,
  env: Record<string, string>,
  { timeoutMs = 60_000 } = {},
): Promise<ServiceProcess> {
  const url = `http://127.0.0.1:${port}`;
  const started = await startProcess({
    name,
    args: ["--import", "tsx", resolve(repoRoot, "services", name, "src/main.ts")],
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: "warn", ...env, PORT: String(port), HOST: "127.0.0.1" },
    timeoutMs,
    intervalMs: 100,
    ready: () => answers(`${url}/health`),
  });
  return { ...started, url };
}
