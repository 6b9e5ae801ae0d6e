import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { snapshotLanceDb } from "./lancedb.ts";

const work = mkdtempSync(join(tmpdir(), "qp-lancedb-snap-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("snapshotLanceDb", () => {
  it("refuses a path that is not a folder instead of backing up an empty database", async () => {
    await expect(snapshotLanceDb(join(work, "missing"))).rejects.toThrow("is not a folder");
  });
});
