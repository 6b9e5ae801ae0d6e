/**
 * `pnpm start`: the whole pipeline on one machine, no accounts needed. Starts Redis (from PATH, unless
 * REDIS_URL is set), qstash-local (unless QSTASH_URL is set), the orchestrator, crawler, parser and validator,
 * and the edge worker in workerd (`wrangler dev`), waits until each answers, prints where they are, and
 * stops everything on Ctrl-C. Service logs are JSON lines with a `service` field, passed through.
 *
 * Overrides: every service's own env var (see each services/<name>/README.md), plus STACK_DATA_DIR
 * (default .data), MARKET_DATA_DIR (your price CSVs; default infra/market), EDGE=false to skip the Worker.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const root = resolve(import.meta.dirname, "..");
const dataDir = resolve(root, process.env.STACK_DATA_DIR ?? ".data");
// QStash's published dev credentials: qstash-local's defaults, also what `QSTASH_DEV=true` clients use.
const DEV_TOKEN = "eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=";
const DEV_CURRENT = "sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r";
const DEV_NEXT = "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs";

const children: Array<{ name: string; child: ChildProcess }> = [];
let stopping = false;

function start(name: string, command: string, args: string[], env: Record<string, string>, cwd = root) {
  // Each child leads its own process group, so stopping it also stops what it started (npx → wrangler → workerd).
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  child.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`stack: ${name} exited (${signal ?? code}); stopping the stack`);
      void stop(1);
    }
  });
  children.push({ name, child });
}

async function waitFor(name: string, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      // Any HTTP answer means the process is up; /health's own status is printed for the reader.
      await res.body?.cancel();
      return;
    } catch {
      await sleep(250);
    }
  }
  throw new Error(`${name} did not answer on ${url} within ${timeoutMs / 1000} s`);
}

async function stop(code = 0): Promise<never> {
  stopping = true;
  for (const { child } of [...children].reverse()) {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM"); // no group of its own (or already gone): signal the process itself
      }
    }
  }
  await Promise.all(
    children.map(({ child }) =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((done) => child.once("exit", done)),
    ),
  );
  process.exit(code);
}

process.once("SIGINT", () => void stop(0));
process.once("SIGTERM", () => void stop(0));

const node = (service: string) => ["--import", "tsx", resolve(root, "services", service, "src/main.ts")];

async function main(): Promise<void> {
  mkdirSync(resolve(dataDir, "redis"), { recursive: true });
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    if (spawnSync("redis-server", ["--version"]).error) {
      throw new Error(
        "redis-server is not on PATH: install it (apt-get install -y redis-server) or set REDIS_URL",
      );
    }
    const port = process.env.REDIS_PORT ?? "6379";
    start(
      "redis",
      "redis-server",
      ["--port", port, "--bind", "127.0.0.1", "--dir", resolve(dataDir, "redis"), "--appendonly", "yes"],
      {},
    );
    redisUrl = `redis://127.0.0.1:${port}`;
  }
  const qstash = {
    QSTASH_URL: process.env.QSTASH_URL ?? "http://127.0.0.1:8080",
    QSTASH_TOKEN: process.env.QSTASH_TOKEN ?? DEV_TOKEN,
    QSTASH_CURRENT_SIGNING_KEY: process.env.QSTASH_CURRENT_SIGNING_KEY ?? DEV_CURRENT,
    QSTASH_NEXT_SIGNING_KEY: process.env.QSTASH_NEXT_SIGNING_KEY ?? DEV_NEXT,
  };
  const shared = {
    REDIS_URL: redisUrl,
    ...qstash,
    ORCHESTRATOR_URL: "http://127.0.0.1:8000",
    PARSER_URL: "http://127.0.0.1:8002",
    VALIDATOR_URL: "http://127.0.0.1:8003",
    VECTOR_DB_PATH: process.env.VECTOR_DB_PATH ?? resolve(dataDir, "lancedb"),
  };
  if (!process.env.QSTASH_URL) {
    start("qstash-local", process.execPath, node("qstash-local"), {
      ...qstash,
      PORT: "8080",
      QSTASH_DATA_DIR: resolve(dataDir, "qstash"),
    });
    await waitFor("qstash-local", "http://127.0.0.1:8080/health");
  }
  // Offline machines: use the model copy `pnpm test` fetched from PyPI when there is one, else the hub.
  const localModel = resolve(root, ".cache/models");
  const modelDir =
    process.env.MODEL_DIR ??
    (existsSync(resolve(localModel, "Xenova/all-MiniLM-L6-v2")) ? localModel : undefined);
  start("parser", process.execPath, node("parser"), {
    ...shared,
    PORT: "8002",
    ...(modelDir ? { MODEL_DIR: modelDir } : {}),
  });
  start("validator", process.execPath, node("validator"), {
    ...shared,
    PORT: "8003",
    MARKET_DATA_DIR: process.env.MARKET_DATA_DIR ?? resolve(root, "infra/market"),
  });
  start("orchestrator", process.execPath, node("orchestrator"), {
    ...shared,
    PORT: "8000",
    PUBLIC_URL: "http://127.0.0.1:8000",
  });
  start("crawler", process.execPath, node("crawler"), { ...shared, PORT: "8001" });
  const endpoints: Array<[string, string]> = [
    ["orchestrator", "http://127.0.0.1:8000/health"],
    ["crawler", "http://127.0.0.1:8001/health"],
    ["parser", "http://127.0.0.1:8002/health"],
    ["validator", "http://127.0.0.1:8003/health"],
  ];
  if (process.env.EDGE !== "false") {
    start(
      "edge-worker",
      "npx",
      [
        "wrangler",
        "dev",
        "--port",
        "8787",
        "--ip",
        "127.0.0.1",
        "--var",
        "ORCHESTRATOR_URL:http://127.0.0.1:8000",
        "--var",
        `QSTASH_URL:${qstash.QSTASH_URL}`,
        "--var",
        `QSTASH_TOKEN:${qstash.QSTASH_TOKEN}`,
      ],
      { WRANGLER_SEND_METRICS: "false" },
      resolve(root, "services/edge-worker"),
    );
    endpoints.push(["edge-worker", "http://127.0.0.1:8787/health"]);
  }
  for (const [name, url] of endpoints) await waitFor(name, url);
  console.log(`
qstash-pipeline is up (data in ${dataDir}):
  edge worker    http://127.0.0.1:8787     POST / {"concept": "golden cross 50/200 on SPY"}
  orchestrator   http://127.0.0.1:8000     GET /api/concepts/:id, GET /api/search?q=..., /health, /metrics
  qstash-local   ${qstash.QSTASH_URL}
  crawler        http://127.0.0.1:8001/health   parser http://127.0.0.1:8002   validator http://127.0.0.1:8003
Ctrl-C stops everything.`);
}

main().catch((error: Error) => {
  console.error(`stack: ${error.message}`);
  void stop(1);
});
