import { createLogger, isLoopbackHost, parseEnv, runService } from "@qp/service-kit";
import { DEV_TOKEN } from "./defaults.ts";
import { envSchema } from "./env.ts";
import { startQstashLocal } from "./server.ts";

await runService("qstash-local", async () => {
  const env = parseEnv(envSchema);
  const logger = createLogger({ service: "qstash-local", level: env.LOG_LEVEL });
  if (!isLoopbackHost(env.HOST) && env.QSTASH_TOKEN === DEV_TOKEN) {
    // The dev token is published by Upstash: beyond loopback anyone who can reach the port may publish.
    logger.warn(
      { host: env.HOST },
      "qstash-local is reachable beyond loopback with the public dev QSTASH_TOKEN",
    );
  }
  const server = await startQstashLocal({
    port: env.PORT,
    hostname: env.HOST,
    dataDir: env.QSTASH_DATA_DIR,
    token: env.QSTASH_TOKEN,
    ...(env.QSTASH_ADMIN_TOKEN ? { adminToken: env.QSTASH_ADMIN_TOKEN } : {}),
    currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY,
    nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY,
    timeScale: env.QSTASH_TIME_SCALE,
    maxMessageBytes: env.QSTASH_MAX_MESSAGE_BYTES,
    maxConcurrency: env.QSTASH_MAX_CONCURRENCY,
    logger,
  });
  logger.info({ url: server.url, dataDir: env.QSTASH_DATA_DIR }, "qstash-local ready");
  return { logger, shutdown: [{ name: "qstash-local", run: () => server.close() }] };
});
