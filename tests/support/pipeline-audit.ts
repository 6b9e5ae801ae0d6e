import { type ConceptView, conceptViewSchema, crawlDeadLetterSchema, crawlQueueKeys } from "@qp/schema";
import type { Redis } from "@qp/service-kit";
import type { VectorStore } from "@qp/vector-store";

/** A concept the edge worker accepted (202) and the URLs its answers listed. */
export interface Accepted {
  concept: string;
  concept_id: string;
  urls: string[];
}

/** A dead letter from either place one can end up: QStash's DLQ or the crawler's `start_urls:dead`. */
export interface DeadLetter {
  where: "qstash" | "crawler";
  type: string;
  concept_id: string;
  url?: string;
  reason: string;
}

export interface Audit {
  /** Accepted URLs (or validations) that ended nowhere: not stored, not failed with a reason, not dead-lettered. */
  lost: string[];
  /** URLs whose chunks in the store differ from the chunk count their record gives. */
  chunkMismatches: string[];
  /** Back-test results stored more than once for one concept. */
  duplicateResults: string[];
  /**
   * URLs recorded `failed` whose chunks are nevertheless in the store: not lost and not duplicated, but the
   * record and the store disagree. Asserted empty (the parser reports what it stored: page.parsed).
   */
  storedButFailed: string[];
  /** Worth reading, not failures by themselves: dead letters, failed URLs' reasons, results not written. */
  notes: string[];
  counts: { urls: number; parsed: number; failed: number; deadLettered: number; chunks: number };
}

/** Every QStash DLQ entry, its message body read back as the pipeline message it carried. */
export async function qstashDeadLetters(qstashUrl: string, token: string): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ count: "100", ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${qstashUrl}/v2/dlq?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`GET /v2/dlq answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as {
      messages: Array<{ body?: string; responseStatus: number; responseBody?: string; error?: string }>;
      cursor?: string;
    };
    for (const entry of page.messages) {
      const message = JSON.parse(entry.body ?? "{}") as { type?: string; concept_id?: string; url?: string };
      out.push({
        where: "qstash",
        type: message.type ?? "?",
        concept_id: message.concept_id ?? "?",
        ...(message.url ? { url: message.url } : {}),
        reason: `${entry.responseStatus ? `HTTP ${entry.responseStatus}: ` : ""}${(entry.responseBody ?? entry.error ?? "").slice(0, 300)}`,
      });
    }
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/** The crawler's dead jobs (`start_urls:dead`: `{job, reason, at}`, job = the raw crawl job). */
export async function crawlerDeadLetters(redis: Redis): Promise<DeadLetter[]> {
  const entries = await redis.lrange(crawlQueueKeys.dead, 0, -1);
  return entries.map((text) => {
    const entry = crawlDeadLetterSchema.parse(JSON.parse(text));
    const job = JSON.parse(entry.job) as { url?: string; concept_id?: string };
    return {
      where: "crawler",
      type: "crawl job",
      concept_id: job.concept_id ?? "?",
      ...(job.url ? { url: job.url } : {}),
      reason: entry.reason,
    };
  });
}

async function readView(orchestratorUrl: string, conceptId: string): Promise<ConceptView | null> {
  const res = await fetch(`${orchestratorUrl}/api/concepts/${conceptId}`);
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`GET /api/concepts/${conceptId} answered ${res.status}: ${await res.text()}`);
  // The orchestrator's contract (@qp/schema): an answer that does not match it fails the audit, not a field read.
  return conceptViewSchema.parse(await res.json());
}

/**
 * Where every accepted URL and validation ended, checked against the store itself:
 * - a URL is `parsed` with exactly as many chunks in the vector store as its record says (more = duplicates,
 *   fewer = chunks lost), or `failed` with a reason, or dead-lettered (QStash DLQ or the crawler's dead list)
 *   with a reason; anything else (still discovered/crawling/crawled after the pipeline went idle, or missing)
 *   is lost;
 * - a validation is `completed` or `failed` with a reason, or its message dead-lettered;
 * - no back-test result (concept, portfolio) is stored twice.
 */
export async function auditRun(deps: {
  accepted: readonly Accepted[];
  orchestratorUrl: string;
  store: VectorStore;
  deadLetters: readonly DeadLetter[];
}): Promise<Audit> {
  const audit: Audit = {
    lost: [],
    chunkMismatches: [],
    duplicateResults: [],
    storedButFailed: [],
    notes: [],
    counts: { urls: 0, parsed: 0, failed: 0, deadLettered: 0, chunks: 0 },
  };
  const deadFor = (conceptId: string, url?: string) =>
    deps.deadLetters.filter((d) => d.concept_id === conceptId && (url === undefined || d.url === url));
  for (const d of deps.deadLetters)
    audit.notes.push(`dead letter (${d.where}, ${d.type}) ${d.url ?? d.concept_id}: ${d.reason}`);

  for (const { concept, concept_id, urls } of deps.accepted) {
    const view = await readView(deps.orchestratorUrl, concept_id);
    const records = new Map((view?.sources ?? []).map((s) => [s.url, s]));
    for (const url of urls) {
      audit.counts.urls++;
      const record = records.get(url);
      const inStore = await deps.store.countDocuments({ conceptId: concept_id, sourceUrl: url });
      if (record?.status === "parsed") {
        audit.counts.parsed++;
        audit.counts.chunks += inStore;
        if (inStore !== record.chunks)
          audit.chunkMismatches.push(
            `${concept} ${url}: the record says ${record.chunks} chunks, the store holds ${inStore}`,
          );
        continue;
      }
      if (record?.status === "failed" && record.reason) {
        audit.counts.failed++;
        audit.notes.push(`failed ${concept} ${url}: ${record.reason}`);
        if (inStore > 0)
          audit.storedButFailed.push(
            `${concept} ${url}: failed (${record.reason}), yet ${inStore} chunks stored`,
          );
        continue;
      }
      const dead = deadFor(concept_id, url).filter((d) => d.reason.trim());
      if (dead.length > 0) {
        audit.counts.deadLettered++;
        continue;
      }
      audit.lost.push(
        `${concept} ${url}: ${record ? `still ${record.status}${record.last_error ? ` (last error: ${record.last_error})` : ""}` : "never recorded"}, no dead letter`,
      );
    }

    const validation = view?.validation ?? null;
    if (validation?.status === "completed") {
      // The report is the validator's own document (unknown to the contract); only its store outcome matters here.
      const stored = (validation.report as { stored?: { error?: string } } | undefined)?.stored;
      if (stored?.error)
        audit.notes.push(`${concept}: back-test results not written to the store: ${stored.error}`);
    } else if (validation?.status === "failed" && validation.reason) {
      audit.notes.push(`validation failed ${concept}: ${validation.reason}`);
    } else if (!deadFor(concept_id).some((d) => d.type === "concept.validate")) {
      audit.lost.push(
        `${concept}: validation ${validation ? `still ${validation.status}` : "never recorded"}, no dead letter`,
      );
    }

    const results = await deps.store.listBacktests({ conceptId: concept_id, limit: 10_000 });
    const perPortfolio = new Map<string, number>();
    for (const r of results) perPortfolio.set(r.portfolio_id, (perPortfolio.get(r.portfolio_id) ?? 0) + 1);
    for (const [portfolio, n] of perPortfolio)
      if (n > 1) audit.duplicateResults.push(`${concept}: result ${portfolio} stored ${n} times`);
  }
  return audit;
}
