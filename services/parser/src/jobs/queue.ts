import { createHash, randomBytes } from "node:crypto";
import { type CrawlResultMessage, crawlResultMessageSchema } from "@qp/schema";
import { defineScript, type Redis } from "@qp/service-kit";

/**
 * The parser's durable job queue in Redis: a page accepted with 202 is in Redis before the answer goes out, so a
 * parser restart loses nothing (jobs it was working on go back to the head of the queue at start).
 *
 * Keys (under the client's prefix):
 * - `parser:jobs` list of job ids waiting (LPUSH in, taken from the right: first in, first out);
 * - `parser:jobs:active` list of job ids being worked on (BLMOVE from `parser:jobs`);
 * - `parser:jobs:delayed` zset of job ids waiting for a retry, scored by when they are due;
 * - `parser:job:<id>` hash: message, state (queued | running | done | failed), attempts, accepted_at, outcome;
 * - `parser:page:<fingerprint>` → the job id of the same page version while it is queued or running, so a
 *   redelivered crawl.result joins that job instead of queueing the page twice.
 *
 * One parser instance per Redis: `recover()` at start takes back every active job, which would steal another
 * live instance's work.
 */

export const JOB_KEYS = {
  queued: "parser:jobs",
  active: "parser:jobs:active",
  delayed: "parser:jobs:delayed",
  job: (id: string) => `parser:job:${id}`,
  page: (fingerprint: string) => `parser:page:${fingerprint}`,
};

/** How long a finished job's hash stays readable (GET /jobs/:id). */
const FINISHED_TTL_S = 24 * 3600;

export type JobState = "queued" | "running" | "done" | "failed";

export interface Job {
  id: string;
  message: CrawlResultMessage;
  state: JobState;
  attempts: number;
  acceptedAt: string;
  /** The outcome message once computed (published, or waiting to be). */
  outcome?: string;
}

export type EnqueueResult =
  | { kind: "queued"; jobId: string; depth: number }
  | { kind: "duplicate"; jobId: string; depth: number }
  | { kind: "full"; depth: number };

/** KEYS queued, page, job; ARGV job id, message JSON, max depth, now. → {kind, job id, depth}. */
const ENQUEUE = `
local depth = redis.call('LLEN', KEYS[1])
local existing = redis.call('GET', KEYS[2])
if existing then return {'duplicate', existing, depth} end
if depth >= tonumber(ARGV[3]) then return {'full', '', depth} end
-- KEYS[2] already carries the client's key prefix, so FINISH can GET it as it is.
redis.call('HSET', KEYS[3], 'message', ARGV[2], 'state', 'queued', 'attempts', 0, 'accepted_at', ARGV[4], 'page', KEYS[2])
redis.call('SET', KEYS[2], ARGV[1])
redis.call('LPUSH', KEYS[1], ARGV[1])
return {'queued', ARGV[1], depth + 1}
`;

/** KEYS delayed, queued; ARGV now (ms). Moves due retries to the head of the queue. → how many. */
const PROMOTE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('RPUSH', KEYS[2], id)
end
return #due
`;

/**
 * KEYS active, job; ARGV job id, state, page key prefix. Finish a job: record its state, release the page's
 * dedup entry when it still names this job, drop it from the active list, keep the hash for a day.
 */
const FINISH = `
redis.call('HSET', KEYS[2], 'state', ARGV[2])
local page = redis.call('HGET', KEYS[2], 'page')
if page and redis.call('GET', page) == ARGV[1] then redis.call('DEL', page) end
redis.call('LREM', KEYS[1], 0, ARGV[1])
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
return 1
`;

/** KEYS active, queued. Every job left active by a stopped parser goes back to the head of the queue. */
const RECOVER = `
local n = 0
while true do
  local id = redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
  if not id then break end
  n = n + 1
