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
      expect(results.map((r) => r.extracted?.title)).toEqual([
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

  it("decodes raw bytes in the worker, moves large buffers there, and copies pooled small ones", async () => {
    const pool = createExtractPool({ size: 1, taskTimeoutMs: 60_000 });
    try {
      // windows-1252 bytes declared by the header: "café" must come back decoded.
      const latin = Buffer.from(
        `<html><head><title>caf\u00e9</title></head><body><p>x</p></body></html>`,
        "latin1",
      );
      const big = Buffer.from(BIG_PAGE, "utf8");
      const small = Buffer.from("Hello\n\nworld", "utf8"); // a slice of Node's shared buffer pool
      const neighbour = Buffer.from("neighbour", "utf8");
      const [a, b, c] = await Promise.all([
        pool.extract({
          kind: "html",
          body: latin,
          contentType: "text/html; charset=windows-1252",
          url: "http://x.test/",
        }),
        pool.extract({ kind: "html", body: big, contentType: "text/html", url: "http://x.test/" }),
        pool.extract({ kind: "text", body: small, contentType: "text/plain", url: "http://x.test/" }),
      ]);
      expect(a.extracted?.title).toBe("caf\u00e9");
      expect(a.charset).toEqual({ charset: "windows-1252", source: "header", unknownLabel: undefined });
      const expected = JSON.parse(
        readFileSync(
          join(import.meta.dirname, "../../../tests/fixtures/web-pages/wikipedia-2/expected-metadata.json"),
          "utf8",
        ),
      );
      expect(b.extracted?.title).toBe(expected.title);
      expect(b.charset).toMatchObject({ charset: "utf-8", source: "meta" });
      expect(big.length).toBe(0); // moved to the worker, not copied
      expect(c.extracted?.title).toBe("Hello");
      // The shared pool was not pulled away: other small buffers still read.
      expect(small.toString("utf8")).toBe("Hello\n\nworld");
      expect(neighbour.toString("utf8")).toBe("neighbour");
      const binary = await pool.extract({
        kind: "html",
        body: Buffer.from([60, 0, 1, 2]),
        url: "http://x.test/",
      });
      expect(binary.extracted).toBeNull();
    } finally {
      await pool.close();
    }
  });
});
