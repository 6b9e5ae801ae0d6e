/**
 * The orchestrator's verified webhook throughput: signed QStash deliveries (HS256 JWTs minted exactly as
 * QStash mints them) POSTed to `/api/qstash` over loopback keep-alive connections by a bounded pool, against
 * a private redis-server. Every request is verified by the official Receiver, claimed on its unique
 * Upstash-Message-Id in Redis, handled (Lua merge or record+LPUSH) and settled. Side by side: a bare hono
 * server answering 200 on the same stack (the HTTP ceiling of this machine and load generator), and an
 * in-process micro-benchmark of signature verification (official Receiver vs node:crypto).
 * Goal: ≥ 5,000 verified deliveries/s on 2 cores.
 *
 * Runs the servers in a child process (this same file with `--serve`) so the load generator does not share
 * their event loop. Writes bench/results/orchestrator.json.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createSignatureVerifier } from "../packages/messaging/src/receiver.ts";
import { signJwt } from "../packages/messaging/src/testing/sign-jwt.ts";
import { createLogger, createRedisClient, listen } from "../packages/service-kit/src/index.ts";
import { freePort } from "../packages/testing/src/net.ts";
import { startRedisServer } from "../packages/testing/src/redis-server.ts";
import { createApp } from "../services/orchestrator/src/app.ts";
import { writeResult } from "./lib/results.ts";
import { percentile } from "./lib/stats.ts";

const CURRENT = "sig_bench_current_0123456789";
const NEXT = "sig_bench_next_9876543210";
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const WARMUP_MS = 1_000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const CONCEPT_ID = "0123456789abcdef01234567";

// ---------------------------------------------------------------- server side (child process)
async function serve(kind: string): Promise<void> {
  const logger = createLogger({ service: "orchestrator-bench", level: "warn" });
  if (kind === "bare") {
    // The same Node adapter (@hono/node-server) with no routing, verification or Redis; the body is read from
    // the Node request, as qstashReceiver does there.
    const fetch = async (req: Request, env?: { incoming?: AsyncIterable<Uint8Array> }) => {
      if (req.method === "GET") return Response.json(process.cpuUsage());
      if (env?.incoming) for await (const _chunk of env.incoming);
      else await req.text();
      return Response.json({ ok: true });
    };
    const server = await listen(fetch, { port: 0, hostname: "127.0.0.1" });
    process.stdout.write(`${JSON.stringify({ ready: server.url })}\n`);
    return;
  }
  const redis = createRedisClient({
    url: process.env.REDIS_URL ?? "",
    logger,
    keyPrefix: "bench:",
    options: { enableAutoPipelining: process.env.AUTO_PIPELINE === "1" },
  });
  const port = Number(process.env.PORT);
  const app = createApp({
    redis,
    logger,
    defaultMetrics: true,
    signing: {
      currentSigningKey: CURRENT,
      nextSigningKey: NEXT,
      publicUrl: `http://127.0.0.1:${port}`,
      fastPath: process.env.FAST_PATH !== "0",
    },
    config: {
      parserUrl: "http://127.0.0.1:1",
      validatorUrl: "http://127.0.0.1:1",
      parserTimeoutMs: 1000,
      validatorTimeoutMs: 1000,
    },
  });
  // GET /__cpu: this process's CPU time, so the bench can charge CPU per delivery (robust to a busy machine).
  // The env argument carries @hono/node-server's Node request (c.env.incoming); pass it on as main.ts does.
  const fetch = (req: Request, env?: unknown) =>
    new URL(req.url).pathname === "/__cpu" ? Response.json(process.cpuUsage()) : app.fetch(req, env);
  const server = await listen(fetch, { port, hostname: "127.0.0.1" });
  process.stdout.write(`${JSON.stringify({ ready: server.url })}\n`);
}

// ---------------------------------------------------------------- load side
interface Prepared {
  body: string;
  signature: string;
}

function prepare(
  kind: "crawl.failed" | "concept.url" | "bare",
  url: string,
  count: number,
  conceptId = CONCEPT_ID,
): Prepared[] {
  return Array.from({ length: count }, (_, i) => {
    const target = `https://example.com/bench/${i}`;
    const message =
      kind === "concept.url"
        ? {
            type: "concept.url",
            concept_id: conceptId,
            concept: "golden cross",
            url: target,
            discovered_by: "bench",
          }
        : {
            type: "crawl.failed",
            id: "0123456789abcdef0123456789abcdef",
            concept_id: conceptId,
            concept: "golden cross",
            url: target,
            reason: "HTTP 404",
            status_code: 404,
            timestamp: new Date().toISOString(),
          };
    const body = JSON.stringify(message);
    return { body, signature: signJwt({ key: CURRENT, body, sub: url }) };
  });
}

interface LoadResult {
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
  errors: number;
}

/** A closed-loop pool of CONCURRENCY keep-alive requests; each delivery has a unique message id. */
interface Window {
  start: () => Promise<void>;
  end: () => Promise<void>;
}

/** Where one part of the pool sends its requests: a server URL and deliveries signed for it (`sub`). */
interface Target {
  url: string;
  prepared: Prepared[];
}