end
return n
`;

/** The same page version: concept, URL and the exact content the crawler sent (the id is per concept+URL). */
export function pageFingerprint(message: CrawlResultMessage): string {
  return createHash("sha256")
    .update(
      JSON.stringify([message.concept_id, message.url, message.title, message.content, message.metadata]),
    )
    .digest("hex");
}

export interface JobQueue {
  /** Accept a page: queued (new job), duplicate (the same page version is queued or running) or full. */
  enqueue(message: CrawlResultMessage): Promise<EnqueueResult>;
  /** The next job (waiting up to `timeoutS`), moved to the active list and marked running; null when none. */
  claim(blocking: Redis, timeoutS: number): Promise<Job | null>;
  /** Remember the outcome before it is published, so a retry after a failed publish does not parse again. */
  saveOutcome(jobId: string, outcome: string): Promise<void>;
  /** Take a job out of the active list and run it again after `delayMs`. */
  retryLater(jobId: string, delayMs: number): Promise<void>;
  finish(jobId: string, state: "done" | "failed"): Promise<void>;
  /** Due retries back into the queue; returns how many. */
  promote(now?: number): Promise<number>;
  /** At start: jobs a stopped parser left active go back to the queue; returns how many. */
  recover(): Promise<number>;
  get(jobId: string): Promise<Job | null>;
  depth(): Promise<{ queued: number; active: number; delayed: number }>;
}

export function createJobQueue(redis: Redis, options: { maxDepth: number }): JobQueue {
  const enqueue = defineScript(redis, "qpParserEnqueue", 3, ENQUEUE);
  const promote = defineScript(redis, "qpParserPromote", 2, PROMOTE);
  const finish = defineScript(redis, "qpParserFinish", 2, FINISH);
  const recover = defineScript(redis, "qpParserRecover", 2, RECOVER);
  const read = async (jobId: string): Promise<Job | null> => {
    const hash = await redis.hgetall(JOB_KEYS.job(jobId));
    if (!hash.message) return null;
    const parsed = crawlResultMessageSchema.safeParse(JSON.parse(hash.message));
    if (!parsed.success) return null;
    return {
      id: jobId,
      message: parsed.data,
      state: (hash.state ?? "queued") as JobState,
      attempts: Number(hash.attempts ?? 0),
      acceptedAt: hash.accepted_at ?? "",
      ...(hash.outcome ? { outcome: hash.outcome } : {}),
    };
  };
  return {
    async enqueue(message) {
      const jobId = randomBytes(16).toString("hex");
      const [kind, id, depth] = (await enqueue(
        JOB_KEYS.queued,
        JOB_KEYS.page(pageFingerprint(message)),
        JOB_KEYS.job(jobId),
        jobId,
        JSON.stringify(message),
        options.maxDepth,
        new Date().toISOString(),
      )) as [EnqueueResult["kind"], string, number];
      return kind === "full" ? { kind, depth } : { kind, jobId: id, depth };
    },

    async claim(blocking, timeoutS) {
      const jobId = await blocking.blmove(JOB_KEYS.queued, JOB_KEYS.active, "RIGHT", "LEFT", timeoutS);
      if (!jobId) return null;
      const job = await read(jobId);
      if (!job) {
        // Unreadable or expired: nothing to do but drop it from the active list.
        await redis.lrem(JOB_KEYS.active, 0, jobId);
        return null;
      }
      const attempts = await redis.hincrby(JOB_KEYS.job(jobId), "attempts", 1);
      await redis.hset(JOB_KEYS.job(jobId), "state", "running");
      return { ...job, state: "running", attempts };
    },

    async saveOutcome(jobId, outcome) {
      await redis.hset(JOB_KEYS.job(jobId), "outcome", outcome);
    },

    async retryLater(jobId, delayMs) {
      await redis
        .multi()
        .hset(JOB_KEYS.job(jobId), "state", "queued")
        .zadd(JOB_KEYS.delayed, Date.now() + delayMs, jobId)
        .lrem(JOB_KEYS.active, 0, jobId)
        .exec();
    },

    async finish(jobId, state) {
      await finish(JOB_KEYS.active, JOB_KEYS.job(jobId), jobId, state, FINISHED_TTL_S);
    },

    async promote(now = Date.now()) {
      return Number(await promote(JOB_KEYS.delayed, JOB_KEYS.queued, now));
    },

    async recover() {
      return Number(await recover(JOB_KEYS.active, JOB_KEYS.queued));
    },

    get: read,

    async depth() {
      const [queued, active, delayed] = await Promise.all([
        redis.llen(JOB_KEYS.queued),
        redis.llen(JOB_KEYS.active),
        redis.zcard(JOB_KEYS.delayed),
      ]);
      return { queued, active, delayed };
    },
  };
}
