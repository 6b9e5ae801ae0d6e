/**
 * Issue 12's fault matrix: twenty concepts posted to the real edge worker (wrangler dev, as `pnpm start
 * --sources fixtures` runs it) and carried through the whole stack on the fixture web, while qstash-local, the
 * orchestrator, the crawler, the parser and the validator are each killed with SIGKILL at a random moment,
 * Redis restarts once and the vector store is unavailable for 60 s. The moments come from a seed that is printed
 * (rerun one with FAULT_SEED=<seed>), with the timeline of what happened. Once the pipeline is idle again, every
 * accepted URL must be stored (parsed, with exactly its record's chunk count in the store) or failed or
 * dead-lettered with a reason: 0 lost, 0 duplicate chunks, 0 duplicate back-test results per concept.
 *
 * Record and store agree: the parser takes each page into its durable queue and reports what it stored
 * (`page.parsed` with the chunk count, or `page.parse_failed`), so no URL is recorded failed while its chunks
 * are stored ("recorded failed, yet stored" must stay empty; before the queue it did not, see git history).
 *
 * Bounded: the concepts are chosen so that the fixture web's BM25 search finds few pages for each (45 in all),
 * pages are cut at MAX_CHUNKS_PER_PAGE=8, crawl leases expire after 20 s and the orchestrator looks at lost
 * validator jobs every 5 s. QStash's retry timing is NOT scaled (QSTASH_TIME_SCALE=1): its retries (10, 30,
 * 60 s) are what carries a message across a 60 s outage, and a scaled-down span would end inside it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createLogger, createRedisClient, type Redis } from "@qp/service-kit";
import { createLanceDbStore } from "@qp/vector-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack/index.ts";
import { JOB_KEYS } from "../../services/parser/src/jobs/queue.ts";
import { describeFault, planFaults, runFaults, Timeline } from "../support/fault-plan.ts";
import {
  type Accepted,
  type Audit,
  auditRun,
  crawlerDeadLetters,
  qstashDeadLetters,
} from "../support/pipeline-audit.ts";
import { faultSeed, seededRandom } from "../support/seeded-random.ts";
import { storeOutage } from "../support/store-outage.ts";

/** 20 concepts the validator resolves to one rule each, with 0–6 fixture pages apiece (45 pages in all). */
const CONCEPTS = [
  "golden cross SPY",
  "golden cross AAPL",
  "golden cross GOOG",
  "death cross GOOG",
  "death cross INTC",
  "MACD crossover SPY",
  "MACD crossover AAPL",
  "MACD histogram GOOG",
  "Bollinger bands AAPL",
  "Bollinger bands MSFT",
  "Bollinger bands INTC",
  "Bollinger squeeze SPY",
  "donchian breakout MSFT",
  "donchian breakout INTC",
  "breakout GOOG",
  "turtle breakout AAPL",
  "RSI 2 SPY",
  "RSI 2 AAPL",
  "RSI oversold INTC",
  "EMA crossover MSFT",
];
const KILLED = ["qstash-local", "orchestrator", "crawler", "parser", "validator"];
const OUTAGE_MS = 60_000;

/** Settings the stack's children inherit: the bounds above, and nothing pointing at anyone else's services. */
const STACK_ENV: Record<string, string | undefined> = {
  REDIS_URL: undefined,
  QSTASH_URL: undefined,
  QSTASH_TOKEN: undefined,
  WEAVIATE_URL: undefined,
  VECTOR_DB_PATH: undefined,
  SERVICE_TOKEN: undefined,
  ORCHESTRATOR_PUBLIC_URL: undefined,
  QSTASH_TIME_SCALE: "1",
  MAX_CHUNKS_PER_PAGE: "8",
  CRAWLER_VISIBILITY_TIMEOUT_MS: "20000",
  VALIDATION_CHECK_INTERVAL_MS: "5000",
  VALIDATION_CHECK_AFTER_MS: "15000",
  LOG_LEVEL: "info",
};
const DEV_TOKEN = "eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=";

function withEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  const apply = (vals: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vals)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(values);
  return () => apply(saved);
}

