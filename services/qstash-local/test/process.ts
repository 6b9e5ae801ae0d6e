import { fileURLToPath } from "node:url";
// The narrow entry: the package root also exports the Redis helpers, and ioredis must not enter the edge worker
// project's globalSetup module graph beside the one other projects load ("Cannot redefine property: default").
import { listeningPort, type StartedProcess, startProcess } from "@qp/testing/process";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));

export interface QstashLocalProcess extends StartedProcess {
  url: string;
}

/**
 * The real qstash-local as its own process (`node --import tsx src/main.ts`, as its README documents)
 * on a free loopback port, ready once its JSON "listening" line names the port. A separate process keeps its
 * native SQLite module out of the test runner, and lets a test kill -9 it. Other suites (the edge worker's,
 * the benches) start it through this too: `@qp/qstash-local/test-process`.
 */
export async function startQstashLocalProcess(
  env: Record<string, string>,
  { timeoutMs = 30_000 } = {},
): Promise<QstashLocalProcess> {
  const started = await startProcess({
    name: "qstash-local",
    args: ["--import", "tsx", MAIN],
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    timeoutMs,
    ready: ({ output }) => listeningPort(output()),
  });
  return { ...started, url: `http://127.0.0.1:${started.ready}` };
}
