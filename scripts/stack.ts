/**
 * `pnpm start [--sources web|fixtures] [--market-dir DIR] [--fixed-ports]`: the whole pipeline on one machine,
 * no accounts needed. Starts Redis (from PATH, unless REDIS_URL is set), qstash-local (unless QSTASH_URL is
 * set), the orchestrator, crawler, parser and validator, and the edge worker in workerd (`wrangler dev`), each
 * on a free loopback port (`--fixed-ports`: 6379, 8080, 8000-8003, 8787), fetches the embedding model when it
 * is missing, waits for each /health and prints each service's state with what is degraded and why, and every
 * socket the stack listens on. A service that dies is restarted (with backoff and a log line). SIGINT, SIGTERM
 * or SIGHUP to this process stops everything. Service logs are JSON lines with a `service` field, passed through.
 *
 * Overrides: each service's own env vars (services/<name>/README.md), STACK_DATA_DIR (default .data),
 * MARKET_DATA_DIR (default data/market), WEAVIATE_URL (instead of LanceDB), EDGE=false to skip the Worker.
 */
import { resolve } from "node:path";
import {
  describeStack,
  ROOT,
  removeState,
  type Sources,
  startStack,
  stopOnSignals,
  writeState,
} from "./stack/index.ts";

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};
const sources = (flag("sources") ?? "web") as Sources;
if (sources !== "web" && sources !== "fixtures") {
  console.error(`stack: --sources must be web or fixtures, not "${sources}"`);
  process.exit(2);
}
const dataDir = resolve(ROOT, process.env.STACK_DATA_DIR ?? ".data");
const log = (line: string) => console.error(line);

let stopStack = async (): Promise<void> => {};
stopOnSignals(async (reason) => {
  log(`stack: stopping (${reason})`);
  await stopStack();
  removeState(dataDir);
  log("stack: stopped");
});

try {
  const stack = await startStack({
    dataDir,
    sources,
    ...(flag("market-dir")
      ? { marketDir: resolve(process.env.INIT_CWD ?? process.cwd(), flag("market-dir")!) }
      : {}),
    output: { kind: "inherit" },
    log,
    register: (stop) => {
      stopStack = stop;
    },
    fixedPorts: argv.includes("--fixed-ports"),
    edge: process.env.EDGE !== "false",
  });
  writeState(dataDir, { pid: process.pid, sources, urls: stack.urls, started_at: new Date().toISOString() });
  console.log(`
qstash-pipeline is running (data in ${dataDir}, discovery: ${sources}):
${await describeStack(stack)}

  POST ${stack.edgeUrl ?? "(edge worker off)"} {"concept": "golden cross 50/200 on SPY"}
  GET  ${stack.orchestratorUrl}/api/concepts/:id   /api/concepts/:id/summary   /concepts/:id/report   /api/search?q=…
  or, in another terminal: pnpm research "golden cross 50/200 on SPY"  (uses this stack)
Ctrl-C (or SIGTERM to pid ${process.pid}) stops everything.`);
} catch (error) {
  log(`stack: ${(error as Error).message}`);
  await stopStack();
  process.exit(1);
}
