import { type ConceptView, isoTimestampSchema } from "@qp/schema";
import type { Logger, Redis } from "@qp/service-kit";
import { z } from "zod";
import { conceptStatusOf } from "./concept-status.ts";
import { keys } from "./keys.ts";
import {
  conceptHashSchema,
  urlRecordSchema,
  type ValidationRecord,
  validationRecordSchema,
} from "./records.ts";

export type { ConceptStatus, ConceptView } from "@qp/schema";

function issueText(error: z.ZodError | Error): string {
  return error instanceof z.ZodError
    ? error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ")
    : error.message;
}

function parseJson(text: string): unknown {
  return JSON.parse(text);
}

/**
 * Read one concept back from Redis, every value validated: the concept hash, each URL record, the validation
 * record. Returns null when the concept is unknown. Unreadable values are listed in `unreadable` (and logged)
 * instead of failing the whole answer or being passed on unchecked.
 */
export async function readConcept(
  redis: Redis,
  logger: Logger,
  conceptId: string,
): Promise<ConceptView | null> {
  const [hashResult, urlsResult, claimedResult] = (await redis
    .multi()
    .hgetall(keys.concept(conceptId))
    .hgetall(keys.conceptUrls(conceptId))
    .hgetall(keys.crawling(conceptId))
    .exec()) ?? [[new Error("redis transaction aborted"), null]];
  if (hashResult?.[0]) throw hashResult[0];
  if (urlsResult?.[0]) throw urlsResult[0];
  if (claimedResult?.[0]) throw claimedResult[0];
  const claimed = (claimedResult?.[1] ?? {}) as Record<string, string>;
  const hash = (hashResult?.[1] ?? {}) as Record<string, string>;
  const urls = (urlsResult?.[1] ?? {}) as Record<string, string>;
  if (Object.keys(hash).length === 0 && Object.keys(urls).length === 0) return null;

  const unreadable: Array<{ key: string; message: string }> = [];
  const parsedHash = conceptHashSchema.safeParse(hash);
  if (!parsedHash.success) {
    unreadable.push({ key: keys.concept(conceptId), message: issueText(parsedHash.error) });
  }
  let validation: ValidationRecord | null = null;
  if (hash.validation !== undefined) {
    try {
      validation = validationRecordSchema.parse(parseJson(hash.validation));
    } catch (error) {
      unreadable.push({ key: `${keys.concept(conceptId)}#validation`, message: issueText(error as Error) });
    }
  }
  const sources: ConceptView["sources"] = [];
  for (const [url, text] of Object.entries(urls)) {
    try {
      const record: ConceptView["sources"][number] = urlRecordSchema.parse(parseJson(text));
      // A crawler wrote when it claimed the URL (crawling:{id}); until a result arrives, that is `crawling`.
      const since = isoTimestampSchema.safeParse(claimed[url]);
      if (since.success) {
        record.crawl_started_at = since.data;
        if (record.status === "discovered") record.status = "crawling";
      }
      sources.push(record);
    } catch (error) {
      unreadable.push({ key: `${keys.conceptUrls(conceptId)}#${url}`, message: issueText(error as Error) });
    }
  }
  if (unreadable.length > 0)
    logger.error({ concept_id: conceptId, unreadable }, "unreadable values in redis");
  sources.sort((a, b) => a.discovered_at.localeCompare(b.discovered_at) || a.url.localeCompare(b.url));

  const counts = { discovered: 0, crawling: 0, crawled: 0, parsed: 0, failed: 0, total: sources.length };
  let chunksTotal = 0;
  for (const source of sources) {
    counts[source.status]++;
    chunksTotal += source.chunks ?? 0;
  }
  const failures = sources
    .filter((source) => source.status === "failed")
    .map((source) => ({
      url: source.url,
      reason: source.reason ?? "unknown",
      ...(source.status_code !== undefined ? { status_code: source.status_code } : {}),
      at: source.failed_at ?? source.updated_at,
    }));
  const fallbackTime = sources[0]?.discovered_at ?? new Date(0).toISOString();
  return {
    concept_id: conceptId,
    concept: parsedHash.success ? parsedHash.data.concept : (hash.concept ?? ""),
    ...conceptStatusOf(counts, sources, validation),
    created_at: parsedHash.success ? parsedHash.data.created_at : fallbackTime,
    updated_at: parsedHash.success ? parsedHash.data.updated_at : fallbackTime,
    counts,
    chunks_total: chunksTotal,
    sources,
    failures,
    validation,
    ...(unreadable.length > 0 ? { unreadable } : {}),
  };
}
