import type { ConceptStatus } from "@qp/schema";
import type { UrlRecord, UrlStatus, ValidationRecord } from "./records.ts";

export type UrlCounts = Record<UrlStatus, number> & { total: number };

/** How many failed URLs are named one by one in `reasons` before the rest are counted. */
const NAMED_FAILURES = 3;

/**
 * The concept's status and, for `partial` / `failed`, why, in plain words. `done` needs a completed back-test
 * and every source parsed; a completed back-test with sources missing (none found, some failed) is `partial`;
 * a failed back-test is `failed` when no source was parsed either, else `partial`.
 */
export function conceptStatusOf(
  counts: UrlCounts,
  sources: readonly UrlRecord[],
  validation: ValidationRecord | null,
): { status: ConceptStatus; reasons: string[] } {
  if (counts.discovered + counts.crawling > 0) {
    return { status: counts.total === counts.discovered ? "discovered" : "crawling", reasons: [] };
  }
  if (counts.crawled > 0) return { status: "parsing", reasons: [] };
  if (validation?.status !== "completed" && validation?.status !== "failed") {
    return { status: "validating", reasons: [] };
  }

  const reasons: string[] = [];
  if (counts.total === 0) {
    reasons.push("no sources: discovery found no URLs for this concept (see the edge's errors)");
  } else if (counts.failed > 0) {
    const failed = sources.filter((source) => source.status === "failed");
    reasons.push(
      `${counts.failed} of ${counts.total} sources could not be crawled or parsed${counts.parsed === 0 ? " (none was)" : ""}`,
    );
    for (const source of failed.slice(0, NAMED_FAILURES)) {
      reasons.push(`${source.url}: ${source.reason ?? "no reason recorded"}`);
    }
    if (failed.length > NAMED_FAILURES)
      reasons.push(`…and ${failed.length - NAMED_FAILURES} more (see failures)`);
  }
  if (validation.status === "failed") {
    reasons.unshift(
      `back-test failed: ${validation.reason ?? validation.last_error ?? "no reason recorded"}`,
    );
    return { status: counts.parsed > 0 ? "partial" : "failed", reasons };
  }
  return { status: reasons.length > 0 ? "partial" : "done", reasons };
}
