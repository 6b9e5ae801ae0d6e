import { createLogger, createRedisClient, EnvError, listen, onShutdown, parseEnv } from "@qp/service-kit";
import { createApp } from "./app.ts";
import { envSchema } from "./env.ts";

async function main(): Promise<void> {
  const bootLogger = createLogger({ service: "orchestrator" });
  let env: ReturnType<typeof parseEnv<typeof envSchema>>;
  try {
    env = parseEnv(envSchema);
  } catch (error) {
    bootLogger.fatal({ err: error }, error instanceof EnvError ? error.message : "bad environment");
    process.exit(1);
  }
  const logger = createLogger({ service: "orchestrator", level: env.LOG_LEVEL });
  const redis = createRedisClient({
    url: env.REDIS_URL,
    logger,
    keyPrefix: env.REDIS_KEY_PREFIX,
    name: "orchestrator",
  });
  const app = createApp({
    redis,
    logger,
    signing: {
      currentSigningKey: env.currentSigningKey,
      nextSigningKey: env.nextSigningKey,
      publicUrl: env.PUBLIC_URL,
    },
    config: {
      parserUrl: env.PARSER_URL.replace(/\/+$/, ""),
      validatorUrl: env.VALIDATOR_URL.replace(/\/+$/, ""),
      parserTimeoutMs: env.PARSER_TIMEOUT_MS,
      validatorTimeoutMs: env.VALIDATOR_TIMEOUT_MS,
    },
    qstash: env.QSTASH_URL && env.QSTASH_TOKEN ? { url: env.QSTASH_URL, token: env.QSTASH_TOKEN } : undefined,
  });
  const server = await listen(app.fetch, { port: env.PORT, hostname: env.HOST, logger });
  if (!env.PUBLIC_URL) logger.warn("PUBLIC_URL unset: the JWT sub claim of deliveries is not checked");
  onShutdown(logger, [
    // Stop taking deliveries first; QStash retries whatever we no longer answer.
    { name: "http", run: () => server.close() },
    { name: "redis", run: () => redis.quit() },
  ]);
}

await main();
