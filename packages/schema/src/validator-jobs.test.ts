import { describe, expect, it } from "vitest";
import { describeIssues } from "./issues.ts";
import { backtestAcceptedSchema, settleRequestSchema, validatorJobSchema } from "./validator-jobs.ts";

const at = "2026-12-01T13:00:00.000Z";

function paths(result: { success: boolean; error?: import("zod").ZodError }): string[] {
  return result.success || !result.error ? [] : describeIssues(result.error).map((issue) => issue.path);
}

describe("validator jobs (validator ↔ orchestrator)", () => {
  it("reads a finished job with its report and a failed one with its reason", () => {
    const done = {
      job_id: "j1",
      status: "done",
      created_at: at,
      finished_at: at,
      bar_sets: 5,
      result: { a: 1 },
    };
    expect(validatorJobSchema.parse(done)).toEqual(done);
    const failed = {
      job_id: "j1",
      status: "failed",
      created_at: at,
      finished_at: at,
      bar_sets: 5,
      error: "no data",
    };
    expect(validatorJobSchema.parse(failed)).toEqual(failed);
  });

  it("refuses a status outside the four and an answer without its creation time", () => {
    expect(
      paths(validatorJobSchema.safeParse({ job_id: "j", status: "lost", created_at: at, bar_sets: 1 })),
    ).toEqual(["status"]);
    expect(paths(validatorJobSchema.safeParse({ job_id: "j", status: "done", bar_sets: 1 }))).toEqual([
      "created_at",
    ]);
  });

  it("a 202 names the job and where to poll it", () => {
    expect(paths(backtestAcceptedSchema.safeParse({ job_id: "j", status: "queued", bar_sets: 1 }))).toEqual([
      "status_url",
    ]);
  });

  it("a settle notice carries a concept id and a job id, nothing else", () => {
    const conceptId = "0123456789abcdef01234567";
    expect(settleRequestSchema.parse({ concept_id: conceptId, job_id: "j" })).toEqual({
      concept_id: conceptId,
      job_id: "j",
    });
    expect(paths(settleRequestSchema.safeParse({ concept_id: "nope", job_id: "j", extra: 1 }))).toEqual([
      "concept_id",
      "(root)",
    ]);
  });
});
