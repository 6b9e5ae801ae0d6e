import { resolve } from "node:path";
import { answers, freePort, type StartedProcess, startProcess } from "@qp/testing";

export interface WranglerDev extends StartedProcess {
  url: string;
}

/**
 * The edge worker under the real `wrangler dev` (workerd behind wrangler's ProxyWorker, as a developer runs it)
 * on free loopback ports, with `vars` passed as `--var`. Ready once `/health` answers at all.
 */
export async function startWranglerDev(vars: Record<string, string>): Promise<WranglerDev> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = await startProcess({
    name: "wrangler dev",
    command: "npx",
    args: [
      "wrangler",
      "dev",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      String(await freePort()),
      ...Object.entries(vars).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
    ],
    cwd: resolve(import.meta.dirname, "../../services/edge-worker"),
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    // Its own process group: npx → wrangler → workerd, and stopping npx alone would orphan workerd.
    detached: true,
    timeoutMs: 90_000,
    intervalMs: 200,
    ready: () => answers(`${url}/health`, 30_000),
  });
  return { ...started, url };
}
