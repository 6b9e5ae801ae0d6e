import { type ChildProcess, spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "./net.ts";
import { startProcess } from "./process.ts";

export const REDIS_INSTALL_HINT =
  "redis-server is not on PATH. Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`; " +
  "macOS: `brew install redis`) or set REDIS_URL to a running Redis.";

export interface LocalRedis {
  url: string;
  port: number;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/**
 * Start a throw-away `redis-server` from PATH on a free loopback port (no persistence) and wait until it
 * answers PING. Throws with install instructions when the binary is missing.
 */
export async function startRedisServer({ timeoutMs = 10_000 } = {}): Promise<LocalRedis> {
  const found = spawnSync("redis-server", ["--version"], { stdio: "ignore" });
  if (found.error) throw new Error(REDIS_INSTALL_HINT);
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const started = await startProcess({
    name: "redis-server",
    command: "redis-server",
    args: [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--protected-mode",
      "yes",
    ],
    timeoutMs,
    ready: () => answersPing(url),
  });
  return { url, port, process: started.child, stop: () => started.stop() };
}

async function answersPing(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
