import { conceptIdOf } from "@qp/schema";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONCEPT, parseJob } from "./job.ts";

describe("parseJob", () => {
  it("accepts a JSON job and keeps its concept", async () => {
    const conceptId = await conceptIdOf("golden cross");
    const parsed = await parseJob(
      JSON.stringify({
        url: "https://example.com/a",
        concept_id: conceptId,
        concept: "golden cross",
        discovered_by: "wikipedia",
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      job: { url: "https://example.com/a", conceptId, concept: "golden cross", discoveredBy: "wikipedia" },
    });
  });

  it("puts bare URLs (plain or JSON strings) under the default concept", async () => {
    const defaultId = await conceptIdOf(DEFAULT_CONCEPT);
    for (const raw of ["https://example.com/b", '"https://example.com/b"', "  https://example.com/b\n"]) {
      expect(await parseJob(raw)).toEqual({
        ok: true,
        job: {
          url: "https://example.com/b",
          conceptId: defaultId,
          concept: DEFAULT_CONCEPT,
          discoveredBy: null,
        },
      });
    }
  });

  it("derives the concept id from the concept text when only the text is given", async () => {
    const parsed = await parseJob(JSON.stringify({ url: "http://example.com/", concept: "momentum" }));
    expect(parsed.ok && parsed.job.conceptId).toBe(await conceptIdOf("momentum"));
  });

  it.each([
    ["{not json", /not valid JSON/],
    ["hello world", /not JSON and not a URL/],
    ["ftp://example.com/file", /not an http\(s\) URL/],
    ["javascript:alert(1)", /not an http\(s\) URL/],
    ['{"url":"file:///etc/passwd"}', /invalid job: url/],
    ['{"url":"https://example.com","extra":1}', /invalid job/],
    ['{"url":"https://example.com","concept_id":"0123456789abcdef01234567"}', /concept_id without concept/],
    ["[1,2]", /invalid job/],
    ['"not a url"', /not JSON and not a URL/],
  ])("refuses %s", async (raw, reason) => {
    const parsed = await parseJob(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
