import { checkExposure, createLogger, listen, parseEnv, runService } from "@qp/service-kit";
import { createVectorStore } from "@qp/vector-store";
import { createApp } from "./app.ts";
import { createEmbedder } from "./embedder.ts";
import { parserEnvSchema } from "./env.ts";

await runService("parser", async () => {
  const env = parseEnv(parserEnvSchema);
  const logger = createLogger({ service: "parser", level: env.LOG_LEVEL });
  // Beyond loopback the internal endpoints must be guarded: refuse to start without SERVICE_TOKEN.
  checkExposure(env.HOST, { SERVICE_TOKEN: env.SERVICE_TOKEN }, logger);
  const embedder = createEmbedder({
    modelId: env.MODEL_ID,
    ...(env.MODEL_DIR ? { modelDir: env.MODEL_DIR } : { cacheDir: env.MODEL_CACHE_DIR }),
    ...(env.MODEL_DTYPE ? { dtype: env.MODEL_DTYPE } : {}),
    ...(env.EMBED_WORKERS ? { workers: env.EMBED_WORKERS } : {}),
  });
  const store = createVectorStore(env);

  // Neither failure stops the process: /health says what is missing and requests answer 503 until it is back.
  await store.init().catch((error: unknown) => logger.error({ err: error }, "vector store not ready"));
  await embedder.load().catch((error: unknown) => logger.error({ err: error }, "embedding model not loaded"));

  const app = createApp({
    embedder,
    store,
    logger,
    ...(env.SERVICE_TOKEN ? { serviceToken: env.SERVICE_TOKEN } : {}),
    options: {
      maxTokens: env.CHUNK_MAX_TOKENS,
      overlapTokens: env.CHUNK_OVERLAP_TOKENS,
      maxChunks: env.MAX_CHUNKS_PER_PAGE,
      batchSize: env.EMBED_BATCH_SIZE,
    },
  });
  const server = await listen(app.fetch, { port: env.PORT, hostname: env.HOST, logger });
  return {
    logger,
    shutdown: [
      { name: "http", run: () => server.close() },
      { name: "vector store", run: () => store.close() },
      { name: "embedder", run: () => embedder.close() },
    ],
  };
});