async function load(targets: Target[], runId: string, window?: Window): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let sent = 0;
  let measuring = false;
  let stop = false;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let done = 0;

  const once = (i: number, to: Target) =>
    new Promise<void>((resolve) => {
      const target = new URL(to.url);
      const item = to.prepared[i % to.prepared.length] as Prepared;
      const started = performance.now();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(item.body),
            "upstash-signature": item.signature,
            "upstash-message-id": `msg_${runId}_${i}`,
            "upstash-retried": "0",
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (measuring) {
              latencies.push(performance.now() - started);
              done++;
              if ((res.statusCode ?? 0) >= 300) non2xx++;
            }
            resolve();
          });
        },
      );
      req.on("error", () => {
        if (measuring) errors++;
        resolve();
      });
      req.end(item.body);
    });

  // Connections are split evenly over the targets, as a load balancer in front of replicas would.
  const worker = async (to: Target) => {
    while (!stop) await once(sent++, to);
  };
  const workers = Array.from({ length: CONCURRENCY }, (_, k) =>
    worker(targets[k % targets.length] as Target),
  );
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  await window?.start();
  measuring = true;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, DURATION_MS));
  measuring = false;
  await window?.end();
  const elapsed = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(workers);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: done,
    rps: Math.round(done / elapsed),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    non_2xx: non2xx,
    errors,
  };
}

