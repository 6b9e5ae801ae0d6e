import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

const repoRoot = resolve(import.meta.dirname, "../..");

export interface ServiceProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Everything the service wrote, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
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
  const child = spawn(
    process.execPath,
    ["--import", "tsx", resolve(repoRoot, "services", name, "src/main.ts")],
    {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: "warn", ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${name} did not answer on ${url}/health within ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  return { name, url, child, output: () => output, stop };
}

/** Poll `probe` until it returns a value other than undefined, or fail after `timeoutMs` with `describe()`. */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined>,
  {
    timeoutMs = 60_000,
    intervalMs = 200,
    describe = () => "",
  }: {
    timeoutMs?: number;
    intervalMs?: number;
    describe?: () => string | Promise<string>;
  } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms\n${await describe()}`);
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}
