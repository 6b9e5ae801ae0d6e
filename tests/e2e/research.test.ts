/**
 * A person's first run, end to end with real everything: `pnpm start --sources fixtures` (Redis, qstash-local,
 * the four services, the edge worker in workerd, the fixture web), then `pnpm research … --out DIR` against it,
 * the same concept posted twice, services killed with SIGKILL mid-run, and `pnpm start` stopped by SIGTERM to
 * its pid. One stack serves every test of the second block (starting one takes a minute); the offline
 * `--sources web` check starts its own, first, before the shared one exists.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConceptView, conceptViewSchema, searchAnswerSchema } from "@qp/schema";
import { waitUntil } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopback, type Listener } from "../../scripts/stack/listeners.ts";
import { cleanEnv, listenersBelow, pnpm, type Run, servicePid } from "../support/stack-process.ts";

const CONCEPT = "golden cross 50/200 on SPY";

const settled = (view: ConceptView | undefined) =>
  view !== undefined &&
  (["done", "partial", "failed"].includes(view.status) ||
    (view.counts.discovered + view.counts.crawling + view.counts.crawled === 0 &&
      (view.validation?.status === "completed" || view.validation?.status === "failed")));

async function networkReachable(): Promise<boolean> {
  try {
    await fetch("https://en.wikipedia.org/", { signal: AbortSignal.timeout(3000), method: "HEAD" });
    return true;
  } catch {
    return false;
  }
}

function refused(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      done(false);
    });
    socket.once("error", () => done(true));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("pnpm research --sources web on a machine without network", () => {
  it("says so in one sentence, suggests --sources fixtures and exits non-zero", async (ctx) => {
    if (await networkReachable()) {
      console.warn("skipped: a network is reachable here, so the offline message cannot be provoked");
      ctx.skip();
    }
    const dataDir = mkdtempSync(join(tmpdir(), "qp-research-web-"));
    try {
      const run = await pnpm(
        ["research", CONCEPT, "--sources", "web"],
        cleanEnv({ STACK_DATA_DIR: dataDir }),
      );
      const code = await run.exited;
      expect(code, run.output()).toBe(3);
      // The research's own last words (pnpm adds an ELIFECYCLE line of its own after them).
      const last = run
        .output()
        .trim()
        .split("\n")
        .filter((line) => !line.startsWith("[ELIFECYCLE]"))
        .at(-1)!;
      expect(last).toMatch(/^No network: .+; run with --sources fixtures .+\.$/);
      // Its own stack is gone: nothing of it still runs (the state file it wrote is removed on stop).
      expect(() => readFileSync(join(dataDir, "stack.json"))).toThrow();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});

describe("pnpm start --sources fixtures, then pnpm research against it", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "qp-stack-"));
  const outDir = join(dataDir, "out");
  const env = cleanEnv({ STACK_DATA_DIR: dataDir, LOG_LEVEL: "warn" });
  let start: Run;
  let stackPid: number;
  let urls: Record<string, string>;
  let listenersAtStart: Listener[] = [];

  const readConcept = async (id: string): Promise<ConceptView | undefined> => {
    const res = await fetch(`${urls.orchestrator}/api/concepts/${id}`);
    return res.status === 200 ? conceptViewSchema.parse(await res.json()) : undefined;
  };
  const post = async (concept: string) => {
    const res = await fetch(urls["edge-worker"]!, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ concept }),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as { concept_id: string; stored: number; urls: string[] };
  };
  const follow = (id: string) =>
    waitUntil(async () => ((v) => (settled(v) ? v : undefined))(await readConcept(id)), {
      timeoutMs: 900_000,
      intervalMs: 1000,
      what: async () =>
        `concept ${id} to settle: ${JSON.stringify(await readConcept(id))}\n${start.output().slice(-4000)}`,
    });

  beforeAll(async () => {
    start = await pnpm(["start", "--sources", "fixtures"], env);
    await waitUntil(
      async () => {
        if (start.child.exitCode !== null) throw new Error(`pnpm start exited:\n${start.output()}`);
        return start.output().includes("qstash-pipeline is running") ? true : undefined;
      },
      {
        timeoutMs: 420_000,
        intervalMs: 500,
        what: () => `the stack to be running\n${start.output().slice(-4000)}`,
      },
    );
    const state = JSON.parse(readFileSync(join(dataDir, "stack.json"), "utf8"));
    stackPid = state.pid;
    urls = state.urls;
  }, 480_000);

  afterAll(async () => {
    if (start && start.child.exitCode === null) {
      start.child.kill("SIGTERM");
      await Promise.race([start.exited, new Promise((done) => setTimeout(done, 60_000))]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);

  it("every socket the stack's processes listen on is loopback and announced in its output", () => {
    listenersAtStart = listenersBelow(stackPid);
    // Redis, qstash-local, fixture web, four services, the edge worker: at least one socket each.
    expect(listenersAtStart.length).toBeGreaterThanOrEqual(9);
    const printed = start.output();
    for (const l of listenersAtStart) {
      expect(isLoopback(l.address), `${l.address}:${l.port} (${l.command})`).toBe(true);
      expect(printed, `${l.address}:${l.port} (${l.command}) not announced`).toContain(
        `${l.address}:${l.port} `,
      );
    }
  });

  it("pnpm research writes report.html and summary.json: SMA 50/200 on SPY against buy-and-hold", async () => {
    const run = await pnpm(["research", CONCEPT, "--sources", "fixtures", "--out", outDir], env);
    const code = await run.exited;
    expect(code, run.output()).toBe(0);
    expect(run.output()).toMatch(/using the stack already running/);
    const summary = JSON.parse(readFileSync(join(outDir, "summary.json"), "utf8"));
    expect(summary.strategy.name).toBe("sma_crossover");
    expect(summary.strategy.params).toMatchObject({ fast: 50, slow: 200 });
    expect(summary.strategy.symbol).toBe("SPY");
    for (const metrics of [summary.metrics, summary.benchmark])
      for (const field of ["total_return", "cagr", "sharpe_ratio", "max_drawdown", "trades_count"])
        expect(typeof metrics[field], field).toBe("number");
    expect(summary.sources_crawled).toBeGreaterThanOrEqual(3);
    expect(summary.chunks).toBeGreaterThanOrEqual(10);
    expect(summary.passages.length).toBeGreaterThanOrEqual(1);
    expect(summary.synthetic).toBe(false);
    const html = readFileSync(join(outDir, "report.html"), "utf8");
    expect(html).toMatch(/<svg/);
    expect(html).toContain(summary.concept_id);
    // The printed summary: metrics as %, Sharpe with its annualisation, the report's path.
    expect(run.output()).toMatch(/total return +-?[\d.]+ % +-?[\d.]+ %/);
    expect(run.output()).toMatch(/Sharpe \(√\d+ annualised\)/);
    expect(run.output()).toMatch(/report: .*report\.html/);
  }, 1_200_000);

  it("the same concept posted again adds no chunk and no result", async () => {
    const first = JSON.parse(readFileSync(join(outDir, "summary.json"), "utf8"));
    const before = (await readConcept(first.concept_id))!;
    const again = await post(CONCEPT);
    expect(again.concept_id).toBe(first.concept_id);
    const after = await follow(again.concept_id);
    expect(after.chunks_total).toBe(before.chunks_total);
    expect(after.counts.total).toBe(before.counts.total);
    const search = await fetch(
      `${urls.orchestrator}/api/search?${new URLSearchParams({ q: CONCEPT, concept: first.concept_id, limit: "50" })}`,
    );
    const hits = searchAnswerSchema.parse(await search.json()).results;
    const keys = hits.map((hit) => `${hit.url}\n${hit.text}`);
    expect(new Set(keys).size).toBe(keys.length);
    const summary = await (
      await fetch(`${urls.orchestrator}/api/concepts/${first.concept_id}/summary`)
    ).json();
    expect(summary.chunks).toBe(first.chunks);
    expect(summary.metrics).toEqual(first.metrics);
  }, 900_000);

  it("a crawler and a parser killed with SIGKILL mid-run are restarted, and the concept still completes", async () => {
    const concept = "RSI mean reversion on AAPL";
    const crawler = servicePid(stackPid, "crawler")!;
    const parser = servicePid(stackPid, "parser")!;
    expect(crawler).toBeGreaterThan(0);
    expect(parser).toBeGreaterThan(0);
    const { concept_id } = await post(concept);
    process.kill(crawler, "SIGKILL");
    await waitUntil(
      async () => ((v) => (v && v.counts.parsed >= 1 ? v : undefined))(await readConcept(concept_id)),
      {
        timeoutMs: 600_000,
        intervalMs: 500,
        what: async () =>
          `a parsed source after the crawler's crash: ${JSON.stringify(await readConcept(concept_id))}\n${start.output().slice(-4000)}`,
      },
    );
    process.kill(parser, "SIGKILL");
    const view = await follow(concept_id);
    expect(start.output()).toMatch(/crawler exited \(SIGKILL\); restarting in \d+ s/);
    expect(start.output()).toMatch(/parser exited \(SIGKILL\); restarting in \d+ s/);
    expect(view.status, JSON.stringify(view)).not.toBe("failed");
    expect(view.failures, JSON.stringify(view.failures)).toEqual([]);
    expect(view.counts.parsed).toBe(view.counts.total);
    expect(view.validation?.status).toBe("completed");
    expect(servicePid(stackPid, "parser")).not.toBe(parser);
  }, 1_200_000);

  it("SIGTERM to pnpm start's pid stops the whole stack: no process of it is left, nothing listens", async () => {
    const pids = [...new Set([...listenersAtStart, ...listenersBelow(stackPid)].map((l) => l.pid))];
    const ports = [...new Set([...listenersAtStart, ...listenersBelow(stackPid)].map((l) => l.port))];
    expect(pids.length).toBeGreaterThan(0);
    start.child.kill("SIGTERM");
    await start.exited;
    await waitUntil(async () => (alive(stackPid) || pids.some(alive) ? undefined : true), {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: () => `every process to exit; still running: ${[stackPid, ...pids].filter(alive).join(", ")}`,
    });
    for (const port of ports) expect(await refused(port), `port ${port} still accepts`).toBe(true);
  }, 180_000);
});