async function startChild(
  kind: string,
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_PROFILE_DIR=/some/dir writes a V8 CPU profile of each server (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROFILE_DIR]
    : [];
  const child = spawn(
    process.execPath,
    [...profile, "--import", "tsx", fileURLToPath(import.meta.url), "--serve", kind],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split("\n").find((l) => l.includes('"ready"'));
      if (line) resolve((JSON.parse(line) as { ready: string }).ready);
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before it was ready`)));
  });
  return { url, child };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * CPU time charged per delivery: the server process (from its /__cpu) and redis-server (INFO cpu), read at
 * the start and end of the measured window. Unlike requests/s this hardly moves when other work shares the
 * machine, so it gives the capacity of one orchestrator process: 1 s of CPU / CPU per delivery.
 */
function cpuMeter(cpuUrls: string[], redisUrl?: string) {
  const logger = createLogger({ service: "bench", level: "silent" });
  const client = redisUrl ? createRedisClient({ url: redisUrl, logger }) : undefined;
  const read = async () => {
    let server = 0;
    for (const cpuUrl of cpuUrls) {
      const usage = (await (await fetch(cpuUrl)).json()) as { user: number; system: number };
      server += usage.user + usage.system;
    }
    let redisSeconds = 0;
    if (client) {
      const info = await client.info("cpu");
      const field = (name: string) => Number(info.match(new RegExp(`${name}:([0-9.]+)`))?.[1] ?? 0);
      redisSeconds = field("used_cpu_user") + field("used_cpu_sys");
    }
    return { server, redis: redisSeconds * 1e6, loadgen: cpuTotal() };
  };
  const cpuTotal = () => {
    const own = process.cpuUsage();
    return own.user + own.system;
  };
  let first = { server: 0, redis: 0, loadgen: 0 };
  let last = { server: 0, redis: 0, loadgen: 0 };
  return {
    window: {
      start: async () => {
        first = await read();
      },
      end: async () => {
        last = await read();
      },
    },
    perDelivery(requests: number) {
      const round = (n: number) => Math.round((n / Math.max(1, requests)) * 10) / 10;
      const server = round(last.server - first.server);
      const redis = round(last.redis - first.redis);
      return {
        server_cpu_us: server,
        redis_cpu_us: redis,
        loadgen_cpu_us: round(last.loadgen - first.loadgen),
        // One Node process uses about one core; with n replicas, at most 2 cores for all of it (and Redis).
        capacity_rps: Math.round(
          Math.min(
            (1e6 * cpuUrls.length) / server,
            redis > 0 ? 2e6 / (server + redis) : Number.POSITIVE_INFINITY,
          ),
        ),
      };
    },
    close: () => client?.quit(),
  };
}

/** Signature verification alone, in this process: the official Receiver vs the fast path in front of it. */
async function verifyMicro(): Promise<{ receiver_ops: number; fast_path_ops: number }> {
  const url = "http://127.0.0.1:1/api/qstash";
  const items = prepare("crawl.failed", url, 5_000);
  const n = 20_000;
  const time = async (fastPath: boolean) => {
    const verify = createSignatureVerifier({ currentSigningKey: CURRENT, nextSigningKey: NEXT, fastPath });
    for (let i = 0; i < 2_000; i++) {
      const item = items[i % items.length] as Prepared;
      await verify(item.signature, item.body, url);
    }
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const item = items[i % items.length] as Prepared;
      await verify(item.signature, item.body, url);
    }
    return Math.round(n / ((performance.now() - started) / 1000));
  };
  return { receiver_ops: await time(false), fast_path_ops: await time(true) };
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const rows: Array<Record<string, unknown>> = [];
  const runId = Date.now().toString(36);
  try {
    const bare = await startChild("bare", {});
    try {
      const meter = cpuMeter([`${bare.url}/__cpu`]);
      const result = await load(
        [{ url: bare.url, prepared: prepare("bare", bare.url, 1) }],
        `${runId}b`,
        meter.window,
      );
      rows.push({
        scenario: "bare hono POST (HTTP ceiling, no verify)",
        ...result,
        ...meter.perDelivery(result.requests),
      });
      await meter.close();
    } finally {
      await stopChild(bare.child);
    }
    // main.ts turns auto-pipelining on; the last rows show one change each against the first.
    const scenarios = [
      {
        kind: "crawl.failed",
        fast: true,
        pipeline: true,
        replicas: 1,
        conceptId: "0000000000000000000000a1",
      },
      { kind: "concept.url", fast: true, pipeline: true, replicas: 1, conceptId: "0000000000000000000000a2" },
      {
        kind: "crawl.failed",
        fast: false,
        pipeline: true,
        replicas: 1,
        conceptId: "0000000000000000000000a3",
      },
      {
        kind: "crawl.failed",
        fast: true,
        pipeline: false,
        replicas: 1,
        conceptId: "0000000000000000000000a4",
      },
      {
        kind: "crawl.failed",
        fast: true,
        pipeline: true,
        replicas: 2,
        conceptId: "0000000000000000000000a5",
      },
    ] as const;
    for (const scenario of scenarios) {
      const servers: Array<{ url: string; child: ChildProcess }> = [];
      try {
        for (let r = 0; r < scenario.replicas; r++) {
          const port = await freePort();
          servers.push(
            await startChild("orchestrator", {
              REDIS_URL: redis.url,
              PORT: String(port),
              FAST_PATH: scenario.fast ? "1" : "0",
              AUTO_PIPELINE: scenario.pipeline ? "1" : "0",
            }),
          );
        }
        const targets = servers.map((server) => {
          const url = `${server.url}/api/qstash`;
          return { url, prepared: prepare(scenario.kind, url, 2_000, scenario.conceptId) };
        });
        const meter = cpuMeter(
          servers.map((server) => `${server.url}/__cpu`),
          redis.url,
        );
        const result = await load(targets, `${runId}${rows.length}`, meter.window);
        await meter.close();
        const parts = [
          scenario.fast ? "fast path + Receiver" : "official Receiver only",
          scenario.pipeline ? "auto-pipelining" : "no pipelining",
          ...(scenario.replicas > 1 ? [`${scenario.replicas} processes`] : []),
        ];
        rows.push({
          scenario: `orchestrator ${scenario.kind} (${parts.join(", ")})`,
          ...result,
          ...meter.perDelivery(result.requests),
        });
      } finally {
        for (const server of servers) await stopChild(server.child);
      }
    }
    // Sanity: the deliveries really were handled (records and queued jobs exist in Redis).
    const check = createRedisClient({
      url: redis.url,
      logger: createLogger({ service: "bench", level: "silent" }),
    });
    const queued = await check.llen("bench:start_urls");
    const recorded = await check.hlen("bench:concept:0000000000000000000000a1:urls");
    await check.quit();
    const micro = await verifyMicro();

    console.log(
      `\nOrchestrator webhook, ${CONCURRENCY} concurrent keep-alive connections, ${DURATION_MS / 1000} s each`,
    );
    console.table(rows);
    console.log(
      `Signature verify alone (1 core, in-process): official Receiver ${micro.receiver_ops} ops/s, fast path ${micro.fast_path_ops} ops/s`,
    );
    console.log(
      `Redis after the run: ${recorded} crawl.failed URL records, ${queued} queued jobs (2,000 distinct URLs each)`,
    );
    console.log(
      `Goal: >= 5000 verified deliveries/s. Load average during run: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(" ")}`,
    );
    // The service as main.ts runs it: the first orchestrator row (crawl.failed, fast path, auto-pipelining).
    const served = rows.find((row) => String(row.scenario).startsWith("orchestrator crawl.failed"));
    writeResult("orchestrator", {
      benchmark: "orchestrator",
      at: new Date().toISOString(),
      ratio: Math.round(((served?.rps as number | undefined) ?? 0) / 50) / 100,
      reference:
        "goal: 5,000 verified deliveries/s; ratio = the orchestrator's crawl.failed deliveries/s as main.ts runs it ÷ 5,000; the bare hono row beside it is the HTTP ceiling",
      load_average: loadavg(),
      node: process.version,
      concurrency: CONCURRENCY,
      duration_s: DURATION_MS / 1000,
      goal_rps: 5000,
      rows,
      verify_micro: micro,
      redis_after: { url_records: recorded, queued_jobs: queued },
    });
  } finally {
    await redis.stop();
  }
}

if (process.argv.includes("--serve")) {
  // Exit normally on SIGTERM so that a --cpu-prof profile is written.
  process.once("SIGTERM", () => process.exit(0));
  await serve(process.argv[process.argv.indexOf("--serve") + 1] ?? "orchestrator");
} else {
  await main();
}
