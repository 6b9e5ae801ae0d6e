import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { freePort } from "@qp/testing";
import { waitUntil } from "./service-process.ts";

export interface WranglerDev {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** True while the wrangler process has neither exited nor been killed. */
  alive: () => boolean;
  stop: () => Promise<void>;
}

/**
 * The edge worker under the real `wrangler dev` (workerd behind wrangler's ProxyWorker, as a developer runs it)
 * on free loopback ports, with `vars` passed as `--var`. Ready once `/health` answers at all.
 */
export async function startWranglerDev(vars: Record<string, string>): Promise<WranglerDev> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    "npx",
    [
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
    {
      cwd: resolve(import.meta.dirname, "../../services/edge-worker"),
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: npx → wrangler → workerd, and stopping npx alone would orphan workerd.
      detached: true,
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (!child.pid || !alive()) return;
    const exited = new Promise((done) => child.once("exit", done));
    process.kill(-child.pid, "SIGTERM");
    await exited;
  };
  try {
    await waitUntil(
      async () => {
        if (!alive()) throw new Error(`wrangler dev exited:\n${output}`);
        const res = await fetch(`${url}/health`).catch(() => undefined);
        return res ? true : undefined;
      },
      { timeoutMs: 90_000, describe: () => output },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, child, output: () => output, alive, stop };
}
