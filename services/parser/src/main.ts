import { createPublisher } from "@qp/messaging";
import {
  checkExposure,
  createLogger,
  createRedisClient,
  listen,
  parseEnv,
  runService,
} from "@qp/service-kit";
import { createVectorStore } from "@qp/vector-store";
import { createApp } from "./app.ts";
import { ChunkMemo } from "./chunk-memo.ts";
import { withEmbedCache } from "./embed-cache.ts";
import { createEmbedder } from "./embedder.ts";
import { parserEnvSchema } from "./env.ts";
import { Gate, gated } from "./gate.ts";
import { DEFAULT_INGEST_OPTIONS, type IngestOptions, ingestPage } from "./ingest.ts";
import { createJobQueue } from "./jobs/queue.ts";
import { type JobWorker, startJobWorker } from "./jobs/worker.ts";
import { createParserMetrics } from "./metrics.ts";
import { PageRuns } from "./page-runs.ts";

await runService("parser", async () => {
  const env = parseEnv(parserEnvSchema);
  const logger = createLogger({ service: "parser", level: env.LOG_LEVEL });
  // Beyond loopback the internal endpoints must be guarded: refuse to start without SERVICE_TOKEN.
  checkExposure(env.HOST, { SERVICE_TOKEN: env.SERVICE_TOKEN }, logger);
  const metrics = createParserMetrics();
  const model = createEmbedder({
    modelId: env.MODEL_ID,
    ...(env.MODEL_DIR ? { modelDir: env.MODEL_DIR } : { cacheDir: env.MODEL_CACHE_DIR }),
    ...(env.MODEL_DTYPE ? { dtype: env.MODEL_DTYPE } : {}),
    ...(env.EMBED_WORKERS ? { workers: env.EMBED_WORKERS } : {}),
  });
  const embedder =
    env.EMBED_CACHE === "on"
      ? withEmbedCache(model, {
          maxEntries: env.EMBED_CACHE_ENTRIES,
          onLookup: (hits, misses) => {
            metrics.cache.inc({ result: "hit" }, hits);
            metrics.cache.inc({ result: "miss" }, misses);
          },
        })
      : model;
  const store = createVectorStore(env);
  // Repeated page text is cut into the same chunks: remembered with the vectors, and off with them.
  const chunks = env.EMBED_CACHE === "on" ? new ChunkMemo() : undefined;

  // Neither failure stops the process: /health says what is missing and requests answer 503 until it is back.
  await store.init().catch((error: unknown) => logger.error({ err: error }, "vector store not ready"));
  // Say which graph runs (fused, q8 or fp32): without model_fused.onnx in MODEL_DIR the embedder falls back to
  // the slower pinned file, and this line is where that shows (tests/deploy and the CI images job check it).
  await embedder.load().then(
    async () => logger.info({ model: env.MODEL_ID, graph: await model.graph() }, "embedding model loaded"),
    (error: unknown) => logger.error({ err: error }, "embedding model not loaded"),
  );

  const options: IngestOptions = {
    ...DEFAULT_INGEST_OPTIONS,
    maxTokens: env.CHUNK_MAX_TOKENS,
    overlapTokens: env.CHUNK_OVERLAP_TOKENS,
    maxChunks: env.MAX_CHUNKS_PER_PAGE,
    batchSize: env.EMBED_BATCH_SIZE,
  };
  // One gate for POST /parse and the job worker: both embed on the same CPUs.
  const gate = new Gate(env.PARSE_CONCURRENCY);
  const pages = new PageRuns(gate);

  // The job queue, when Redis and QStash are configured (the stack and `pnpm research` always do).
  let worker: JobWorker | undefined;
  let redis: ReturnType<typeof createRedisClient> | undefined;
  let jobs: ReturnType<typeof createJobQueue> | undefined;
  if (env.REDIS_URL && env.QSTASH_URL && env.QSTASH_TOKEN && env.ORCHESTRATOR_URL) {
    const redisUrl = env.REDIS_URL;
    const keyPrefix = env.REDIS_KEY_PREFIX;
    redis = createRedisClient({ url: redisUrl, logger, name: "parser", keyPrefix });
    jobs = createJobQueue(redis, { maxDepth: env.PARSE_QUEUE_MAX });
    const publisher = createPublisher({ baseUrl: env.QSTASH_URL, token: env.QSTASH_TOKEN, logger });
    const destination = `${env.ORCHESTRATOR_URL.replace(/\/+$/, "")}/api/qstash`;
    worker = startJobWorker({
      queue: jobs,
      // Blocking reads wait for Redis as long as it takes (maxRetriesPerRequest: null), on their own connection.
      blocking: () =>
        createRedisClient({
          url: redisUrl,
          logger,
          name: "parser-jobs",
          keyPrefix,
          options: { maxRetriesPerRequest: null },
        }),
      // Every job runs (no page-run memory): its page.parsed must report what this run left in the store.
      ingest: (job) => gated(gate, () => ingestPage(job.message, { embedder, store, chunks }, options)),
      publish: async (outcome) => void (await publisher.publish(outcome, destination)),
      logger,
      metrics,
      maxAttempts: env.PARSE_JOB_ATTEMPTS,
      concurrency: env.PARSE_CONCURRENCY,
    });
  } else {
    logger.warn("REDIS_URL, QSTASH_URL, QSTASH_TOKEN or ORCHESTRATOR_URL unset: POST /jobs answers 503");
  }

  const app = createApp({
    embedder,
    store,
    logger,
    metrics,
    pages,
    ...(jobs ? { jobs } : {}),
    ...(env.SERVICE_TOKEN ? { serviceToken: env.SERVICE_TOKEN } : {}),
    options,
  });
  const server = await listen(app.fetch, { port: env.PORT, hostname: env.HOST, logger });
  return {
    logger,
    shutdown: [
      { name: "http", run: () => server.close() },
      // A page being parsed is finished and reported; queued ones stay in Redis for the next start.
      { name: "job worker", run: async () => worker?.stop() },
      { name: "redis", run: async () => void (await redis?.quit()) },
      { name: "vector store", run: () => store.close() },
      { name: "embedder", run: () => embedder.close() },
    ],
  };
});
