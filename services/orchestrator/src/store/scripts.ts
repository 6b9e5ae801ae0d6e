import { defineScript, type Redis, type RedisScript } from "@qp/service-kit";

/**
 * Lua scripts, so that what belongs together changes together: a URL is recorded and its crawl job queued in
 * one step (a crash between the two would either lose the job or record a URL nobody crawls), and a URL's
 * record is merged without a read-modify-write race between concurrent deliveries.
 */

/** KEYS concept, urls, start_urls; ARGV concept_id, concept, url, record JSON, job JSON, now. → 1 queued, 0 known. */
const RECORD_AND_QUEUE = `
if redis.call('HSETNX', KEYS[1], 'concept', ARGV[2]) == 1 then
  redis.call('HSET', KEYS[1], 'concept_id', ARGV[1], 'created_at', ARGV[6])
end
redis.call('HSET', KEYS[1], 'updated_at', ARGV[6])
if redis.call('HSETNX', KEYS[2], ARGV[3], ARGV[4]) == 0 then return 0 end
redis.call('LPUSH', KEYS[3], ARGV[5])
return 1
`;

/**
 * KEYS concept, urls; ARGV concept_id, concept, url, patch JSON, now, protected statuses (comma list: when the
 * current status is one of them the patch's status is dropped, its other fields still apply).
 * → { status, "corrupt" | "" }: "corrupt" when an unreadable record was replaced.
 */
const MERGE_URL = `
local current = redis.call('HGET', KEYS[2], ARGV[3])
local record = nil
local corrupt = ''
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and type(decoded) == 'table' then record = decoded else corrupt = 'corrupt' end
end
if not record then
  record = { url = ARGV[3], status = 'discovered', discovered_by = 'unknown', discovered_at = ARGV[5] }
end
local patch = cjson.decode(ARGV[4])
if ARGV[6] ~= '' and type(record.status) == 'string'
  and string.find(',' .. ARGV[6] .. ',', ',' .. record.status .. ',', 1, true) then
  patch.status = nil
end
for k, v in pairs(patch) do record[k] = v end
record.updated_at = ARGV[5]
redis.call('HSET', KEYS[2], ARGV[3], cjson.encode(record))
if redis.call('HSETNX', KEYS[1], 'concept', ARGV[2]) == 1 then
  redis.call('HSET', KEYS[1], 'concept_id', ARGV[1], 'created_at', ARGV[5])
end
redis.call('HSET', KEYS[1], 'updated_at', ARGV[5])
return { record.status, corrupt }
`;

export function recordAndQueueScript(redis: Redis): RedisScript {
  return defineScript(redis, "qpRecordAndQueue", 3, RECORD_AND_QUEUE);
}

export function mergeUrlScript(redis: Redis): RedisScript {
  return defineScript(redis, "qpMergeUrl", 2, MERGE_URL);
}
