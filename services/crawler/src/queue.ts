import { type CrawlDeadLetter, crawlQueueKeys } from "@qp/schema";
import type { Redis } from "@qp/service-kit";

/**
 * The `start_urls` consumer side, at least once and crash-safe, with leases:
 * - `claim` atomically pops a raw job from `start_urls` into the hash `start_urls:claimed` (token → raw job)
 *   and gives it a lease (ZSET `start_urls:leases`, score = deadline in Redis server time, so crawler clocks
 *   don't matter);
 * - the owner extends its leases while it works (`extend`), and removes the job only after its result was
 *   published (`ack`) or it was dead-lettered (`deadLetter`, atomic: the job is never in neither place);
 * - any crawler runs `reap`: an expired lease (its crawler died or hung) puts the raw job back on the consuming
 *   end of `start_urls` for another crawler. A job whose leases expired `maxDeliveries` times (it keeps
 *   killing crawlers) is dead-lettered instead, so one poison page cannot take the fleet down in a loop.
 * Producers LPUSH (or RPUSH); we RPOP, so LPUSH producers get FIFO order.
 */

const CLAIM = `
local raw = redis.call('RPOP', KEYS[1])
if not raw then return nil end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[2], ARGV[1], raw)
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[1])
return raw`;

const EXTEND = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local kept = 0
for i = 2, #ARGV do
  kept = kept + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[i])
end
return kept`;

// KEYS: claimed, leases, attempts. ARGV: token. Returns 1 when the job was still ours.
const ACK = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if raw then redis.call('HDEL', KEYS[3], redis.sha1hex(raw)) return 1 end
return 0`;

// KEYS: claimed, leases, dead, attempts. ARGV: token, entry JSON.
const DEAD = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('LPUSH', KEYS[3], ARGV[2])
if raw then redis.call('HDEL', KEYS[4], redis.sha1hex(raw)) end
return 1`;

// KEYS: start_urls, claimed, leases, attempts. ARGV: token (release) — puts one job back now.
const RELEASE = `
local raw = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if raw then redis.call('RPUSH', KEYS[1], raw) return 1 end
return 0`;

// KEYS: start_urls, claimed, leases, attempts, dead. ARGV: max deliveries, batch size, now-iso.
const REAP = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
local requeued, dead = 0, 0
for _, token in ipairs(expired) do
  local raw = redis.call('HGET', KEYS[2], token)
  redis.call('HDEL', KEYS[2], token)
  redis.call('ZREM', KEYS[3], token)
  if raw then
    local key = redis.sha1hex(raw)
    local n = redis.call('HINCRBY', KEYS[4], key, 1)
    if n >= tonumber(ARGV[1]) then
      redis.call('HDEL', KEYS[4], key)
      redis.call('LPUSH', KEYS[5], cjson.encode({job = raw, reason = 'lease expired ' .. n .. ' times (crawler died or hung on this job)', at = ARGV[3]}))
      dead = dead + 1
    else
      redis.call('RPUSH', KEYS[1], raw)
      requeued = requeued + 1
    end
  end
end
return {requeued, dead}`;

export interface JobQueueOptions {
  redis: Redis;
  /** The list producers push to; default `start_urls`. */
  key?: string;
  visibilityTimeoutMs: number;
  /** Leases that expire this many times dead-letter the job. */
  maxDeliveries?: number;
}

/** A `{key}:dead` entry (`crawlDeadLetterSchema`); the reaper's Lua script writes the same three fields. */
export type DeadLetter = CrawlDeadLetter;

export function createJobQueue({
  redis,
  key = crawlQueueKeys.startUrls,
  visibilityTimeoutMs,
  maxDeliveries = 5,
}: JobQueueOptions) {
  const keys = {
    list: key,
    claimed: `${key}:claimed`,
    leases: `${key}:leases`,
    attempts: `${key}:attempts`,
    dead: `${key}:dead`,
  };
  const run = (script: string, keyList: string[], args: Array<string | number>) =>
    // ioredis applies the client's key prefix to KEYS of EVAL, so deployments with a prefix work unchanged.
    redis.eval(script, keyList.length, ...keyList, ...args);

  return {
    keys,
    /** Claim one raw job under `token`, or null when the list is empty. */
    async claim(token: string): Promise<string | null> {
      return (await run(CLAIM, [keys.list, keys.claimed, keys.leases], [token, visibilityTimeoutMs])) as
        | string
        | null;
    },
    /** Push every lease in `tokens` a full visibility timeout into the future; returns how many were still held. */
    async extend(tokens: readonly string[]): Promise<number> {
      if (tokens.length === 0) return 0;
      return (await run(EXTEND, [keys.leases], [visibilityTimeoutMs, ...tokens])) as number;
    },
    /** The job's result is published: remove it for good. False when the lease had already been reaped. */
    async ack(token: string): Promise<boolean> {
      return (await run(ACK, [keys.claimed, keys.leases, keys.attempts], [token])) === 1;
    },
    /** Hand a claimed job back at once (graceful shutdown). */
    async release(token: string): Promise<boolean> {
      return (await run(RELEASE, [keys.list, keys.claimed, keys.leases, keys.attempts], [token])) === 1;
    },
    /** Move a claimed job to `start_urls:dead` with its reason, atomically. */
    async deadLetter(token: string, raw: string, reason: string): Promise<void> {
      const entry: DeadLetter = { job: raw, reason, at: new Date().toISOString() };
      await run(DEAD, [keys.claimed, keys.leases, keys.dead, keys.attempts], [token, JSON.stringify(entry)]);
    },
    /** Give expired leases back (or dead-letter repeat offenders); any crawler may run it. */
    async reap(batch = 100): Promise<{ requeued: number; dead: number }> {
      const [requeued, dead] = (await run(
        REAP,
        [keys.list, keys.claimed, keys.leases, keys.attempts, keys.dead],
        [maxDeliveries, batch, new Date().toISOString()],
      )) as [number, number];
      return { requeued, dead };
    },
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;
