import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";

export type { Redis } from "ioredis";

export interface CreateRedisClientOptions {
  url: string;
  logger: Logger;
  /** Prefix for every key this client touches (not for keys inside Lua scripts' ARGV). */
  keyPrefix?: string | undefined;
  /** Name shown in `CLIENT LIST` and in logs. */
  name?: string;
  /** Extra ioredis options (e.g. `maxRetriesPerRequest: null` for blocking consumers). */
  options?: RedisOptions;
}

/**
 * The one way services get a Redis connection: reconnects with capped backoff, logs errors instead of
 * crashing on an unhandled 'error' event, and applies the key prefix. Never call `new Redis()` elsewhere.
 */
export function createRedisClient({
  url,
  logger,
  keyPrefix,
  name,
  options,
}: CreateRedisClientOptions): Redis {
  const client = new Redis(url, {
    keyPrefix,
    connectionName: name,
    // Reconnect after 50 ms, 100 ms, … capped at 2 s; ioredis keeps trying while the process lives.
    retryStrategy: (attempt) => Math.min(attempt * 50, 2000),
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
    lazyConnect: false,
    ...options,
  });
  let lastError = "";
  client.on("error", (error: Error) => {
    // ECONNREFUSED repeats every retry; log each distinct error once per streak.
    if (error.message !== lastError) logger.error({ err: error, redis: name }, "redis error");
    lastError = error.message;
  });
  client.on("ready", () => {
    if (lastError) logger.info({ redis: name }, "redis reconnected");
    lastError = "";
  });
  return client;
}

/** Redis health for `/health`: PING round trip, unhealthy when it fails or takes over `timeoutMs`. */
export async function checkRedis(
  client: Redis,
  timeoutMs = 1000,
): Promise<{ status: "healthy" | "unhealthy"; latency_ms?: number; message?: string }> {
  const started = performance.now();
  try {
    await Promise.race([
      client.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("ping timed out")), timeoutMs).unref()),
    ]);
    return { status: "healthy", latency_ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { status: "unhealthy", message: (error as Error).message };
  }
}

/** A Lua script defined on a client, called with its keys first, then its arguments. */
export type RedisScript = (...args: Array<string | number>) => Promise<unknown>;

/**
 * Define a Lua script on `redis` once (ioredis `defineCommand`: EVALSHA, falling back to EVAL once per
 * connection; keys get the client's prefix) and return it bound to the client.
 */
export function defineScript(redis: Redis, name: string, numberOfKeys: number, lua: string): RedisScript {
  const commands = redis as unknown as Record<string, RedisScript | undefined>;
  if (typeof commands[name] !== "function") redis.defineCommand(name, { numberOfKeys, lua });
  const fn = commands[name];
  if (!fn) throw new Error(`could not define redis script ${name}`);
  return fn.bind(redis);
}
