/**
 * Load (issue 12): QStash's rate, 500 deliveries/s, for 5 minutes through qstash-local into the orchestrator,
 * both as their own processes exactly as `pnpm start` runs them (main.ts, real SQLite, real Redis, signature
 * checks, idempotency claims), with RSS sampled every second and the delivery p99 reported.
 *
 * This process only publishes: every 100 ms one `/v2/batch` of rate/10 signed-delivery messages
 * (`concept.url` and `crawl.failed` alternately, spread over 100 concepts; neither calls the parser or the
 * validator), over a keep-alive connection. After the run it waits (bounded) for the backlog to drain.
 *
 * Latency: qstash-local's `qstash_delivery_latency_seconds` histogram (due time → the orchestrator's 2xx,
 * i.e. publish → handled for undelayed messages) and the orchestrator's `qstash_message_duration_seconds`
 * (handling inside the orchestrator); p50/p99 interpolated within the histogram buckets, so read them as
 * bucket-resolution values. The publish round trip is measured exactly here.
 * RSS: /proc/<pid>/status VmRSS of both servers; "flat" = the least-squares slope over the second half of the
 * run, in MB per minute. qstash-local's `qstash_messages_pending` is sampled beside it: while deliveries fall
 * behind (a busy machine) the backlog, and with it qstash-local's RSS, grows; that is not a leak.
 *
 * Env: BENCH_LOAD_SECONDS (default 300; e.g. 30 for a quick run), BENCH_LOAD_RATE (default 500).
 * Writes bench/results/load.json (or load-<seconds>s.json for a shortened run).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../packages/testing/src/net.ts";
import { startRedisServer } from "../packages/testing/src/redis-server.ts";
import { startQstashLocalProcess } from "../services/qstash-local/test/process.ts";
import { writeResult } from "./lib/results.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 300);
const RATE = Number(process.env.BENCH_LOAD_RATE ?? 500);
const TICK_MS = 100;
const DRAIN_TIMEOUT_MS = 120_000;
const TOKEN = "load-bench-qstash-token";
const KEYS = {
  QSTASH_CURRENT_SIGNING_KEY: "sig_load_current_0123",
  QSTASH_NEXT_SIGNING_KEY: "sig_load_next_4567",
};

/** Resident set size in MB from /proc (Linux); NaN elsewhere. */
function rssMb(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
    return line ? Number(line[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** Cumulative buckets of one Prometheus histogram (summed over its label sets) from /metrics text. */
function histogram(text: string, name: string): Array<{ le: number; count: number }> {
  const sums = new Map<number, number>();
  const pattern = new RegExp(`^${name}_bucket\\{([^}]*)\\} (\\S+)$`, "gm");
  for (const match of text.matchAll(pattern)) {
    const le = /le="([^"]+)"/.exec(match[1] ?? "")?.[1];
    if (le === undefined) continue;
    const bound = le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
    sums.set(bound, (sums.get(bound) ?? 0) + Number(match[2]));
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([le, count]) => ({ le, count }));
}

/** Quantile q of a cumulative histogram, interpolated linearly within its bucket (as Prometheus does). */
function histogramQuantile(buckets: Array<{ le: number; count: number }>, q: number): number {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lower;
      return lower + ((le - lower) * (rank - below)) / Math.max(1, count - below);
    }
    lower = le;
    below = count;
  }
  return lower;
}

