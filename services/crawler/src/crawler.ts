import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// Only the parts we use: the `crawlee` meta-package also loads @crawlee/browser-pool, whose proxy-server module
// starts an unauthenticated proxy-chain server on all interfaces at import (issue 12: an open proxy past the
// SSRF guard to loopback Redis).
import { BasicCrawler, Configuration, log as crawleeLog } from "@crawlee/basic";
import { MemoryStorage } from "@crawlee/memory-storage";
import { PublishError, type Publisher } from "@qp/messaging";
import { crawlQueueKeys } from "@qp/schema";
import { type Logger, type Redis, withCorrelationId } from "@qp/service-kit";
import { type CrawlMessage, type CrawlPageDeps, crawlPage } from "./crawl-page.ts";
import { type CrawlJob, DEFAULT_CONCEPT, parseJob } from "./job.ts";
import { createJobQueue } from "./queue.ts";

/**
 * The crawler process: claims jobs from Redis, runs them through crawlee's BasicCrawler, publishes one message
 * per job and only then acks the job.
 *
 * What crawlee does here: the scheduling — its AutoscaledPool runs up to `maxConcurrency` jobs at once and
 * scales down when CPU or memory is saturated; its in-memory RequestQueue buffers claimed jobs; its handler
 * timeout is a last-resort bound on a stuck job; RobotsTxtFile parses robots.txt. What it does not do, on
 * purpose: fetching (our SSRF-guarded client, see fetch-page.ts), retries (ours have backoff and skip 4xx; its
 * own are off), sessions (off: one-shot fetches, no cookies), persistence (off: Redis is the durable queue,
 * crawlee's queue lives in memory and dies with the process, which is exactly what the leases cover).
 */

export interface CrawlerSettings {
  crawlerId?: string | undefined;
  maxConcurrency: number;
  visibilityTimeoutMs: number;
  pollIntervalMs: number;
  maxDeliveries: number;
  handlerTimeoutMs: number;
  defaultConcept?: string;
}

export interface CrawlerDeps {
  redis: Redis;
  publisher: Publisher;
  /** Where messages go: `${ORCHESTRATOR_URL}/api/qstash`. */
  destination: string;
  logger: Logger;
  page: CrawlPageDeps;
  settings: CrawlerSettings;
  /** Called after each job with its outcome (metrics, tests). */
  onOutcome?: (outcome: { job: CrawlJob; message: CrawlMessage; acked: boolean }) => void;
  onDeadLetter?: (reason: string) => void;
}

// crawlee's own logger writes human text to stdout; our JSON logs are the record.
crawleeLog.setLevel(crawleeLog.LEVELS.WARNING);

/** How long a concept's `crawling:{id}` marks are kept: long after any crawl of it has ended. */
const CRAWLING_TTL_S = 7 * 24 * 3600;

