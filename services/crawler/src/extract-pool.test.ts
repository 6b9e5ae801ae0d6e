import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createExtractPool } from "./extract-pool.ts";

const BIG_PAGE = readFileSync(
  join(import.meta.dirname, "../../../tests/fixtures/web-pages/wikipedia-2/source.html"),
  "utf8",
);

describe("extraction pool", () => {
  it("fails a page that runs past the time limit, replaces the worker, and keeps serving", async () => {
    const pool = createExtractPool({ size: 1, taskTimeoutMs: 1 });
    try {
      await expect(pool.extract({ kind: "html", body: BIG_PAGE, url: "http://x.test/" })).rejects.toThrow(
        "extraction took longer than 1 ms",
      );
      // Repeated timeouts never push pathological pages onto the main thread.
      for (let i = 0; i < 5; i++) {
        await expect(pool.extract({ kind: "html", body: BIG_PAGE, url: "http://x.test/" })).rejects.toThrow(
          /longer than/,
        );
      }
    } finally {
      await pool.close();
    }
  });

  it("runs many tasks through few workers and answers each with its own result", async () => {
    const pool = createExtractPool({ size: 2, taskTimeoutMs: 30_000 });
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          pool.extract({ kind: "text", body: `Title ${i}\n\nbody ${i}`, url: "http://x.test/" }),
        ),
      );
      expect(results.map((r) => r.title)).toEqual([
        "Title 0",
        "Title 1",
        "Title 2",
        "Title 3",
        "Title 4",
        "Title 5",
      ]);
    } finally {
      await pool.close();
    }
  });

  it("rejects work after close", async () => {
    const pool = createExtractPool({ size: 1, taskTimeoutMs: 1000 });
    await pool.close();
    await expect(pool.extract({ kind: "text", body: "x", url: "http://x.test/" })).rejects.toThrow(
      "extraction pool closed",
    );
  });
});
