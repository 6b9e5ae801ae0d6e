import type { CrawlResultMessage } from "@qp/schema";
import { describe, expect, it } from "vitest";
import { Gate } from "./gate.ts";
import type { IngestResult } from "./ingest.ts";
import { PageRuns } from "./page-runs.ts";

const page = (content: string) =>
  ({
    type: "crawl.result",
    concept_id: "0123456789abcdef01234567",
    concept: "golden cross",
    url: "https://example.com/a",
    title: "A",
    content,
    content_type: "text/html",
  }) as unknown as CrawlResultMessage;

describe("PageRuns", () => {
  it("a redelivered page joins the run in progress and later gets its result again, parsed once", async () => {
    const runs = new PageRuns(new Gate(1));
    let calls = 0;
    let finish!: (value: IngestResult) => void;
    const ingest = () => {
      calls++;
      return new Promise<IngestResult>((done) => {
        finish = done;
      });
    };
    const first = runs.run(page("text"), ingest);
    const second = runs.run(page("text"), ingest);
    await new Promise((done) => setImmediate(done));
    expect(calls).toBe(1);
    const result = { written: 3 } as unknown as IngestResult;
    finish(result);
    expect(await first).toBe(result);
    expect(await second).toBe(result);
    expect(await runs.run(page("text"), ingest)).toBe(result);
    expect(calls).toBe(1);
  });

  it("another version of the page is parsed again; a failed run is not remembered", async () => {
    const runs = new PageRuns(new Gate(1));
    let calls = 0;
    const failing = async (): Promise<IngestResult> => {
      calls++;
      throw new Error("store down");
    };
    await expect(runs.run(page("v1"), failing)).rejects.toThrow(/store down/);
    await expect(runs.run(page("v1"), failing)).rejects.toThrow(/store down/);
    expect(calls).toBe(2);
    const ok = async () => {
      calls++;
      return { written: 1 } as unknown as IngestResult;
    };
    await runs.run(page("v2"), ok);
    await runs.run(page("v3"), ok);
    expect(calls).toBe(4);
  });

  it("keeps at most maxEntries remembered runs", async () => {
    const runs = new PageRuns(new Gate(1), 60_000, 2);
    let calls = 0;
    const ok = async () => {
      calls++;
      return {} as IngestResult;
    };
    for (const v of ["a", "b", "c"]) await runs.run(page(v), ok);
    await runs.run(page("a"), ok); // evicted: parsed again
    await runs.run(page("c"), ok); // still remembered
    expect(calls).toBe(4);
  });
});
