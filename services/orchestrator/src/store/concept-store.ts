import type { QueuedCrawlJob } from "@qp/schema";
import type { Logger, Redis } from "@qp/service-kit";
import { keys } from "./keys.ts";
import type { UrlRecord, UrlStatus, ValidationRecord } from "./records.ts";
import { mergeUrlScript, recordAndQueueScript } from "./scripts.ts";

export type UrlPatch = Partial<Omit<UrlRecord, "url" | "discovered_at" | "updated_at">>;

/** Drop undefined fields: Lua's cjson would not see them anyway, and the record stays tidy. */
function compact<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Writes of the concept/URL model. Reads (validated) are in `concept-view.ts`. */
export interface ConceptStore {
  /** Record `job.url` under its concept and queue the crawl job, atomically; false when the URL was known. */
  recordUrl(job: QueuedCrawlJob, now?: Date): Promise<boolean>;
  /** Merge `patch` into a URL's record (created when unknown). Statuses in `protect` are not overwritten. */
  updateUrl(
    concept: { concept_id: string; concept: string },
    url: string,
    patch: UrlPatch,
    options?: { protect?: UrlStatus[]; now?: Date },
  ): Promise<UrlStatus>;
  /** Replace the concept's validation record (and index it in `validations:running` while a job runs). */
  setValidation(concept: { concept_id: string; concept: string }, record: ValidationRecord): Promise<void>;
}

export function createConceptStore(redis: Redis, logger: Logger): ConceptStore {
  const recordAndQueue = recordAndQueueScript(redis);
  const mergeUrl = mergeUrlScript(redis);
  return {
    async recordUrl(job, now = new Date()) {
      const at = now.toISOString();
      const record: UrlRecord = {
        url: job.url,
        status: "discovered",
        discovered_by: job.discovered_by,
        discovered_at: at,
        updated_at: at,
      };
      const queued = await recordAndQueue(
        keys.concept(job.concept_id),
        keys.conceptUrls(job.concept_id),
        keys.startUrls,
        job.concept_id,
        job.concept,
        job.url,
        JSON.stringify(record),
        JSON.stringify(job),
        at,
      );
      return queued === 1;
    },

    async updateUrl(concept, url, patch, { protect = [], now = new Date() } = {}) {
      const result = (await mergeUrl(
        keys.concept(concept.concept_id),
        keys.conceptUrls(concept.concept_id),
        concept.concept_id,
        concept.concept,
        url,
        JSON.stringify(compact(patch)),
        now.toISOString(),
        protect.join(","),
      )) as [UrlStatus, string];
      if (result[1] === "corrupt") {
        logger.error({ concept_id: concept.concept_id, url }, "unreadable URL record in redis replaced");
      }
      return result[0];
    },

    async setValidation(concept, record) {
      const at = record.updated_at;
      const transaction = redis
        .multi()
        .hsetnx(keys.concept(concept.concept_id), "concept", concept.concept)
        .hsetnx(keys.concept(concept.concept_id), "concept_id", concept.concept_id)
        .hsetnx(keys.concept(concept.concept_id), "created_at", at)
        .hset(keys.concept(concept.concept_id), "updated_at", at, "validation", JSON.stringify(record));
      // A validator job is indexed for the sweeper while it runs, in the same step as the record.
      if (record.status === "running" && record.job_id) {
        transaction.zadd(keys.validationsRunning, Date.parse(at) || Date.now(), concept.concept_id);
      } else {
        transaction.zrem(keys.validationsRunning, concept.concept_id);
      }
      const results = await transaction.exec();
      const failed = results?.find(([error]) => error);
      if (!results || failed) throw failed?.[0] ?? new Error("redis transaction aborted");
    },
  };
}