/** POST the concept to the edge worker until it answers 202 (qstash-local may be down for a moment: 503). */
async function post(edgeUrl: string, concept: string, timeline: Timeline): Promise<Accepted> {
  for (let attempt = 1; ; attempt++) {
    let status = 0;
    let text = "";
    try {
      const res = await fetch(edgeUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ concept }),
        signal: AbortSignal.timeout(30_000),
      });
      status = res.status;
      text = await res.text();
      if (status === 202) {
        const body = JSON.parse(text) as { concept_id: string; urls: string[] };
        return { concept, concept_id: body.concept_id, urls: body.urls };
      }
    } catch (error) {
      text = (error as Error).message;
    }
    timeline.note(`edge answered "${concept}" with ${status || "no answer"}: ${text.slice(0, 160)}`);
    if (attempt >= 20) throw new Error(`the edge worker never accepted "${concept}"`);
    await sleep(status === 429 ? 10_000 : 1000);
  }
}

async function pendingInQstash(qstashUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${qstashUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
    const match = /^qstash_messages_pending(?:\{[^}]*\})? (\d+)$/m.exec(await res.text());
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Idle: nothing pending in qstash-local (retries included), no crawl job queued or claimed, no parse job waiting,
 * active or delayed for a retry, no validator job running, twice in a row 3 s apart. After that nothing more can change without new input.
 */
async function waitIdle(stack: Stack, redis: Redis, accepted: readonly Accepted[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  let last = "";
  while (Date.now() < deadline) {
    const pending = await pendingInQstash(stack.urls["qstash-local"]!);
    const [queued, claimed, parseWaiting, parseActive, parseDelayed] = await Promise.all([
      redis.llen("start_urls").catch(() => -1),
      redis.hlen("start_urls:claimed").catch(() => -1),
      // The parser's job queue: a page waiting, being parsed, or waiting for a retry (store down, publish
      // failed) will still end parsed or failed.
      redis.llen(JOB_KEYS.queued).catch(() => -1),
      redis.llen(JOB_KEYS.active).catch(() => -1),
      redis.zcard(JOB_KEYS.delayed).catch(() => -1),
    ]);
    let running = 0;
    for (const { concept_id } of accepted) {
      const res = await fetch(`${stack.orchestratorUrl}/api/concepts/${concept_id}`).catch(() => undefined);
      const view = res?.ok ? ((await res.json()) as { validation: { status: string } | null }) : undefined;
      if (!view || view.validation?.status === "running") running++;
    }
    last = `qstash pending ${pending ?? "?"}, crawl jobs queued ${queued}, claimed ${claimed}, parse jobs waiting ${parseWaiting}, active ${parseActive}, delayed ${parseDelayed}, validations running or unreadable ${running}`;
    const parserIdle = parseWaiting === 0 && parseActive === 0 && parseDelayed === 0;
    calm = pending === 0 && queued === 0 && claimed === 0 && parserIdle && running === 0 ? calm + 1 : 0;
    if (calm >= 2) return last;
    await sleep(3000);
  }
  throw new Error(`the pipeline did not go idle within ${timeoutMs / 1000} s: ${last}`);
}

function format(audit: Audit): string {
  const list = (title: string, items: string[]) =>
    items.length ? [`${title} (${items.length}):`, ...items.map((i) => `  ${i}`)] : [];
  return [
    `urls ${audit.counts.urls}: parsed ${audit.counts.parsed} (${audit.counts.chunks} chunks), failed ${audit.counts.failed}, dead-lettered ${audit.counts.deadLettered}`,
    ...list("LOST", audit.lost),
    ...list("CHUNK COUNT MISMATCH (duplicates or missing chunks)", audit.chunkMismatches),
    ...list("DUPLICATE BACK-TEST RESULTS", audit.duplicateResults),
    ...list("RECORDED FAILED, YET STORED", audit.storedButFailed),
    ...list("notes", audit.notes),
  ].join("\n");
}

describe("fault matrix: 20 concepts through the stack while every service is killed once", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "qp-faults-"));
  const supervisorLog: Array<{ at: number; line: string }> = [];
  let stack: Stack | undefined;
  let restoreEnv = () => {};
  let keepData = false;

  beforeAll(async () => {
    restoreEnv = withEnv(STACK_ENV);
    stack = await startStack({
      dataDir,
      sources: "fixtures",
      output: { kind: "files", path: (name) => join(dataDir, "logs", `${name}.log`) },
      log: (line) => supervisorLog.push({ at: Date.now(), line }),
    });
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
    restoreEnv();
    if (keepData) console.log(`fault matrix: logs and data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);

  it("loses nothing and stores nothing twice: every accepted URL parsed, failed or dead-lettered with a reason", async () => {
    const running = stack!;
    const seed = faultSeed();
    const plan = planFaults(seededRandom(seed), {
      killed: KILLED,
      restarted: "redis",
      minMs: 3000,
      windowMs: 60_000,
      outageStartMaxMs: 40_000,
      outageMs: OUTAGE_MS,
    });
    console.log(
      `fault matrix seed ${seed} (rerun: FAULT_SEED=${seed})\n${plan
        .map((f) => `  planned +${(f.at / 1000).toFixed(1)} s  ${describeFault(f)}`)
        .join("\n")}`,
    );
    const redis = createRedisClient({
      url: running.urls.redis!,
      logger: createLogger({ service: "fault-matrix", level: "silent" }),
      name: "fault-matrix",
    });
    const lanceDir = join(dataDir, "lancedb");
    const outage = storeOutage(lanceDir);
    const timeline = new Timeline(Date.now());
    const startedAt = timeline.t0;
    // The orchestrator dies holding a delivery's claim, the crawler holding leased jobs: the hard cases.
    const busy = async (service: string) => {
      if (service === "crawler") return (await redis.hlen("start_urls:claimed")) > 0;
      if (service !== "orchestrator") return true;
      const [, claims] = await redis.scan(0, "MATCH", "qstash:delivery:*", "COUNT", 1000);
      const states = claims.length ? await redis.mget(...claims) : [];
      return states.includes("processing");
    };
    const faults = runFaults(plan, { supervisor: running.supervisor!, outage, timeline, busy });
    faults.catch(() => {}); // awaited below; a failure must not surface as an unhandled rejection first

    let report = "";
    try {
      const accepted: Accepted[] = [];
      for (const concept of CONCEPTS) accepted.push(await post(running.edgeUrl!, concept, timeline));
      timeline.note(
        `all ${accepted.length} concepts accepted, ${accepted.reduce((n, a) => n + a.urls.length, 0)} URLs`,
      );
      await faults;
      const idle = await waitIdle(running, redis, accepted, 900_000);
      timeline.note(`idle: ${idle}`);

      const store = createLanceDbStore({ path: lanceDir });
      let audit: Audit;
      try {
        const deadLetters = [
          ...(await qstashDeadLetters(running.urls["qstash-local"]!, DEV_TOKEN)),
          ...(await crawlerDeadLetters(redis)),
        ];
        audit = await auditRun({ accepted, orchestratorUrl: running.orchestratorUrl, store, deadLetters });
      } finally {
        await store.close();
      }
      const events = [
        ...timeline.lines,
        ...supervisorLog.map(
          ({ at, line }) => `+${((at - startedAt) / 1000).toFixed(1).padStart(6)} s  ${line}`,
        ),
      ].sort((a, b) => Number.parseFloat(a.slice(1)) - Number.parseFloat(b.slice(1)));
      report = `fault matrix seed ${seed}\ntimeline:\n${events.map((e) => `  ${e}`).join("\n")}\n${format(audit)}`;
      console.log(report);

      // The faults really happened: each killed process was restarted by the supervisor, the store came back.
      for (const service of KILLED)
        expect(supervisorLog.map((l) => l.line).join("\n"), report).toMatch(
          new RegExp(`${service} exited \\(SIGKILL\\); restarting`),
        );
      expect(
        supervisorLog.some((l) => /redis exited/.test(l.line)),
        report,
      ).toBe(true);
      expect(outage.down).toBe(false);

      expect(accepted).toHaveLength(CONCEPTS.length);
      expect(audit.counts.urls, report).toBeGreaterThan(0);
      expect(audit.counts.parsed, report).toBeGreaterThan(0);
      expect(audit.lost, report).toEqual([]);
      expect(audit.chunkMismatches, report).toEqual([]);
      expect(audit.duplicateResults, report).toEqual([]);
      expect(audit.storedButFailed, report).toEqual([]);
    } catch (error) {
      keepData = true;
      if (!report) console.log(`fault matrix seed ${seed}\ntimeline:\n${timeline}`);
      throw error;
    } finally {
      await faults.catch(() => {});
      outage.restore();
      redis.disconnect();
    }
  }, 1_500_000);
});
