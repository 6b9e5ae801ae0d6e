import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CrawlResultMessage, conceptIdOf, stableId } from "@qp/schema";
import { createLogger, createRedisClient, listen } from "@qp/service-kit";
import { uniquePrefix } from "@qp/testing";
import { createLanceDbStore, type VectorStore } from "@qp/vector-store";
import { inject } from "vitest";
import { createApp } from "../src/app.ts";
import { createEmbedder, type Embedder } from "../src/embedder.ts";
import { Gate, gated } from "../src/gate.ts";
import { DEFAULT_INGEST_OPTIONS, type IngestOptions, ingestPage } from "../src/ingest.ts";
import { createJobQueue, type JobQueue } from "../src/jobs/queue.ts";
import { type ParseOutcome, startJobWorker } from "../src/jobs/worker.ts";
import { createParserMetrics, type ParserMetrics } from "../src/metrics.ts";
import { PageRuns } from "../src/page-runs.ts";

let shared: Embedder | undefined;
/** One real embedder per test file (loading the model twice would only cost time). */
export function testEmbedder(): Embedder {
  shared ??= createEmbedder({ modelDir: inject("modelDir") });
  return shared;
}

export interface RunningParser {
  url: string;
  store: VectorStore;
  metrics: ParserMetrics;
  /** The job queue, when started with `jobs`. */
  queue?: JobQueue;
  close: () => Promise<void>;
}

/** The real parser app on a loopback port, over a LanceDB in a fresh temp folder unless a store is given. */
export async function startParser(
  options: {
    store?: VectorStore;
    ingest?: Partial<IngestOptions>;
    embedder?: Embedder;
    serviceToken?: string;
    /**
     * Serve `POST /jobs` from a real Redis queue (a unique key prefix) with the real job worker, handing each
     * outcome to `publish` (in production: QStash to the orchestrator).
     */
    jobs?: { redisUrl: string; publish: (outcome: ParseOutcome) => Promise<void>; maxDepth?: number };
  } = {},
): Promise<RunningParser> {
  const dir = await mkdtemp(join(tmpdir(), "qp-parser-"));
  const store = options.store ?? createLanceDbStore({ path: dir });
  // "error": the store-down test would otherwise print a warn line with a stack for the expected 503.
  const logger = createLogger({ service: "parser-test", level: "error" });
  const embedder = options.embedder ?? testEmbedder();
  const metrics = createParserMetrics();
  const gate = new Gate(1);
  const pages = new PageRuns(gate);
  const ingest = { ...DEFAULT_INGEST_OPTIONS, ...options.ingest };
  let queue: JobQueue | undefined;
  let stopJobs = async () => {};
  if (options.jobs) {
    const { redisUrl, publish } = options.jobs;
    const prefix = uniquePrefix("parser");
    const client = () =>
      createRedisClient({
        url: redisUrl,
        logger,
        keyPrefix: prefix,
        options: { maxRetriesPerRequest: null },
      });
    const redis = client();
    queue = createJobQueue(redis, { maxDepth: options.jobs.maxDepth ?? 100 });
    const worker = startJobWorker({
      queue,
      blocking: client,
      ingest: (job) => gated(gate, () => ingestPage(job.message, { embedder, store }, ingest)),
      publish,
      logger,
      metrics,
      retryBaseMs: 200,
      maxAttempts: 2,
    });
    stopJobs = async () => {
      await worker.stop();
      const found = await redis.keys(`${prefix}*`);
      if (found.length > 0) await redis.del(...found.map((key) => key.slice(prefix.length)));
      await redis.quit();
    };
  }
  const app = createApp({
    embedder,
    store,
    logger,
    metrics,
    pages,
    options: options.ingest ?? {},
    ...(queue ? { jobs: queue } : {}),
    ...(options.serviceToken ? { serviceToken: options.serviceToken } : {}),
  });
  const server = await listen(app.fetch, { port: 0, hostname: "127.0.0.1" });
  return {
    url: server.url,
    store,
    metrics,
    ...(queue ? { queue } : {}),
    close: async () => {
      await server.close();
      await stopJobs();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A valid crawl.result message for `url` about `concept`. */
export async function crawlResult(
  url: string,
  content: string,
  overrides: Partial<CrawlResultMessage> & { concept?: string } = {},
): Promise<CrawlResultMessage> {
  const concept = overrides.concept ?? "golden cross";
  const concept_id = await conceptIdOf(concept);
  return {
    type: "crawl.result",
    id: await stableId(concept_id, url),
    concept_id,
    concept,
    url,
    title: `Page at ${url}`,
    content,
    content_type: "text/html",
    timestamp: "2026-11-28T20:00:00.000Z",
    metadata: { discovered_by: "manual" },
    retry_count: 0,
    ...overrides,
  };
}

export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body:
      typeof body === "string" ? body : body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body),
  });
}
