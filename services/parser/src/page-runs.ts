import { createHash } from "node:crypto";
import type { CrawlResultMessage } from "@qp/schema";
import type { Gate } from "./gate.ts";
import type { IngestResult } from "./ingest.ts";

/**
 * One ingestion per page version: a redelivery of a page already being parsed joins that run, and one parsed in
 * the last `ttlMs` gets its result again, without embedding it a second time. Runs pass through `gate` (one
 * page at a time by default).
 *
 * Why: a page that waited for the CPU past the orchestrator's timeout is retried by QStash 10/30/60 s later.
 * Its first run keeps going (abandoning it would throw the work away); the retry then finds it finished, where
 * before every retry started the embedding again, behind the other retries, and the page failed for good.
 */
export class PageRuns {
  private readonly runs = new Map<string, { result: Promise<IngestResult>; at: number }>();

  constructor(
    private readonly gate: Gate,
    private readonly ttlMs = 10 * 60_000,
    private readonly maxEntries = 256,
  ) {}

  run(message: CrawlResultMessage, ingest: () => Promise<IngestResult>): Promise<IngestResult> {
    const key = keyOf(message);
    const now = Date.now();
    const known = this.runs.get(key);
    if (known && now - known.at < this.ttlMs) return known.result;
    const result = (async () => {
      const release = await this.gate.acquire();
      try {
        return await ingest();
      } finally {
        release();
      }
    })();
    this.runs.set(key, { result, at: now });
    // A failed run is not remembered: the retry tries again.
    result.catch(() => {
      if (this.runs.get(key)?.result === result) this.runs.delete(key);
    });
    for (const [old, entry] of this.runs) {
      if (this.runs.size <= this.maxEntries && now - entry.at < this.ttlMs) break;
      this.runs.delete(old);
    }
    return result;
  }
}

/** The same page version: concept, URL and the exact content and metadata the crawler sent. */
function keyOf(message: CrawlResultMessage): string {
  return createHash("sha256").update(JSON.stringify(message)).digest("hex");
}
