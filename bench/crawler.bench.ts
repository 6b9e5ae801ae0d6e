/**
 * Crawler throughput: pages per second through our crawler (Redis job → robots → SSRF-guarded fetch →
 * Readability on jsdom in worker threads → publish to qstash-local → delivered to a sink), side by side with a
 * bare crawlee CheerioCrawler that only fetches and parses the same pages (no extraction, no publishing, no
 * queue). Both crawl the 30 fixture pages served from loopback, cycled to BENCH_CRAWLER_PAGES fetches each.
 * Politeness is set to the same concurrency for both (per-host limit = global limit, no delay), since a
 * single-host benchmark would otherwise only measure the politeness delay.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { createLogger, createRedisClient, parseEnv } from "../packages/service-kit/src/index.ts";
import { startRedisServer, uniquePrefix } from "../packages/testing/src/index.ts";
import { runBareCheerio } from "../services/crawler/scripts/bare-cheerio.ts";
import { buildCrawler } from "../services/crawler/src/build.ts";
import { envSchema } from "../services/crawler/src/env.ts";
import { extractHtml } from "../services/crawler/src/extract.ts";
import { FIXTURE_PAGES, FIXTURES, startFixtureServer } from "../services/crawler/test/fixture-server.ts";
import { testEnv } from "../services/crawler/test/harness.ts";
import { startSink } from "../services/crawler/test/sink.ts";
import { startQstashLocal } from "../services/qstash-local/src/index.ts";

// 100 by default: Readability costs ~0.5–1 s of CPU a page here, so 300 would take minutes on 2 cores.
const PAGES = Number(process.env.BENCH_CRAWLER_PAGES ?? 100);
const CONCURRENCY = 8;
// One extraction worker per core: the main thread only waits on sockets and Redis.
const WORKERS = Math.max(1, Math.min(4, availableParallelism()));

const web = await startFixtureServer();
const urls = Array.from(
  { length: PAGES },
  (_, i) => `${web.url}/pages/${FIXTURE_PAGES[i % FIXTURE_PAGES.length]}/?i=${i}`,
);

async function bareCheerio() {
  const run = await runBareCheerio(urls, CONCURRENCY);
  return { name: "crawlee CheerioCrawler (fetch + parse only)", ...run };
}

async function ours() {
  const redisServer = process.env.REDIS_URL ? undefined : await startRedisServer();
  const redisUrl = process.env.REDIS_URL ?? (redisServer?.url as string);
  const [qstash, sink] = await Promise.all([startQstashLocal({ timeScale: 0.001 }), startSink()]);
  const logger = createLogger({ service: "crawler-bench", level: "silent" });
  const prefix = uniquePrefix("bench");
  const redis = createRedisClient({ url: redisUrl, logger, keyPrefix: prefix });
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
      CRAWLER_EXTRACT_WORKERS: String(WORKERS),
      CRAWLER_EXTRACT_TIMEOUT_MS: "60000",
    }),
  );
  const built = buildCrawler(env, { redis, logger });
  await redis.lpush("start_urls", ...urls);
  const started = performance.now();
  await built.crawler.start();
  await sink.waitFor(() => sink.deliveries.length >= PAGES, 600_000);
  const seconds = (performance.now() - started) / 1000;
  const results = sink.deliveries.filter((d) => d.message.type === "crawl.result");
  const chars = results.reduce(
    (sum, d) => sum + (d.message.type === "crawl.result" ? d.message.content.length : 0),
    0,
  );
  await built.stop(1000);
  await redis.del("start_urls", "start_urls:claimed", "start_urls:leases", "start_urls:attempts");
  await redis.quit();
  await Promise.all([qstash.close(), sink.close()]);
  await redisServer?.stop();
  return {
    name: `qp crawler (fetch + Readability x${WORKERS} workers + publish)`,
    pages: results.length,
    failed: sink.deliveries.length - results.length,
    seconds,
    chars,
  };
}

/** Where the time goes: Readability on jsdom alone, one thread, each fixture page once (already in memory). */
function extractionOnly() {
  const pages = FIXTURE_PAGES.map((name) => readFileSync(join(FIXTURES, name, "source.html"), "utf8"));
  let chars = 0;
  const started = performance.now();
  for (const [i, html] of pages.entries())
    chars += extractHtml(html, `${web.url}/pages/${FIXTURE_PAGES[i]}/`).text.length;
  const seconds = (performance.now() - started) / 1000;
  return {
    name: "Readability + jsdom alone (1 thread, no I/O)",
    pages: pages.length,
    failed: 0,
    seconds,
    chars,
  };
}

const rows = [];
rows.push(await bareCheerio());
rows.push(await ours());
rows.push(extractionOnly());
await web.close();

const table = rows.map((row) => ({
  crawler: row.name,
  pages: row.pages,
  failed: row.failed,
  seconds: Number(row.seconds.toFixed(2)),
  "pages/s": Number((row.pages / row.seconds).toFixed(2)),
  "text chars": row.chars,
}));
console.table(table);
const resultsDir = join(import.meta.dirname, "results");
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, "crawler.json"),
  `${JSON.stringify({ benchmark: "crawler", fetches_each: PAGES, concurrency: CONCURRENCY, extract_workers: WORKERS, cpus: availableParallelism(), at: new Date().toISOString(), rows: table }, null, 2)}\n`,
);
