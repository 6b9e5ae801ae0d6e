/**
 * The pipeline end to end, every service through its real entry point on loopback: messages published as the
 * edge worker publishes them → qstash-local (signed delivery, retries) → orchestrator (Redis, start_urls) →
 * crawler (fetch, Readability, publish) → qstash-local → orchestrator → parser (real MiniLM, LanceDB) and
 * validator (SPY from data/market). Then the person's view: concept status and semantic search.
 * The edge worker's own discovery → QStash path is tested in workerd in services/edge-worker.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createPublisher } from "@qp/messaging";
import { type ConceptView, conceptIdOf, conceptViewSchema, type PipelineMessage } from "@qp/schema";
import { freePort, uniquePrefix, waitUntil } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureModel } from "../../services/parser/scripts/fetch-model.ts";
import { startFixtureWeb } from "../support/fixture-web.ts";
import { type ServiceProcess, startService } from "../support/service-process.ts";

const MARKET = resolve(import.meta.dirname, "../../data/market");
const TOKEN = "e2e-token";
const KEYS = { QSTASH_CURRENT_SIGNING_KEY: "sig_e2e_current", QSTASH_NEXT_SIGNING_KEY: "sig_e2e_next" };
// As the stack runs: one random SERVICE_TOKEN for every service, an API_KEY on the orchestrator's query API.
const SERVICE_TOKEN = `svc-${crypto.randomUUID()}`;
const API_KEY = `key-${crypto.randomUUID()}`;
const asReader = { headers: { "x-api-key": API_KEY } };
const CONCEPT = "golden cross 50/200 on SPY";
const PAGES = ["nytimes-2", "webmd-1", "wikipedia-3", "cnn"];

describe("pipeline end to end", () => {
  const services: ServiceProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), "qp-e2e-"));
  let web: Awaited<ReturnType<typeof startFixtureWeb>>;
  let orchestrator: ServiceProcess;
  let conceptId: string;

  beforeAll(async () => {
    const modelDir = process.env.MODEL_DIR ?? (await ensureModel());
    web = await startFixtureWeb();
    const ports = { qstash: await freePort(), orch: await freePort(), crawl: await freePort() };
    const parserPort = await freePort();
    const validatorPort = await freePort();
    const redis = { REDIS_URL: inject("redisUrl"), REDIS_KEY_PREFIX: uniquePrefix("e2e") };
    const qstash = { QSTASH_URL: `http://127.0.0.1:${ports.qstash}`, QSTASH_TOKEN: TOKEN, ...KEYS };
    const vectors = { VECTOR_DB_PATH: join(dataDir, "lancedb") };
    services.push(
      await startService("qstash-local", ports.qstash, {
        ...qstash,
        QSTASH_DATA_DIR: join(dataDir, "qstash"),
        QSTASH_TIME_SCALE: "0.001",
      }),
    );
    services.push(
      // The parser's job queue: Redis, and QStash to carry each page.parsed to the orchestrator.
      await startService("parser", parserPort, {
        ...vectors,
        ...redis,
        ...qstash,
        ORCHESTRATOR_URL: `http://127.0.0.1:${ports.orch}`,
        MODEL_DIR: modelDir,
        SERVICE_TOKEN,
      }),
    );
    services.push(
      await startService("validator", validatorPort, {
        ...vectors,
        SERVICE_TOKEN,
        MARKET_DATA_DIR: MARKET,
        PARSER_URL: `http://127.0.0.1:${parserPort}`,
      }),
    );
    orchestrator = await startService("orchestrator", ports.orch, {
      ...redis,
      ...qstash,
      ...vectors,
      PARSER_URL: `http://127.0.0.1:${parserPort}`,
      VALIDATOR_URL: `http://127.0.0.1:${validatorPort}`,
      PUBLIC_URL: `http://127.0.0.1:${ports.orch}`,
      SERVICE_TOKEN,
      API_KEY,
    });
    services.push(orchestrator);
    services.push(
      await startService("crawler", ports.crawl, {
        ...redis,
        ...qstash,
        ORCHESTRATOR_URL: orchestrator.url,
        CRAWLER_ALLOW_PRIVATE_CIDRS: "127.0.0.0/8",
        CRAWLER_PER_HOST_DELAY_MS: "0",
        CRAWLER_PER_HOST_CONCURRENCY: "4",
      }),
    );

    conceptId = await conceptIdOf(CONCEPT);
    const messages: PipelineMessage[] = [
      ...PAGES.map(
        (page): PipelineMessage => ({
          type: "concept.url",
          concept_id: conceptId,
          concept: CONCEPT,
          url: `${web.url}/${page}/`,
          discovered_by: "wikipedia",
        }),
      ),
      { type: "concept.validate", concept_id: conceptId, concept: CONCEPT },
    ];
    const publisher = createPublisher({ baseUrl: qstash.QSTASH_URL, token: TOKEN });
    const destination = `${orchestrator.url}/api/qstash`;
    await publisher.publishBatch(messages.map((message) => ({ message, destination })));
  }, 240_000);

  afterAll(async () => {
    for (const service of [...services].reverse()) await service.stop();
    await web?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const readConcept = async (): Promise<ConceptView | undefined> => {
    const res = await fetch(`${orchestrator.url}/api/concepts/${conceptId}`, asReader);
    return res.status === 200 ? conceptViewSchema.parse(await res.json()) : undefined;
  };
  const logs = () => services.map((s) => `--- ${s.name}\n${s.output().slice(-3000)}`).join("\n");

  it("crawls, parses and embeds every source, and back-tests the concept", async () => {
    const view = await waitUntil(
      async () => {
        const current = await readConcept();
        const settled =
          current &&
          current.counts.total === PAGES.length &&
          current.sources.every((source) => source.status === "parsed" || source.status === "failed") &&
          current.validation &&
          current.validation.status !== "requested";
        return settled ? current : undefined;
      },
      {
        timeoutMs: 180_000,
        intervalMs: 500,
        what: async () => `the concept to settle: ${JSON.stringify(await readConcept())}\n${logs()}`,
      },
    );
    expect(view.failures).toEqual([]);
    expect(view.sources.map((source) => source.status)).toEqual(PAGES.map(() => "parsed"));
    expect(view.sources.find((source) => source.url.includes("nytimes-2"))?.title).toMatch(/Yahoo/);
    expect(view.chunks_total).toBeGreaterThanOrEqual(PAGES.length);
    expect(view.status).toBe("done");
    expect(view.reasons).toEqual([]);
    // The validator chose SMA 50/200 on SPY for "golden cross" and ran on the CPU, saying so.
    const report = JSON.stringify(view.validation?.report ?? view.validation);
    expect(report).toMatch(/sma_crossover/);
    expect(report).toMatch(/SPY/);
    expect(report).toMatch(/"gpu_accelerated":false/);
  }, 200_000);

  it.each([
    ["shareholders have little say in the sale of Yahoo to Verizon", "nytimes-2"],
    ["feeding infants peanut products early prevents allergies", "webmd-1"],
  ])("finds the page a query is about: %s", async (q, page) => {
    const res = await fetch(
      `${orchestrator.url}/api/search?${new URLSearchParams({ q, concept: conceptId, limit: "3" })}`,
      asReader,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Array<{ url: string; text: string; score: number }> };
    expect(body.results).toHaveLength(3);
    expect(body.results[0]?.url).toBe(`${web.url}/${page}/`);
    expect(body.results[0]?.text.length).toBeGreaterThan(0);
  });

  it("guards the internal and query endpoints: 401 without the token or key, /health open", async () => {
    const parser = services.find((s) => s.name === "parser") as ServiceProcess;
    const validator = services.find((s) => s.name === "validator") as ServiceProcess;
    for (const [url, init] of [
      [`${parser.url}/embed`, { method: "POST", body: '{"texts":["x"]}' }],
      [`${parser.url}/parse`, { method: "POST", body: "{}" }],
      [`${validator.url}/backtest`, { method: "POST", body: "{}" }],
      [`${validator.url}/jobs/x`, {}],
      [`${orchestrator.url}/api/concepts/${conceptId}`, {}],
      [`${orchestrator.url}/metrics`, {}],
    ] as const) {
      const res = await fetch(url, { ...init, headers: { "content-type": "application/json" } });
      expect(res.status, url).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    for (const service of [parser, validator, orchestrator]) {
      expect((await fetch(`${service.url}/health`)).status).not.toBe(401);
    }
    const embed = await fetch(`${parser.url}/embed`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${SERVICE_TOKEN}` },
      body: '{"texts":["golden cross"]}',
    });
    expect(embed.status).toBe(200);
  });
});
