import { checkExposure, createLogger, listen, parseEnv, runService } from "@qp/service-kit";
import { createApp } from "./app.ts";
import type { BacktestSink } from "./backtest/service.ts";
import { MarketIndex } from "./data/market-index.ts";
import { createMarketSource } from "./data/source.ts";
import { parserEmbed } from "./embed-client.ts";
import { createEngines } from "./engine/select.ts";
import { validatorEnvSchema } from "./env.ts";
import { createJobNotifier } from "./job-callback.ts";

await runService("validator", async () => {
  const env = parseEnv(validatorEnvSchema);
  const logger = createLogger({ service: "validator", level: env.LOG_LEVEL });
  // Beyond loopback the back-test API must be guarded: refuse to start without SERVICE_TOKEN.
  checkExposure(env.HOST, { SERVICE_TOKEN: env.SERVICE_TOKEN }, logger);
  const index = new MarketIndex(env.MARKET_DATA_DIR);
  for (const skipped of index.skipped) logger.warn(skipped, "market data file skipped");
  logger.info({ dir: env.MARKET_DATA_DIR, symbols: index.symbols() }, "market data indexed");
  const market = createMarketSource(index, {
    enabled: env.DOWNLOAD_ENABLED,
    cacheDir: env.DOWNLOAD_CACHE_DIR,
    ...(env.DOWNLOAD_USER_AGENT ? { userAgent: env.DOWNLOAD_USER_AGENT } : {}),
    ...(env.STOOQ_API_KEY ? { stooqApiKey: env.STOOQ_API_KEY } : {}),
  });
  const engines = createEngines(env.NATIVE_THREADS ? { threads: env.NATIVE_THREADS } : {});
  engines.native.pool.warm();
  const backend = await engines.backend();
  logger.info({ backend: backend.name, gpu: backend.gpu, detail: backend.detail }, "tfjs backend");

  let sink: BacktestSink | undefined;
  let passages: ((conceptId: string, concept: string) => Promise<string[]>) | undefined;
  const embed = env.PARSER_URL ? parserEmbed(env.PARSER_URL, { serviceToken: env.SERVICE_TOKEN }) : undefined;
  let closeStore = async () => {};
  const health: Parameters<typeof createApp>[0]["health"] = {};
  if (env.STORE_RESULTS) {
    const { createVectorStore, vectorStoreEnvSchema } = await import("@qp/vector-store");
    const store = createVectorStore(parseEnv(vectorStoreEnvSchema));
    // A store that is down must not keep the validator from starting: back-tests do not need it, /health says
    // degraded, and results are written again once it is back (each write reopens it). Awaiting it here made
    // a validator restarted during a vector-store outage exit and crash-loop until the store came back.
    await store
      .init()
      .catch((error: unknown) =>
        logger.error({ err: error }, "vector store not ready; back-tests still run"),
      );
    sink = store as unknown as BacktestSink;
    closeStore = () => store.close();
    health.vector_store = { required: false, check: () => store.health() };
    if (embed)
      passages = async (conceptId, concept) => {
        const [vector] = await embed([concept]);
        const hits = vector ? await store.searchDocuments(vector, { conceptId, limit: 20 }) : [];
        return hits.map((hit) => hit.text);
      };
  }
  const app = createApp({
    logger,
    engines,
    market,
    ...(sink ? { sink } : {}),
    ...(embed ? { embed } : {}),
    ...(passages ? { passages } : {}),
    defaultSymbols: env.DEFAULT_SYMBOLS.split(",")
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
    maxSyncBarSets: env.MAX_SYNC_BAR_SETS,
    maxJobBarSets: env.MAX_JOB_BAR_SETS,
    ...(env.ORCHESTRATOR_URL
      ? {
          onJobEnd: createJobNotifier({
            orchestratorUrl: env.ORCHESTRATOR_URL,
            logger,
            ...(env.SERVICE_TOKEN ? { serviceToken: env.SERVICE_TOKEN } : {}),
          }),
        }
      : {}),
    health,
    ...(env.SERVICE_TOKEN ? { serviceToken: env.SERVICE_TOKEN } : {}),
  });
  const server = await listen(app.fetch, { port: env.PORT, hostname: env.HOST, logger });
  return {
    logger,
    shutdown: [
      { name: "http", run: () => server.close() },
      { name: "jobs", run: () => app.jobs.idle() },
      { name: "engines", run: () => engines.close() },
      { name: "vector store", run: closeStore },
    ],
  };
});
