import { backupEnvSchema, createBucket, listBackups, runBackup } from "@qp/backup";
import {
  checkExposure,
  createLogger,
  createRedisClient,
  listen,
  parseEnv,
  runService,
} from "@qp/service-kit";
import { createVectorStore, vectorStoreEnvSchema } from "@qp/vector-store";
import { createApp } from "./app.ts";
import { embedViaParser } from "./embed-client.ts";
import { envSchema } from "./env.ts";
import { createConceptStore } from "./store/concept-store.ts";
import { createValidationSweeper } from "./validation-job.ts";

await runService("orchestrator", async () => {
  const env = parseEnv(envSchema);
  const storeEnv = parseEnv(vectorStoreEnvSchema);
  const logger = createLogger({ service: "orchestrator", level: env.LOG_LEVEL });
  // Beyond loopback the query API needs API_KEY, and the parser/validator (then also exposed) a token.
  checkExposure(env.HOST, { API_KEY: env.API_KEY, SERVICE_TOKEN: env.SERVICE_TOKEN }, logger);
  const redis = createRedisClient({
    url: env.REDIS_URL,
    logger,
    keyPrefix: env.REDIS_KEY_PREFIX,
    name: "orchestrator",
    // Concurrent deliveries each make 3 round trips; auto-pipelining sends the commands issued in one tick in
    // one write (bench/orchestrator.bench.ts: ioredis' share of the server's CPU falls by about a quarter).
    options: { enableAutoPipelining: true },
  });
  const parserUrl = env.PARSER_URL.replace(/\/+$/, "");
  const vectorStore = createVectorStore(storeEnv);
  // Search is a side door: a store that cannot start now must not stop deliveries; /health says degraded
  // and /api/search answers 503 until it comes back.
  await vectorStore.init().catch((error: Error) => logger.error({ err: error }, "vector store init failed"));
  const handlerConfig = {
    parserUrl,
    validatorUrl: env.VALIDATOR_URL.replace(/\/+$/, ""),
    parserTimeoutMs: env.PARSER_TIMEOUT_MS,
    validatorTimeoutMs: env.VALIDATOR_TIMEOUT_MS,
    ...(env.SERVICE_TOKEN ? { serviceToken: env.SERVICE_TOKEN } : {}),
  };
  // Backups (POST /api/backups, for the nightly schedule) when a bucket is configured; see packages/backup.
  let backup: Parameters<typeof createApp>[0]["backup"];
  if (process.env.BACKUP_S3_BUCKET) {
    const backupEnv = parseEnv(backupEnvSchema, {
      VECTOR_DB_PATH: storeEnv.WEAVIATE_URL ? undefined : storeEnv.VECTOR_DB_PATH,
      ...process.env,
      REDIS_URL: env.REDIS_URL,
    });
    const bucket = createBucket(backupEnv);
    backup = {
      run: async () => {
        const { manifest, pruned } = await runBackup(backupEnv, bucket, logger);
        return { id: manifest.id, createdAt: manifest.createdAt, files: manifest.files.length, pruned };
      },
      latest: async () => {
        const id = (await listBackups(backupEnv, bucket)).at(-1);
        const m = id && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(id);
        return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : undefined;
      },
    };
  }
  const app = createApp({
    backup,
    redis,
    logger,
    signing: {
      currentSigningKey: env.currentSigningKey,
      nextSigningKey: env.nextSigningKey,
      publicUrl: env.PUBLIC_URL,
    },
    config: handlerConfig,
    ...(env.API_KEY ? { apiKey: env.API_KEY } : {}),
    search: { vectorStore, embed: embedViaParser(parserUrl, { serviceToken: env.SERVICE_TOKEN }) },
    qstash: env.QSTASH_URL && env.QSTASH_TOKEN ? { url: env.QSTASH_URL, token: env.QSTASH_TOKEN } : undefined,
  });
  // Validator jobs are settled by the validator's callback; this catches the ones nobody reported.
  const sweeper = createValidationSweeper({
    redis,
    logger,
    store: createConceptStore(redis, logger),
    config: handlerConfig,
    intervalMs: env.VALIDATION_CHECK_INTERVAL_MS,
    checkAfterMs: env.VALIDATION_CHECK_AFTER_MS,
  });
  sweeper.start();
  const server = await listen(app.fetch, { port: env.PORT, hostname: env.HOST, logger });
  if (!env.PUBLIC_URL) logger.warn("PUBLIC_URL unset: the JWT sub claim of deliveries is not checked");
  return {
    logger,
    shutdown: [
      // Stop taking deliveries first; QStash retries whatever we no longer answer.
      { name: "http", run: () => server.close() },
      { name: "validation sweeper", run: () => sweeper.stop() },
      { name: "redis", run: () => redis.quit() },
      { name: "vector store", run: () => vectorStore.close() },
    ],
  };
});
