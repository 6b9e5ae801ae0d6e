/**
 * Crawler throughput: pages per second and CPU per page through our crawler (Redis job → robots → SSRF-guarded
 * fetch → Readability on our lean DOM in worker threads → publish to qstash-local → delivered to a sink), side by
 * side with a bare crawlee CheerioCrawler that only fetches and parses the same pages (no extraction, no
 * publishing, no queue). Both crawl the 30 fixture pages served from loopback, cycled to BENCH_CRAWLER_PAGES
 * fetches a round.
 *
 * The machine is shared, so the two are interleaved: BENCH_CRAWLER_ROUNDS rounds, each running both back to
 * back, the order alternating (ABBA), after one untimed warm-up round of each (JIT, worker start-up, robots.txt).
 * `ratio` is the median over rounds of ours ÷ reference pages/s, each pair measured minutes apart at most.
 * CPU per page is this process's CPU (all threads: crawler, extraction workers, and the in-process fixture
 * server, qstash-local and sink) over the round, plus redis-server's CPU for ours; the reference's includes the
 * same fixture server. Politeness is set to the same concurrency for both (per-host limit = global limit, no
 * delay), since a single-host benchmark would otherwise only measure the politeness delay.
 */
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { createLogger, createRedisClient, parseEnv } from "../packages/service-kit/src/index.ts";
import { startRedisServer, uniquePrefix } from "../packages/testing/src/index.ts";
import { runBareCheerio } from "../services/crawler/scripts/bare-cheerio.ts";
import { extractWithJsdom } from "../services/crawler/scripts/readability-jsdom.ts";
import { buildCrawler } from "../services/crawler/src/build.ts";
import { envSchema } from "../services/crawler/src/env.ts";
import { extractHtml } from "../services/crawler/src/extract.ts";
import { FIXTURE_PAGES, FIXTURES, startFixtureServer } from "../services/crawler/test/fixture-server.ts";
import { testEnv } from "../services/crawler/test/harness.ts";
import { startSink } from "../services/crawler/test/sink.ts";
import { tokenF1 } from "../services/crawler/test/token-f1.ts";
import { startQstashLocal } from "../services/qstash-local/src/index.ts";
import { writeResult } from "./lib/results.ts";
import { median } from "./lib/stats.ts";

const PAGES = Number(process.env.BENCH_CRAWLER_PAGES ?? 150);
const ROUNDS = Number(process.env.BENCH_CRAWLER_ROUNDS ?? 4);
const CONCURRENCY = 8;
// One extraction worker per core: the main thread only waits on sockets and Redis.
const WORKERS = Math.max(1, Math.min(4, availableParallelism()));

interface Run {
  pages: number;
  failed: number;
  seconds: number;
  /** This process, all threads, plus redis-server for ours. */
  cpuMs: number;
  /** Of which the main thread (event loop: crawler, fetches, fixture server, qstash-local, sink); null off Linux. */
  mainMs: number | null;
  /** Of which redis-server. */
  redisMs: number;
}

const loadAtStart = loadavg();
const web = await startFixtureServer();
const urlsFor = (round: string, count = PAGES) =>
  Array.from(
    { length: count },
    (_, i) => `${web.url}/pages/${FIXTURE_PAGES[i % FIXTURE_PAGES.length]}/?round=${round}&i=${i}`,
  );
const cpuNow = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
/** The main thread's CPU in ms, from /proc (Linux; clock ticks of 10 ms); the rest of the process is other threads. */
const mainCpuNow = (): number | null => {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
};
const since = (start: number | null, end: number | null) =>
  start === null || end === null ? null : end - start;

async function reference(round: string, count = PAGES): Promise<Run> {
  const [cpu, main] = [cpuNow(), mainCpuNow()];
  const run = await runBareCheerio(urlsFor(round, count), CONCURRENCY);
  return {
    pages: run.pages,
    failed: run.failed,
    seconds: run.seconds,
    cpuMs: cpuNow() - cpu,
    mainMs: since(main, mainCpuNow()),
    redisMs: 0,
  };
}

