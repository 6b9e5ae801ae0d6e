/**
 * qstash-local: publish → signed delivery → verified by the official Receiver, end to end on loopback.
 * qstash-local runs as its own process (`node --import tsx services/qstash-local/src/main.ts`, fresh data dir,
 * durable SQLite writes as in production); this process publishes with the official Client and hosts the
 * sink, which verifies every signature (and `sub`) with the official Receiver before answering 200.
 * Scenarios: batches of 100 (`batchJSON`, 4 publishers); single `publishJSON` calls (64 in flight); the same
 * single publishes from a lean node:http client; and `publishJSON` paced at 500/s (QStash's plan limit).
 * Latency = from just before the publish request to the verified delivery. Bounded: 22,000 messages.
 * "server CPU µs/msg" is read from /proc for qstash-local's process: unlike rates, it barely moves when other
 * work shares the machine.
 * Reference beside it: QStash's 500 messages/s plan limit that the design assumes, and the goal of
 * 5,000 verified deliveries/s (into the orchestrator, measured by orchestrator.bench.ts).
 * Writes bench/results/qstash-local.json.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEV_CURRENT_SIGNING_KEY,
  DEV_NEXT_SIGNING_KEY,
  DEV_TOKEN,
} from "../services/qstash-local/src/index.ts";
import { Client, Receiver } from "../services/qstash-local/test/official-client.ts";
import { startQstashLocalProcess } from "../services/qstash-local/test/process.ts";
import { writeResult } from "./lib/results.ts";

const BATCH_MESSAGES = Number(process.env.BENCH_BATCH_MESSAGES ?? 10_000);
const SINGLE_MESSAGES = Number(process.env.BENCH_SINGLE_MESSAGES ?? 5_000);
const PACED_MESSAGES = Number(process.env.BENCH_PACED_MESSAGES ?? 2_000);
const TIMEOUT_MS = 60_000;

interface Result {
  scenario: string;
  messages: number;
  seconds: number;
  deliveriesPerSecond: number;
  publishPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  verifyFailures: number;
  /** CPU time qstash-local's process spent per delivered message (robust to a busy machine). */
  serverCpuUsPerMessage: number;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const receiver = new Receiver({
    currentSigningKey: DEV_CURRENT_SIGNING_KEY,
    nextSigningKey: DEV_NEXT_SIGNING_KEY,
  });
  let latencies: number[] = [];
  let verifyFailures = 0;
  let onDelivered: () => void = () => {};
  const sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      try {
        await receiver.verify({
          signature: String(req.headers["upstash-signature"]),
          body,
          url: `${sinkUrl}${req.url}`,
        });
        latencies.push(performance.now() - (JSON.parse(body) as { t: number }).t);
        res.writeHead(200).end();
        onDelivered();
      } catch {
        verifyFailures++;
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "qstash-bench-"));
  const server = await startQstashLocalProcess({ QSTASH_DATA_DIR: dataDir });
  const client = new Client({ baseUrl: server.url, token: DEV_TOKEN, enableTelemetry: false });

  async function run(scenario: string, total: number, publish: () => Promise<void>): Promise<Result> {
    latencies = [];
    verifyFailures = 0;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${scenario}: only ${latencies.length}/${total} in ${TIMEOUT_MS} ms`)),
        TIMEOUT_MS,
      );
      onDelivered = () => {
        if (latencies.length >= total) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    const cpuBefore = cpuSeconds(server.child.pid);
    const started = performance.now();
    await publish();
    const published = performance.now();
    await done;
    const cpu = cpuSeconds(server.child.pid) - cpuBefore;
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const result: Result = {
      scenario,
      messages: total,
      seconds: Number(seconds.toFixed(2)),
      deliveriesPerSecond: Math.round(total / seconds),
      publishPerSecond: Math.round(total / ((published - started) / 1000)),
      p50Ms: Number(quantile(sorted, 0.5).toFixed(1)),
      p99Ms: Number(quantile(sorted, 0.99).toFixed(1)),
      maxMs: Number((sorted[sorted.length - 1] ?? 0).toFixed(1)),
      verifyFailures,
      serverCpuUsPerMessage: Math.round((cpu / total) * 1e6),
    };
    return result;
  }

  // Warm-up: JIT, connections, SQLite pages.
  await run("warm-up", 500, async () => {
    await client.batchJSON(
      Array.from({ length: 500 }, (_, i) => ({ url: `${sinkUrl}/w`, body: { i, t: performance.now() } })),
    );
  });

  const results: Result[] = [];
  results.push(
    await run("batchJSON ×100, 4 publishers", BATCH_MESSAGES, async () => {
      let next = 0;
      const worker = async () => {
        while (next < BATCH_MESSAGES) {
          const from = next;
          next += 100;
          const t = performance.now();
          const items = Array.from({ length: Math.min(100, BATCH_MESSAGES - from) }, (_, k) => ({
            url: `${sinkUrl}/b`,
            body: { i: from + k, t },
          }));
          await client.batchJSON(items);
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    }),
  );
  results.push(
    await run("publishJSON, 64 in flight", SINGLE_MESSAGES, async () => {
      let next = 0;
      const worker = async () => {
        while (next < SINGLE_MESSAGES) {
          const i = next++;
          await client.publishJSON({ url: `${sinkUrl}/s`, body: { i, t: performance.now() } });
        }
      };
      await Promise.all(Array.from({ length: 64 }, worker));
    }),
  );
  // The same single publishes from a lean node:http client: what the server sustains when the official
  // client's own per-request cost (fetch, header building) is not sharing this process's core.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(server.url);
  const rawPublish = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: "POST",
          path: `/v2/publish/${sinkUrl}/r`,
          headers: {
            Authorization: `Bearer ${DEV_TOKEN}`,
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  results.push(
    await run("node:http publish, 64 in flight", SINGLE_MESSAGES, async () => {
      let next = 0;
      const worker = async () => {
        while (next < SINGLE_MESSAGES) {
          const i = next++;
          await rawPublish(JSON.stringify({ i, t: performance.now() }));
        }
      };
      await Promise.all(Array.from({ length: 64 }, worker));
    }),
  );
  // Paced at QStash's 500 messages/s plan limit: the latency a pipeline sees at the rate the design plans for.
  results.push(
    await run(`publishJSON paced at 500/s`, PACED_MESSAGES, async () => {
      const started = performance.now();
      const sends: Array<Promise<unknown>> = [];
      for (let i = 0; i < PACED_MESSAGES; i++) {
        const due = started + (i * 1000) / 500;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        sends.push(client.publishJSON({ url: `${sinkUrl}/p`, body: { i, t: performance.now() } }));
      }
      await Promise.all(sends);
    }),
  );
  agent.destroy();

  await server.kill9();
  await new Promise<void>((r) => sink.close(() => r()));
  sink.closeAllConnections();
  rmSync(dataDir, { recursive: true, force: true });

  const reference = { qstashPlanLimitPerSecond: 500, goalVerifiedPerSecond: 5000 };
  console.log("\nqstash-local: publish → signed delivery → official Receiver.verify (loopback, 2 processes)");
  console.table(
    results.map((r) => ({
      scenario: r.scenario,
      messages: r.messages,
      "deliveries/s": r.deliveriesPerSecond,
      "publish/s": r.publishPerSecond,
      "p50 ms": r.p50Ms,
      "p99 ms": r.p99Ms,
      "verify failures": r.verifyFailures,
      "server CPU µs/msg": r.serverCpuUsPerMessage,
      "QStash plan limit/s": reference.qstashPlanLimitPerSecond,
      "goal/s": reference.goalVerifiedPerSecond,
    })),
  );
  const best = Math.max(...results.map((r) => r.deliveriesPerSecond));
  writeResult("qstash-local", {
    at: new Date().toISOString(),
    ratio: Math.round((best / reference.goalVerifiedPerSecond) * 100) / 100,
    reference: `goal: ${reference.goalVerifiedPerSecond} verified deliveries/s; ratio = the best scenario's deliveries/s ÷ the goal (Upstash's plan limit, ${reference.qstashPlanLimitPerSecond}/s, in \`limits\`)`,
    load_average: loadavg(),
    limits: reference,
    node: process.version,
    results,
  });
  if (results.some((r) => r.verifyFailures > 0)) process.exitCode = 1;
}

await main();
