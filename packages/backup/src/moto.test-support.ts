import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort } from "@qp/testing";

/** moto's S3-compatible server, installed from PyPI into an ignored venv on first use. */
const VENV = fileURLToPath(new URL("../../../.cache/moto-venv", import.meta.url));
const MOTO = `${VENV}/bin/moto_server`;
export const MOTO_VERSION = "5.2.5";

/** Install moto[server] if needed; the reason it cannot run here, or undefined when it can. */
export function ensureMoto(): string | undefined {
  if (existsSync(MOTO)) return undefined;
  const venv = spawnSync("python3", ["-m", "venv", VENV], { encoding: "utf8" });
  if (venv.status !== 0)
    return `python3 -m venv failed: ${(venv.stderr || venv.error?.message || "").trim()}`;
  const pip = spawnSync(`${VENV}/bin/pip`, ["install", "-q", `moto[server]==${MOTO_VERSION}`], {
    encoding: "utf8",
    timeout: 280_000,
  });
  if (pip.status !== 0 || !existsSync(MOTO)) {
    return `pip install moto[server]==${MOTO_VERSION} failed: ${(pip.stderr || pip.error?.message || "").trim().slice(-400)}`;
  }
  return undefined;
}

export interface Moto {
  url: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child: ChildProcess = spawn(MOTO, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/moto-api/`)).status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("moto_server did not answer within 60 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
