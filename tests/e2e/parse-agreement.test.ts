/**
 * Record and store agree (issue 10's pipeline benchmark, the fault matrix's old "recorded failed, yet stored"):
 * the parser takes pages into its durable Redis queue and reports what it stored with `page.parsed` (or
 * `page.parse_failed`) through QStash, so a URL's record follows the store. Here the parser is killed with
 * SIGKILL while pages wait in its queue; the stack restarts it, it takes back the pages it was working on, and
 * once the concepts settle every URL is parsed with exactly its record's chunk count in the store, or failed
 * with a reason and nothing stored, and the concepts' chunk totals are the store's. (Re-parsing one page never
 * duplicates its chunks: services/parser/test/jobs.test.ts.)
 * Real everything: the stack `pnpm research` starts (Redis, qstash-local, services, edge worker in workerd,
 * fixture web), the real model, LanceDB.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createLogger, createRedisClient, type Redis } from "@qp/service-kit";
import { createLanceDbStore } from "@qp/vector-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/stack/index.ts";
import { type Accepted, auditRun, qstashDeadLetters } from "../support/pipeline-audit.ts";

const CONCEPTS = ["golden cross SPY", "MACD crossover SPY", "Bollinger bands AAPL", "RSI 2 SPY"];
const DEV_TOKEN = "eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=";
const STACK_ENV: Record<string, string | undefined> = {
  REDIS_URL: undefined,
  QSTASH_URL: undefined,
  QSTASH_TOKEN: undefined,
  WEAVIATE_URL: undefined,
  VECTOR_DB_PATH: undefined,
  SERVICE_TOKEN: undefined,
  ORCHESTRATOR_PUBLIC_URL: undefined,
  MAX_CHUNKS_PER_PAGE: "8",
  // Every page embedded from scratch, so pages are still waiting when the parser is killed.
  EMBED_CACHE: "off",
  LOG_LEVEL: "info",
};

interface View {
  status: string;
  counts: Record<string, number>;
  chunks_total: number;
  validation: { status: string } | null;
}

const settled = (view: View | undefined) =>
  view !== undefined &&
  (["done", "partial", "failed"].includes(view.status) ||
    (view.counts.discovered! + view.counts.crawling! + view.counts.crawled! === 0 &&
      (view.validation?.status === "completed" || view.validation?.status === "failed")));

async function views(stack: Stack, accepted: readonly Accepted[]): Promise<Array<View | undefined>> {
  return Promise.all(
    accepted.map(async ({ concept_id }) => {
      const res = await fetch(`${stack.orchestratorUrl}/api/concepts/${concept_id}`).catch(() => undefined);
      return res?.ok ? ((await res.json()) as View) : undefined;
    }),
  );
}

async function post(stack: Stack, concept: string): Promise<Accepted> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(stack.edgeUrl!, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ concept }),
    });
    if (res.status === 202) {
      const body = (await res.json()) as { concept_id: string; urls: string[] };
      return { concept, concept_id: body.concept_id, urls: body.urls };
    }
    if (attempt >= 10) throw new Error(`the edge worker answered ${res.status}: ${await res.text()}`);
    await sleep(res.status === 429 ? 10_000 : 1000);
  }
}

describe("parse outcomes: the record follows the store across a parser killed mid-queue", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "qp-agreement-"));
  const supervisorLog: string[] = [];
  const saved: Record<string, string | undefined> = {};
  let stack: Stack | undefined;
  let redis: Redis | undefined;

  beforeAll(async () => {
    for (const [k, v] of Object.entries(STACK_ENV)) {
      saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    stack = await startStack({
      dataDir,
      sources: "fixtures",
      output: { kind: "files", path: (name) => join(dataDir, "logs", `${name}.log`) },
      log: (line) => supervisorLog.push(line),
    });
    redis = createRedisClient({
      url: stack.urls.redis!,
      logger: createLogger({ service: "agreement-test", level: "silent" }),
      name: "agreement-test",
    });
  }, 600_000);

  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);

  it("every URL parsed with its record's chunk count in the store, or failed with none", async () => {
    const running = stack!;
    const accepted: Accepted[] = [];
    for (const concept of CONCEPTS) accepted.push(await post(running, concept));
    const urls = accepted.reduce((n, a) => n + a.urls.length, 0);
    expect(urls).toBeGreaterThan(0);

    // Kill the parser once pages wait in its queue (and one is being worked on, when it gets that far).
    let waiting = 0;
    for (let i = 0; i < 600 && waiting < 2; i++) {
      waiting = (await redis!.llen("parser:jobs")) + (await redis!.llen("parser:jobs:active"));
      if (waiting < 2) await sleep(200);
    }
    expect(waiting, "pages never queued up at the parser").toBeGreaterThanOrEqual(2);
    const parser = running.supervisor!.children.find((c) => c.spec.name === "parser")!;
    process.kill(parser.child.pid!, "SIGKILL");

    let current: Array<View | undefined> = [];
    for (let i = 0; i < 450; i++) {
      current = await views(running, accepted);
      if (current.every(settled)) break;
      await sleep(2000);
    }
    expect(current.every(settled), JSON.stringify(current)).toBe(true);
    expect(supervisorLog.join("\n")).toMatch(/parser exited \(SIGKILL\); restarting/);

    const store = createLanceDbStore({ path: join(dataDir, "lancedb") });
    try {
      const deadLetters = await qstashDeadLetters(running.urls["qstash-local"]!, DEV_TOKEN);
      const audit = await auditRun({
        accepted,
        orchestratorUrl: running.orchestratorUrl,
        store,
        deadLetters,
      });
      const report = JSON.stringify(audit, null, 2);
      expect(audit.counts.urls).toBe(urls);
      expect(audit.counts.parsed, report).toBeGreaterThan(0);
      expect(audit.lost, report).toEqual([]);
      expect(audit.chunkMismatches, report).toEqual([]);
      expect(audit.storedButFailed, report).toEqual([]);
      // What the concepts say they hold is what the store holds.
      const chunksRecorded = current.reduce((n, v) => n + (v?.chunks_total ?? 0), 0);
      let chunksStored = 0;
      for (const { concept_id } of accepted)
        chunksStored += await store.countDocuments({ conceptId: concept_id });
      expect(chunksStored, report).toBe(chunksRecorded);
    } finally {
      await store.close();
    }
  }, 1_200_000);
});