/** Subtract an earlier snapshot of the same histogram (the warm-up) from a later one. */
function since(
  later: Array<{ le: number; count: number }>,
  earlier: Array<{ le: number; count: number }>,
): Array<{ le: number; count: number }> {
  return later.map(({ le, count }) => ({
    le,
    count: count - (earlier.find((b) => b.le === le)?.count ?? 0),
  }));
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

function http(
  method: string,
  url: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function startOrchestrator(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "services/orchestrator/src/main.ts")],
    {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`orchestrator exited (${child.exitCode}):\n${errors}`);
    const ok = await http("GET", `http://127.0.0.1:${port}/health`).catch(() => undefined);
    if (ok) return child;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`orchestrator did not start:\n${errors}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "qp-load-"));
  const redis = await startRedisServer();
  // Whatever fails below, the servers this bench started stop with it.
  process.once("exit", () => {
    redis.process.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  // LOG_LEVEL info: startQstashLocalProcess waits for the "listening" line.
  const qstash = await startQstashLocalProcess({
    QSTASH_TOKEN: TOKEN,
    ...KEYS,
    QSTASH_DATA_DIR: join(dir, "qstash"),
    LOG_LEVEL: "info",
  });
  process.once("exit", () => qstash.child.kill("SIGKILL"));
  const orchPort = await freePort();
  const orchUrl = `http://127.0.0.1:${orchPort}`;
  const orchestrator = await startOrchestrator(
    {
      REDIS_URL: redis.url,
      ...KEYS,
      PUBLIC_URL: orchUrl,
      QSTASH_URL: qstash.url,
      QSTASH_TOKEN: TOKEN,
      VECTOR_DB_PATH: join(dir, "lancedb"),
      PARSER_URL: "http://127.0.0.1:9",
      VALIDATOR_URL: "http://127.0.0.1:9",
    },
    orchPort,
  );
  process.once("exit", () => orchestrator.kill("SIGKILL"));
  const destination = `${orchUrl}/api/qstash`;
  const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
  let seq = 0;
  const message = () => {
    const n = seq++;
    const concept_id = (n % 100).toString(16).padStart(24, "0");
    const url = `https://load.example/${n}`;
    const body =
      n % 2 === 0
        ? { type: "concept.url", concept_id, concept: "load bench concept", url, discovered_by: "bench" }
        : {
            type: "crawl.failed",
            id: n.toString(16).padStart(32, "0"),
            concept_id,
            concept: "load bench concept",
            url,
            reason: "HTTP 404",
            status_code: 404,
            timestamp: new Date().toISOString(),
          };
    return {
      destination,
      headers: { "content-type": "application/json", "upstash-retries": "3" },
      body: JSON.stringify(body),
    };
  };

  const publishMs: number[] = [];
  let published = 0;
  let publishErrors = 0;
  const publishFailures = new Map<string, number>();
  const failedPublish = (what: string, count: number) => {
    publishErrors += count;
    publishFailures.set(what, (publishFailures.get(what) ?? 0) + 1);
  };
  const rss: Array<{ t: number; orchestrator: number; qstash: number; pending: number }> = [];
  // qstash-local's undelivered messages: a growing RSS with a growing backlog is the backlog, not a leak.
  const pendingNow = async () =>
    Number(
      /^qstash_messages_pending(?:\{[^}]*\})? (\S+)$/m.exec(
        (await http("GET", `${qstash.url}/metrics`).catch(() => ({ text: "" }))).text,
      )?.[1] ?? Number.NaN,
    );
  const t0 = performance.now();
  const metricsAt = async () => ({
    q: await http("GET", `${qstash.url}/metrics`).then((r) => r.text),
    o: await http("GET", `${orchUrl}/metrics`).then((r) => r.text),
  });
  const warmupSeconds = Math.min(10, SECONDS / 10);
  let warm: { q: string; o: string } | undefined;
  console.log(
    `load: ${RATE}/s for ${SECONDS} s (batches of ${perTick} every ${TICK_MS} ms), warm-up ${warmupSeconds} s`,
  );

  // One batch per tick, scheduled against the clock so a slow tick does not lower the rate.
  const ticks = Math.round((SECONDS * 1000) / TICK_MS);
  const inFlight = new Set<Promise<void>>();
  for (let tick = 0; tick < ticks; tick++) {
    const due = t0 + tick * TICK_MS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (tick % (1000 / TICK_MS) === 0) {
      const second = tick / (1000 / TICK_MS);
      rss.push({
        t: (performance.now() - t0) / 1000,
        orchestrator: rssMb(orchestrator.pid),
        qstash: rssMb(qstash.child.pid),
        pending: second % 5 === 0 ? await pendingNow() : Number.NaN,
      });
      if (!warm && (performance.now() - t0) / 1000 >= warmupSeconds) warm = await metricsAt();
    }
    const batch = Array.from({ length: perTick }, message);
    const sentAt = performance.now();
    const p = http("POST", `${qstash.url}/v2/batch`, JSON.stringify(batch), {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
    })
      .then(({ status, text }) => {
        if (status !== 200) failedPublish(`HTTP ${status}: ${text.slice(0, 200)}`, batch.length);
        else published += batch.length;
        publishMs.push(performance.now() - sentAt);
      })
      .catch((error: Error) => failedPublish(`${error.name}: ${error.message}`, batch.length))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  const publishSeconds = (performance.now() - t0) / 1000;

  // Drain: wait until every published message was delivered (or the bound passes).
  const delivered = (text: string) =>
    Number(/^qstash_messages_delivered_total(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
  const drainStarted = performance.now();
  let end = await metricsAt();
  while (delivered(end.q) < published && performance.now() - drainStarted < DRAIN_TIMEOUT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    end = await metricsAt();
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const totalDelivered = delivered(end.q);
  const dlq = JSON.parse(
    (await http("GET", `${qstash.url}/v2/dlq?count=100`, undefined, { authorization: `Bearer ${TOKEN}` }))
      .text,
  ) as { messages: unknown[] };
  const health = await http("GET", `${orchUrl}/health`);

  const base = warm ?? { q: "", o: "" };
  const deliveryLatency = since(
    histogram(end.q, "qstash_delivery_latency_seconds"),
    histogram(base.q, "qstash_delivery_latency_seconds"),
  );
  const handling = since(
    histogram(end.o, "qstash_message_duration_seconds"),
    histogram(base.o, "qstash_message_duration_seconds"),
  );
  publishMs.sort((a, b) => a - b);
  const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
  const secondHalf = rss.filter((s) => s.t >= SECONDS / 2);
  const rssSummary = (key: "orchestrator" | "qstash") => {
    const values = rss.map((s) => s[key]).filter(Number.isFinite);
    return {
      start_mb: round(rss.find((s) => s.t >= warmupSeconds)?.[key] ?? Number.NaN),
      end_mb: round(values.at(-1) ?? Number.NaN),
      max_mb: round(Math.max(...values)),
      slope_mb_per_min_second_half: round(slope(secondHalf.map((s) => [s.t / 60, s[key]])), 2),
    };
  };
  const result = {
    date: new Date().toISOString(),
    // Delivered ÷ published in the window: a soak's goal is that nothing is lost at the target rate.
    ratio: round(totalDelivered / Math.max(1, published), 4),
    reference: `every message published at ${RATE}/s for ${SECONDS} s delivered (ratio = delivered ÷ published; dead-lettered and latency beside it)`,
    load_average: loadavg().map((x) => round(x, 2)),
    machine: { load_average: loadavg().map((x) => round(x, 2)) },
    target_rate: RATE,
    seconds: SECONDS,
    published,
    publish_errors: publishErrors,
    publish_failures: Object.fromEntries(publishFailures),
    achieved_publish_rate: round(published / publishSeconds),
    delivered: totalDelivered,
    drain_seconds: round(drainSeconds),
    dead_lettered: dlq.messages.length,
    orchestrator_health: health.status,
    publish_ms: {
      p50: round(publishMs[Math.floor(publishMs.length * 0.5)] ?? Number.NaN),
      p99: round(publishMs[Math.floor(publishMs.length * 0.99)] ?? Number.NaN),
    },
    delivery_latency_ms_after_warmup: {
      p50: round(histogramQuantile(deliveryLatency, 0.5) * 1000),
      p99: round(histogramQuantile(deliveryLatency, 0.99) * 1000),
      note: "qstash-local histogram, due time to the orchestrator's 2xx, interpolated within buckets",
    },
    orchestrator_handling_ms_after_warmup: {
      p50: round(histogramQuantile(handling, 0.5) * 1000),
      p99: round(histogramQuantile(handling, 0.99) * 1000),
    },
    rss: { orchestrator: rssSummary("orchestrator"), qstash_local: rssSummary("qstash") },
    qstash_pending: {
      max: Math.max(...rss.map((s) => s.pending).filter(Number.isFinite)),
      slope_per_min_second_half: round(
        slope(secondHalf.filter((s) => Number.isFinite(s.pending)).map((s) => [s.t / 60, s.pending])),
      ),
    },
    rss_samples_t_orch_qstash_pending: rss.map((s) => [
      round(s.t),
      round(s.orchestrator),
      round(s.qstash),
      s.pending,
    ]),
  };
  const { rss_samples_t_orch_qstash_pending: _samples, ...shown } = result;
  console.log(JSON.stringify(shown, null, 2));
  const name = SECONDS === 300 && RATE === 500 ? "load" : `load-${SECONDS}s-${RATE}ps`;
  writeResult(name, result);
  console.log(`wrote bench/results/${name}.json`);

  agent.destroy();
  await stop(orchestrator);
  await qstash.kill9();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
  if (totalDelivered < published || publishErrors > 0) process.exitCode = 1;
}

await main();
