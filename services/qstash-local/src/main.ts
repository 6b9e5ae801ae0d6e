import { createLogger, onShutdown, parseEnv } from "@qp/service-kit";
import { envSchema } from "./env.ts";
import { startQstashLocal } from "./server.ts";

const env = parseEnv(envSchema);
const logger = createLogger({ service: "qstash-local", level: env.LOG_LEVEL });
const server = await startQstashLocal({
  port: env.PORT,
  hostname: env.HOST,
  dataDir: env.QSTASH_DATA_DIR,
  token: env.QSTASH_TOKEN,
  currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY,
  nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY,
  timeScale: env.QSTASH_TIME_SCALE,
  maxMessageBytes: env.QSTASH_MAX_MESSAGE_BYTES,
  maxConcurrency: env.QSTASH_MAX_CONCURRENCY,
  logger,
});
logger.info({ url: server.url, dataDir: env.QSTASH_DATA_DIR }, "qstash-local ready");
onShutdown(logger, [{ name: "qstash-local", run: () => server.close() }]);