/** Our crawler, built once and kept running across rounds, as in production (workers stay warm). */
async function startOurs() {
  const redisServer = process.env.REDIS_URL ? undefined : await startRedisServer();
  const redisUrl = process.env.REDIS_URL ?? (redisServer?.url as string);
  const [qstash, sink] = await Promise.all([startQstashLocal({ timeScale: 0.001 }), startSink()]);
  const logger = createLogger({ service: "crawler-bench", level: "silent" });
  const redis = createRedisClient({ url: redisUrl, logger, keyPrefix: uniquePrefix("bench") });
  const env = parseEnv(
    envSchema,
    testEnv({
      REDIS_URL: redisUrl,
      QSTASH_URL: qstash.url,
      QSTASH_TOKEN: qstash.token,
      ORCHESTRATOR_URL: sink.url,
      CRAWLER_CONCURRENCY: String(CONCURRENCY),
      CRAWLER_PER_HOST_CONCURRENCY: String(CONCURRENCY),
      CRAWLER_REQUEST_TIMEOUT_MS: "20000",
      // Long leases: on a loaded box a job may outlast the tests' 1.5 s and be crawled twice.
      CRAWLER_VISIBILITY_TIMEOUT_MS: "120000",
      CRAWLER_POLL_INTERVAL_MS: "20",
      CRAWLER_EXTRACT_WORKERS: String(WORKERS),
      CRAWLER_EXTRACT_TIMEOUT_MS: "60000",
    }),
  );
  const built = buildCrawler(env, { redis, logger });
  await built.crawler.start();
  // redis-server's own CPU (seconds, user + system), so the queue's cost is counted too.
  const redisCpuMs = async () => {
    const info = await redis.info("cpu");
    const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return (field("used_cpu_user") + field("used_cpu_sys")) * 1000;
  };
  let chars = 0;
  return {
    async run(round: string, count = PAGES): Promise<Run> {
      const before = sink.deliveries.length;
      const redisCpu = await redisCpuMs();
      const [cpu, main] = [cpuNow(), mainCpuNow()];
      const started = performance.now();
      await redis.lpush("start_urls", ...urlsFor(round, count));
      await sink.waitFor(() => sink.deliveries.length >= before + count, 600_000);
      const seconds = (performance.now() - started) / 1000;
      const [processMs, mainMs] = [cpuNow() - cpu, since(main, mainCpuNow())];
      const redisMs = (await redisCpuMs()) - redisCpu;
      const mine = sink.deliveries.slice(before);
      const results = mine.filter((d) => d.message.type === "crawl.result");
      for (const d of results) chars += d.message.type === "crawl.result" ? d.message.content.length : 0;
      return {
        pages: results.length,
        failed: mine.length - results.length,
        seconds,
        cpuMs: processMs + redisMs,
        mainMs,
        redisMs,
      };
    },
    chars: () => chars,
    async stop() {
      await built.stop(1000);
      await redis.del("start_urls", "start_urls:claimed", "start_urls:leases", "start_urls:attempts");
      await redis.quit();
      await Promise.all([qstash.close(), sink.close()]);
      await redisServer?.stop();
    },
  };
}

/** Where the time goes: extraction alone, one thread, each fixture page once (in memory) after a warm-up. */
function extractionAlone(name: string, extract: (html: string, url: string) => unknown) {
  const pages = FIXTURE_PAGES.map((page) => readFileSync(join(FIXTURES, page, "source.html"), "utf8"));
  // Five pages warm the JIT; a whole pass of jsdom would add a minute on a loaded box.
  for (const [i, html] of pages.slice(0, 5).entries())
    extract(html, `http://fixtures.test/${FIXTURE_PAGES[i]}/`);
  const cpu = cpuNow();
  const started = performance.now();
  for (const [i, html] of pages.entries()) extract(html, `http://fixtures.test/${FIXTURE_PAGES[i]}/`);
  const seconds = (performance.now() - started) / 1000;
  return { name, pages: pages.length, seconds, cpuMs: cpuNow() - cpu };
}

/** Extraction quality on the 30 pages: titles as expected-metadata.json says, token F1 against jsdom's text. */
function quality() {
  const referenceDir = join(import.meta.dirname, "../services/crawler/test/fixtures/readability-jsdom");
  let titles = 0;
  let minF1 = 1;
  // Pages on which Readability's first attempt fell short and it started over with looser rules (article.ts).
  let retried = 0;
  for (const page of FIXTURE_PAGES) {
    const html = readFileSync(join(FIXTURES, page, "source.html"), "utf8");
    const expected = JSON.parse(readFileSync(join(FIXTURES, page, "expected-metadata.json"), "utf8"));
    const reference = JSON.parse(readFileSync(join(referenceDir, `${page}.json`), "utf8"));
    const result = extractHtml(html, `http://fixtures.test/${page}/`);
    if (result.title === expected.title) titles++;
    if (result.engine !== "lean") retried++;
    minF1 = Math.min(minF1, tokenF1(result.text, reference.text));
  }
  return {
    pages: FIXTURE_PAGES.length,
    titles_as_expected: titles,
    min_token_f1_vs_jsdom: minF1,
    retried_with_looser_rules: retried,
  };
}

const ours = await startOurs();
// Warm-up, untimed: JIT on both sides, worker threads loading, robots.txt cached.
await reference("warm", FIXTURE_PAGES.length);
await ours.run("warm", FIXTURE_PAGES.length);

const loadSamples: number[] = [];
const sampler = setInterval(() => loadSamples.push(loadavg()[0] ?? 0), 1000);
const rounds: Array<{ round: number; reference: Run; ours: Run }> = [];
for (let round = 1; round <= ROUNDS; round++) {
  const tag = String(round);
  let ref: Run;
  let our: Run;
  if (round % 2 === 1) {
    ref = await reference(tag);
    our = await ours.run(tag);
  } else {
    our = await ours.run(tag);
    ref = await reference(tag);
  }
  rounds.push({ round, reference: ref, ours: our });
  console.log(
    `round ${round}: reference ${(ref.pages / ref.seconds).toFixed(1)} pages/s, ours ${(our.pages / our.seconds).toFixed(1)} pages/s, load ${loadavg()[0]?.toFixed(2)}`,
  );
}
clearInterval(sampler);
const chars = ours.chars();
await ours.stop();
await web.close();

