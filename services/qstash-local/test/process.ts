import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const MAIN = join(dirname(fileURLToPath(import.meta.url)), "../src/main.ts");

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>;
}

/**
 * Run qstash-local as its own process (`node --import tsx src/main.ts`) on a free port and resolve once its
 * JSON "listening" line names the port.
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: { ...process.env, PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill9 = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      void kill9();
      reject(new Error(`qstash-local did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split("\n")) {
        if (!line.includes('"listening"')) continue;
        const port = (JSON.parse(line) as { port: number }).port;
        clearTimeout(timer);
        // Keep draining its output so a full pipe never blocks the server.
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        child.stderr?.removeAllListeners("data");
        child.stderr?.resume();
        resolve({ url: `http://127.0.0.1:${port}`, child, kill9 });
        return;
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`qstash-local exited with ${code}:\n${output}`));
    });
  });
}
