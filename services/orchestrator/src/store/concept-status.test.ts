import { describe, expect, it } from "vitest";
import { conceptStatusOf, type UrlCounts } from "./concept-status.ts";
import type { UrlRecord, UrlStatus, ValidationRecord } from "./records.ts";

const AT = "2026-12-01T10:00:00.000Z";

function source(n: number, status: UrlStatus, reason?: string): UrlRecord {
  return {
    url: `https://example.com/${n}`,
    status,
    discovered_by: "fixtures",
    discovered_at: AT,
    updated_at: AT,
    ...(reason ? { reason } : {}),
  };
}

function statusOf(statuses: UrlStatus[], validation: ValidationRecord["status"] | null, reason?: string) {
  const sources = statuses.map((status, n) =>
    source(n, status, status === "failed" ? `reason ${n}` : undefined),
  );
  const counts: UrlCounts = {
    discovered: 0,
    crawling: 0,
    crawled: 0,
    parsed: 0,
    failed: 0,
    total: sources.length,
  };
  for (const s of sources) counts[s.status]++;
  const record: ValidationRecord | null = validation
    ? { status: validation, requested_at: AT, updated_at: AT, ...(reason ? { reason } : {}) }
    : null;
  return conceptStatusOf(counts, sources, record);
}

describe("conceptStatusOf: the earliest unfinished stage, then the outcome", () => {
  it.each([
    [["discovered", "discovered"], "requested", "discovered"],
    [["discovered", "crawling"], "completed", "crawling"],
    [["discovered", "parsed"], "running", "crawling"],
    [["crawled", "parsed"], "completed", "parsing"],
    [["parsed", "failed"], "running", "validating"],
    [[], "requested", "validating"],
    [["parsed", "parsed"], null, "validating"],
    [["parsed", "parsed"], "completed", "done"],
  ] as const)("%j with validation %s → %s", (statuses, validation, expected) => {
    const { status, reasons } = statusOf([...statuses], validation);
    expect(status).toBe(expected);
    expect(reasons).toEqual([]);
  });

  it("a completed back-test with failed sources is partial, naming them", () => {
    const { status, reasons } = statusOf(["parsed", "failed", "failed"], "completed");
    expect(status).toBe("partial");
    expect(reasons).toEqual([
      "2 of 3 sources could not be crawled or parsed",
      "https://example.com/1: reason 1",
      "https://example.com/2: reason 2",
    ]);
  });

  it("names three failed sources, then counts the rest", () => {
    const { reasons } = statusOf(["failed", "failed", "failed", "failed", "failed"], "completed");
    expect(reasons).toHaveLength(5);
    expect(reasons[0]).toBe("5 of 5 sources could not be crawled or parsed (none was)");
    expect(reasons[4]).toBe("…and 2 more (see failures)");
  });

  it("a completed back-test without any source (discovery found nothing) is partial", () => {
    const { status, reasons } = statusOf([], "completed");
    expect(status).toBe("partial");
    expect(reasons[0]).toMatch(/^no sources: discovery found no URLs/);
  });

  it("a failed back-test is failed when no source was parsed, partial when some were", () => {
    const none = statusOf(
      ["failed"],
      "failed",
      "validator refused the request (HTTP 400): unknown symbol XYZ",
    );
    expect(none.status).toBe("failed");
    expect(none.reasons[0]).toBe(
      "back-test failed: validator refused the request (HTTP 400): unknown symbol XYZ",
    );
    const some = statusOf(["parsed", "parsed"], "failed", "no prices");
    expect(some).toEqual({ status: "partial", reasons: ["back-test failed: no prices"] });
  });
});