export function createCrawler({
  redis,
  publisher,
  destination,
  logger,
  page,
  settings,
  onOutcome,
  onDeadLetter,
}: CrawlerDeps) {
  const crawlerId = settings.crawlerId ?? randomUUID();
  const queue = createJobQueue({
    redis,
    visibilityTimeoutMs: settings.visibilityTimeoutMs,
    maxDeliveries: settings.maxDeliveries,
  });
  const inFlight = new Map<string, CrawlJob & { raw: string }>();
  const storageDir = mkdtempSync(join(tmpdir(), "qp-crawler-"));
  const config = new Configuration({
    persistStorage: false,
    purgeOnStart: true,
    // crawlee samples the host's CPU and memory every second for its autoscaling (memory by spawning `ps`:
    // ~5% of the main thread's CPU in bench/crawler.bench.ts). Concurrency is fixed below, so nothing reads it.
    systemInfoIntervalMillis: 3_600_000,
    storageClient: new MemoryStorage({
      persistStorage: false,
      writeMetadata: false,
      localDataDirectory: storageDir,
    }),
  });
  let claimCounter = 0;
  let stopping = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const handle = async (token: string) => {
    const job = inFlight.get(token);
    if (!job) return;
    try {
      const message = await crawlPage(job, page);
      // Publish first, ack second: a crash between the two re-crawls the page, and QStash's deduplication id
      // (from the page id) drops the second copy. The reverse order could lose a page.
      await publisher.publish(message, destination);
      const acked = await queue.ack(token);
      logger.info(
        {
          url: job.url,
          concept_id: job.conceptId,
          type: message.type,
          acked,
          ...(message.type === "crawl.failed" ? { reason: message.reason } : {}),
        },
        "job done",
      );
      onOutcome?.({ job, message, acked });
    } catch (error) {
      // 401/403 is our configuration (wrong token), not this job: never dead-letter every job for it.
      const refused =
        error instanceof PublishError && error.permanent && error.status !== 401 && error.status !== 403;
      if (refused) {
        // The broker refused this message for good (too large, malformed): retrying cannot help.
        const reason = `QStash refused the message: ${(error as Error).message}`;
        await queue
          .deadLetter(token, job.raw, reason)
          .catch((err) => logger.error({ err }, "dead-letter failed"));
        logger.error({ err: error, url: job.url }, "publish refused; job dead-lettered");
        onDeadLetter?.(reason);
      } else {
        // Broker or Redis unreachable: leave the lease to expire so the reaper gives the job back after the
        // visibility timeout, which is also a natural backoff for an outage.
        logger.error({ err: error, url: job.url }, "publish failed; job returns after its lease expires");
      }
    } finally {
      inFlight.delete(token);
      wake?.();
    }
  };

  const crawler = new BasicCrawler(
    {
      keepAlive: true,
      maxConcurrency: settings.maxConcurrency,
      // Run at full concurrency, always: jobs are I/O-bound here, and the CPU-bound part is already bounded by
      // the extraction pool's size. crawlee's ramp-up from 1 would only delay work, and its overload check
      // reads the whole host's CPU (other tenants' too, in a container as well): on a busy host it held one
      // job at a time, leaving all but one extraction worker idle (measured with bench/crawler.bench.ts).
      autoscaledPoolOptions: {
        desiredConcurrency: settings.maxConcurrency,
        minConcurrency: settings.maxConcurrency,
      },
      maxRequestRetries: 0,
      useSessionPool: false,
      requestHandlerTimeoutSecs: Math.ceil(settings.handlerTimeoutMs / 1000),
      statusMessageLoggingInterval: 3600,
      // Every log line of one job carries its claim token as correlation id.
      requestHandler: async ({ request }) =>
        withCorrelationId(`crawl-${request.uniqueKey}`, () => handle(request.uniqueKey)),
      failedRequestHandler: async ({ request }, error) => {
        // Only a handler timeout lands here (handle() catches everything else); the lease expires, the job returns.
        logger.error({ err: error, url: request.url }, "job handler timed out");
        inFlight.delete(request.uniqueKey);
        wake?.();
      },
    },
    config,
  );

  /**
   * Tell the orchestrator the truth about this URL: a crawler has it now. `crawling:{concept_id}` (URL → ISO
   * time) is read by the concept view, which shows the URL as `crawling` until its result arrives. Best effort:
   * the crawl does not depend on it, so a Redis hiccup here is logged, not fatal.
   */
  const markCrawling = async (conceptId: string, url: string) => {
    const key = crawlQueueKeys.crawling(conceptId);
    await redis
      .multi()
      .hset(key, url, new Date().toISOString())
      .expire(key, CRAWLING_TTL_S)
      .exec()
      .catch((error: unknown) => logger.warn({ err: error, url }, "could not mark the URL as crawling"));
  };

  const claimLoop = async () => {
    while (!stopping) {
      if (inFlight.size >= settings.maxConcurrency) {
        await sleep(settings.pollIntervalMs);
        continue;
      }
      const token = `${crawlerId}:${++claimCounter}`;
      let raw: string | null;
      try {
        raw = await queue.claim(token);
      } catch (error) {
        logger.error({ err: error }, "claim failed");
        await sleep(settings.pollIntervalMs * 4);
        continue;
      }
      if (raw === null) {
        await sleep(settings.pollIntervalMs);
        continue;
      }
      const parsed = await parseJob(raw, settings.defaultConcept ?? DEFAULT_CONCEPT);
      if (!parsed.ok) {
        await queue
          .deadLetter(token, raw, parsed.reason)
          .catch((error) => logger.error({ err: error }, "dead-letter failed"));
        logger.warn({ reason: parsed.reason, job: raw.slice(0, 200) }, "job dead-lettered");
        onDeadLetter?.(parsed.reason);
        continue;
      }
      inFlight.set(token, { ...parsed.job, raw });
      await markCrawling(parsed.job.conceptId, parsed.job.url);
      try {
        await crawler.addRequests([{ url: parsed.job.url, uniqueKey: token }]);
        // Start it now: crawlee's pool looks for new requests only when a task ends or every 0.5 s, and a slot
        // freed by a finished job is refilled after that job's end (claiming takes Redis round trips), so without
        // this the slot waited for the next job to end.
        void crawler.autoscaledPool?.notify();
      } catch (error) {
        // crawlee refused the request (shutting down): hand the job straight back instead of crashing the loop.
        inFlight.delete(token);
        await queue.release(token).catch(() => undefined);
        logger.error({ err: error, url: parsed.job.url }, "could not schedule job; handed back");
      }
    }
  };

  let heartbeat: NodeJS.Timeout | undefined;
  let reaper: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let claiming: Promise<void> | undefined;

  return {
    crawlerId,
    queue,
    inFlight: () => inFlight.size,
    async start(): Promise<void> {
      running = crawler.run();
      claiming = claimLoop();
      const beat = Math.max(50, Math.floor(settings.visibilityTimeoutMs / 3));
      heartbeat = setInterval(() => {
        queue
          .extend([...inFlight.keys()])
          .catch((error) => logger.error({ err: error }, "lease heartbeat failed"));
      }, beat);
      reaper = setInterval(() => {
        queue
          .reap()
          .then(({ requeued, dead }) => {
            if (requeued || dead) logger.warn({ requeued, dead }, "expired leases given back");
          })
          .catch((error) => logger.error({ err: error }, "reaper failed"));
      }, beat);
    },
    /** Stop claiming, give in-flight jobs `graceMs` to finish, hand the rest back to `start_urls`. */
    async stop({ graceMs = 10_000 } = {}): Promise<void> {
      stopping = true;
      wake?.();
      await claiming;
      const deadline = Date.now() + graceMs;
      while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      clearInterval(reaper);
      for (const token of [...inFlight.keys()]) {
        await queue.release(token).catch((error) => logger.error({ err: error }, "release failed"));
        inFlight.delete(token);
      }
      clearInterval(heartbeat);
      await crawler.teardown();
      await running?.catch(() => undefined);
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

export type Crawler = ReturnType<typeof createCrawler>;