const extraction = [
  extractionAlone("Readability on our lean DOM (ours), 1 thread, no I/O", (html, url) =>
    extractHtml(html, url, undefined, "lean"),
  ),
  extractionAlone(
    "Readability + linkedom (before; CRAWLER_EXTRACTOR=readability), 1 thread, no I/O",
    (html, url) => extractHtml(html, url, undefined, "readability"),
  ),
  extractionAlone("Readability + jsdom (earlier), 1 thread, no I/O", extractWithJsdom),
];
const extractQuality = quality();

const round2 = (value: number) => Number(value.toFixed(2));
const perPage = (runs: Run[], pick: (run: Run) => number | null) => {
  const values = runs.map((r) => pick(r));
  return values.some((v) => v === null)
    ? null
    : round2(median(values.map((v, i) => (v as number) / Math.max(1, runs[i]?.pages ?? 1))));
};
const summary = (runs: Run[]) => ({
  pages_per_s: round2(median(runs.map((r) => r.pages / r.seconds))),
  cpu_ms_per_page: perPage(runs, (r) => r.cpuMs),
  cpu_ms_per_page_by_part: {
    main_thread: perPage(runs, (r) => r.mainMs),
    other_threads: perPage(runs, (r) => (r.mainMs === null ? null : r.cpuMs - r.redisMs - r.mainMs)),
    redis_server: perPage(runs, (r) => r.redisMs),
  },
  pages: runs.reduce((sum, r) => sum + r.pages, 0),
  failed: runs.reduce((sum, r) => sum + r.failed, 0),
});
const ratio = round2(
  median(rounds.map((r) => r.ours.pages / r.ours.seconds / (r.reference.pages / r.reference.seconds))),
);
const rowOf = (name: string, run: Run) => ({
  crawler: name,
  pages: run.pages,
  failed: run.failed,
  seconds: round2(run.seconds),
  "pages/s": round2(run.pages / run.seconds),
  "CPU ms/page": round2(run.cpuMs / Math.max(1, run.pages)),
  "main thread": run.mainMs === null ? null : round2(run.mainMs / Math.max(1, run.pages)),
  "other threads":
    run.mainMs === null ? null : round2((run.cpuMs - run.redisMs - run.mainMs) / Math.max(1, run.pages)),
  redis: round2(run.redisMs / Math.max(1, run.pages)),
});
console.table([
  ...rounds.flatMap((r) => [
    rowOf(`${r.round}: crawlee CheerioCrawler (fetch + parse only)`, r.reference),
    rowOf(`${r.round}: qp crawler (fetch + Readability x${WORKERS} + publish)`, r.ours),
  ]),
  ...extraction.map((e) =>
    rowOf(e.name, {
      pages: e.pages,
      failed: 0,
      seconds: e.seconds,
      cpuMs: e.cpuMs,
      mainMs: e.cpuMs,
      redisMs: 0,
    }),
  ),
]);
const loadAtEnd = loadavg();
const result = {
  benchmark: "crawler",
  at: new Date().toISOString(),
  ratio,
  reference:
    "bare crawlee CheerioCrawler (fetch + parse, no extraction or publishing), same pages and concurrency, interleaved",
  load_average: {
    start: loadAtStart.map(round2),
    end: loadAtEnd.map(round2),
    mean_1min_during_rounds: round2(loadSamples.reduce((a, b) => a + b, 0) / Math.max(1, loadSamples.length)),
  },
  ours: {
    name: `qp crawler: fetch + Readability on the lean DOM (${WORKERS} workers) + publish`,
    ...summary(rounds.map((r) => r.ours)),
    text_chars: chars,
  },
  reference_run: {
    name: "crawlee CheerioCrawler: fetch + parse",
    ...summary(rounds.map((r) => r.reference)),
  },
  extraction_alone: extraction.map((e) => ({
    name: e.name,
    pages_per_s: round2(e.pages / e.seconds),
    cpu_ms_per_page: round2(e.cpuMs / e.pages),
  })),
  extraction_quality: extractQuality,
  settings: {
    fetches_per_round: PAGES,
    rounds: ROUNDS,
    concurrency: CONCURRENCY,
    extract_workers: WORKERS,
    cpus: availableParallelism(),
    node: process.version,
  },
  rounds: rounds.map((r) => ({
    round: r.round,
    order: r.round % 2 === 1 ? "reference first" : "ours first",
    reference: rowOf("reference", r.reference),
    ours: rowOf("ours", r.ours),
  })),
};
console.log(
  `ratio (ours ÷ reference pages/s, median of ${ROUNDS} rounds): ${ratio}; load average ${loadAtEnd.map((l) => l.toFixed(2)).join(" ")}`,
);
writeResult("crawler", result);
