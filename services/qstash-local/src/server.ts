import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, createMetrics, type Logger, listen } from "@qp/service-kit";
import { createApp } from "./app.ts";
import { Broker } from "./broker.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEV_CURRENT_SIGNING_KEY,
  DEV_NEXT_SIGNING_KEY,
  DEV_TOKEN,
} from "./defaults.ts";
import { HttpClient } from "./delivery/http-client.ts";
import { Scheduler } from "./delivery/scheduler.ts";
import { EventLog } from "./events.ts";
import { createQstashMetrics } from "./metrics.ts";
import { parsePublish } from "./publish-request.ts";
import { Schedules } from "./schedules/schedules.ts";
import { ScheduleStore } from "./schedules/store.ts";
import { Store } from "./store.ts";

export interface QstashLocalOptions {
  /** 0 = a free port (the default here; main.ts defaults to PORT or 8080). */
  port?: number;
  hostname?: string;
  /** Where the SQLite file lives; default a fresh temporary directory, deleted by `close()`. */
  dataDir?: string;
  token?: string;
  /** Reads `GET /v2/keys` (see AppDeps.adminToken); unset = only the public dev keys are served. */
  adminToken?: string;
  currentSigningKey?: string;
  nextSigningKey?: string;
  /** Multiplies every retry/backoff delay (tests use e.g. 0.001). Delays and not-before are not scaled. */
  timeScale?: number;
  maxMessageBytes?: number;
  logger?: Logger;
  /** Most deliveries in flight at once (default 256). */
  maxConcurrency?: number;
  /** Cut-off of one attempt when the message sets no shorter `Upstash-Timeout` (default 15 min, QStash free plan). */
  defaultTimeoutMs?: number;
}

export interface QstashLocal {
  url: string;
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  close(): Promise<void>;
}

/**
 * Start qstash-local in this process: open (or create) the store, re-schedule everything that survived the
 * last run, and listen. `close()` stops delivering, waits for attempts in flight, and closes the store.
 */
export async function startQstashLocal(options: QstashLocalOptions = {}): Promise<QstashLocal> {
  const logger = options.logger ?? createLogger({ service: "qstash-local", level: "warn" });
  const token = options.token ?? DEV_TOKEN;
  const keys = {
    current: options.currentSigningKey ?? DEV_CURRENT_SIGNING_KEY,
    next: options.nextSigningKey ?? DEV_NEXT_SIGNING_KEY,
  };
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  // Without a dataDir the store is throw-away: a fresh temp dir, removed again by close().
  const tempDir = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), "qstash-local-")) : undefined;
  const dataDir = options.dataDir ?? (tempDir as string);
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  let store: Store;
  try {
    store = new Store(dataDir);
  } catch (error) {
    unlock();
    throw error;
  }
  const serviceMetrics = createMetrics("qstash-local");
  const metrics = createQstashMetrics(serviceMetrics.registry, () => scheduler.size, {
    dlq: () => store.dlqCount(),
    schedules: () => schedules.counts(),
  });
  const http = new HttpClient();
  const events = new EventLog();
  let broker: Broker | undefined;
  let schedules: Schedules;
  const scheduler = new Scheduler({
    store,
    http,
    metrics,
    events,
    logger,
    signingKey: () => keys.current,
    publish: async (input) => broker?.publish([parsePublish(input)], "callback"),
    timeScale: options.timeScale ?? 1,
    maxConcurrency: options.maxConcurrency ?? 256,
    defaultTimeoutMs: options.defaultTimeoutMs ?? 15 * 60_000,
    maxResponseBytes: maxMessageBytes,
  });
  broker = new Broker(store, scheduler, metrics, events);
  const restored = scheduler.restore();
  schedules = new Schedules(new ScheduleStore(store.db), broker, logger);
  const restoredSchedules = schedules.restore();
  const purge = setInterval(() => store.purgeDedup(), 60_000);
  purge.unref();
  const app = createApp({
    broker,
    schedules,
    events,
    logger,
    metrics: serviceMetrics,
    token,
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
    keys: () => keys,
    maxMessageBytes,
  });
  // Stop delivering, let attempts in flight finish (their outcomes are ignored and redelivered after a
  // restart), close the store and give up the data dir.
  const teardown = async () => {
    schedules.close();
    scheduler.close();
    clearInterval(purge);
    await Promise.race([scheduler.idle(), new Promise((r) => setTimeout(r, 5000).unref())]);
    http.close();
    store.close();
    unlock();
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
  };
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(app.fetch, {
      port: options.port ?? 0,
      hostname: options.hostname ?? "127.0.0.1",
      logger,
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  if (restored > 0) logger.info({ restored }, "re-scheduled undelivered messages");
  if (restoredSchedules > 0) logger.info({ schedules: restoredSchedules }, "schedules restored");
  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    token,
    currentSigningKey: keys.current,
    nextSigningKey: keys.next,
    close: () => {
      closing ??= (async () => {
        await server.close();
        await teardown();
      })();
      return closing;
    },
  };
}
