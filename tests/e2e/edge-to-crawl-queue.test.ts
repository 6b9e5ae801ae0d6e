/**
 * The front half of the pipeline with the real Worker in workerd (`wrangler dev`): a person POSTs a concept
 * → the Worker asks (local stand-ins for) Wikipedia and arXiv → publishes a QStash batch to qstash-local →
 * signed deliveries reach the orchestrator → the concept and its URLs are in Redis and the crawl jobs are on
 * `start_urls`. No crawler runs here: the discovered URLs are real public addresses this machine cannot fetch.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, createRedisClient } from "@qp/service-kit";
import { freePort, uniquePrefix, waitUntil } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startFakeServers } from "../../services/edge-worker/test/fixtures/fake-servers.ts";
import { type ServiceProcess, startService } from "../support/service-process.ts";
import { startWranglerDev, type WranglerDev } from "../support/wrangler-dev.ts";

const TOKEN = "edge-e2e-token";
const KEYS = { QSTASH_CURRENT_SIGNING_KEY: "sig_edge_current", QSTASH_NEXT_SIGNING_KEY: "sig_edge_next" };

describe("edge worker → QStash → orchestrator → start_urls", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "qp-edge-e2e-"));
  const prefix = uniquePrefix("edge");
  const services: ServiceProcess[] = [];
  let providers: Awaited<ReturnType<typeof startFakeServers>>;
  let worker: WranglerDev | undefined;
  let orchestrator: ServiceProcess;

  beforeAll(async () => {
    providers = await startFakeServers();
    const qstashPort = await freePort();
    const qstash = { QSTASH_URL: `http://127.0.0.1:${qstashPort}`, QSTASH_TOKEN: TOKEN, ...KEYS };
    services.push(
      await startService("qstash-local", qstashPort, { ...qstash, QSTASH_DATA_DIR: join(dataDir, "qstash") }),
    );
    const orchestratorPort = await freePort();
    orchestrator = await startService("orchestrator", orchestratorPort, {
      ...qstash,
      REDIS_URL: inject("redisUrl"),
      REDIS_KEY_PREFIX: prefix,
      VECTOR_DB_PATH: join(dataDir, "lancedb"),
      PUBLIC_URL: `http://127.0.0.1:${orchestratorPort}`,
    });
    services.push(orchestrator);

    worker = await startWranglerDev({
      ORCHESTRATOR_URL: orchestrator.url,
      QSTASH_URL: qstash.QSTASH_URL,
      QSTASH_TOKEN: TOKEN,
      PROVIDERS: "wikipedia,arxiv",
      WIKIPEDIA_API_URL: `${providers.url}/wikipedia/w/api.php`,
      ARXIV_API_URL: `${providers.url}/arxiv/api/query`,
      CACHE_TTL_S: "0",
    });
  }, 150_000);

  afterAll(async () => {
    await worker?.stop();
    for (const service of [...services].reverse()) await service.stop();
    await providers?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("registers every discovered URL and queues one crawl job each, once", async () => {
    const post = () =>
      fetch((worker as WranglerDev).url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ concept: "RSI mean reversion" }),
      });
    const first = await post();
    expect(first.status).toBe(202);
    const body = (await first.json()) as { stored: number; urls: string[]; concept_id: string };
    expect(body.stored).toBe(body.urls.length);
    expect(body.urls.length).toBeGreaterThan(1);

    const view = await waitUntil(
      async () => {
        const res = await fetch(`${orchestrator.url}/api/concepts/${body.concept_id}`);
        if (res.status !== 200) return undefined;
        const current = (await res.json()) as { counts: { total: number }; sources: Array<{ url: string }> };
        return current.counts.total === body.urls.length ? current : undefined;
      },
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        what: () => `every URL registered\n${services.map((s) => s.output()).join("\n")}`,
      },
    );
    expect(view.sources.map((source) => source.url).sort()).toEqual([...body.urls].sort());

    const redis = createRedisClient({
      url: inject("redisUrl"),
      logger: createLogger({ service: "e2e", level: "silent" }),
      keyPrefix: prefix,
    });
    try {
      const jobs = (await redis.lrange("start_urls", 0, -1)).map((raw) => JSON.parse(raw) as { url: string });
      expect(jobs.map((job) => job.url).sort()).toEqual([...body.urls].sort());

      // Posting the same concept again is idempotent: nothing new stored, nothing queued twice.
      const again = (await (await post()).json()) as { stored: number; concept_id: string };
      expect(again).toMatchObject({ stored: 0, concept_id: body.concept_id });
      expect(await redis.llen("start_urls")).toBe(body.urls.length);
    } finally {
      redis.disconnect();
    }
  });
});
