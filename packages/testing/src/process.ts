import { type ChildProcess, spawn } from "node:child_process";
import { waitUntil } from "./wait.ts";

export interface StartProcessOptions<T> {
  /** Named in every failure message. */
  name: string;
  /** The program (default: this Node binary) and its arguments. */
  command?: string;
  args: readonly string[];
  cwd?: string;
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /**
   * Run in a process group of its own and stop the whole group: for launchers (`npx wrangler` → workerd,
   * `pnpm` → node) whose grandchildren would be orphaned by stopping the launcher alone.
   */
  detached?: boolean;
  /**
   * Readiness, polled until it returns a value other than undefined/null/false (that value becomes `ready`):
   * a log line in `output()`, or an HTTP probe. Without it the process is returned as soon as it is spawned.
   */
  ready?: (started: StartedProcess) => T | undefined | null | false | Promise<T | undefined | null | false>;
  /** How long readiness may take (default 30 s). */
  timeoutMs?: number;
  /** Pause between readiness probes (default 50 ms). */
  intervalMs?: number;
}

export interface StartedProcess {
  name: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far (always drained, so a full pipe never blocks it). */
  output: () => string;
  /** True while it has neither exited nor been killed. */
  alive: () => boolean;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** SIGTERM (to its group when detached), SIGKILL after `graceMs` (default 10 s); resolves on exit. */
  stop: (options?: { graceMs?: number }) => Promise<void>;
  /** SIGKILL and wait for the exit: a crash, as the OOM killer or a power cut does it. */
  kill9: () => Promise<void>;
}

/**
 * Spawn a process with its output collected, wait for `ready`, and hand back how to stop it. Fails with the
 * process's own output when it exits or is not ready in time (and then leaves nothing running).
 */
export async function startProcess<T = true>({
  name,
  command = process.execPath,
  args,
  cwd,
  env = process.env,
  detached = false,
  ready,
  timeoutMs = 30_000,
  intervalMs = 50,
}: StartProcessOptions<T>): Promise<StartedProcess & { ready: T }> {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    // A binary that is not there: no "exit", only "error".
    child.once("error", (error) => {
      output += `\n${error.message}`;
      resolve(null);
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const signal = (sig: NodeJS.Signals) => {
    if (!alive() || child.pid === undefined) return;
    try {
      if (detached) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // It exited between the check and the signal.
    }
  };
  const stop = async ({ graceMs = 10_000 } = {}) => {
    if (!alive()) return;
    signal("SIGTERM");
    const timer = setTimeout(() => signal("SIGKILL"), graceMs);
    timer.unref();
    await exited;
    clearTimeout(timer);
  };
  const kill9 = async () => {
    signal("SIGKILL");
    await exited;
  };
  const started: StartedProcess = { name, child, output: () => output, alive, exited, stop, kill9 };
  if (!ready) return { ...started, ready: true as T };
  try {
    const value = await waitUntil(
      async () => {
        if (!alive()) {
          await exited;
          throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
        }
        return ready(started);
      },
      { timeoutMs, intervalMs, what: () => `${name} to be ready:\n${output}` },
    );
    return { ...started, ready: value as T };
  } catch (error) {
    await kill9();
    throw error;
  }
}

/** The port a service named in its JSON "listening" log line (`{"msg":"listening","port":…}`), if it has yet. */
export function listeningPort(output: string): number | undefined {
  for (const line of output.split("\n")) {
    if (!line.includes('"listening"')) continue;
    try {
      const port = (JSON.parse(line) as { port?: unknown }).port;
      if (typeof port === "number" && port > 0) return port;
    } catch {
      // A partly written line; the next poll sees it whole.
    }
  }
  return undefined;
}

/** A readiness probe for `startProcess`: true once `url` answers at all (any status: a degraded service is up). */
export async function answers(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}
