import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractHtml } from "./extract.ts";
import { extractBody } from "./extract-body.ts";
import { createExtractPool } from "./extract-pool.ts";

const FIXTURES = join(import.meta.dirname, "../../../tests/fixtures/web-pages");
const pages = readdirSync(FIXTURES)
  .filter((name) => !name.endsWith(".md"))
  .sort();

describe("the lean DOM extractor against Readability on linkedom", () => {
  it.each(pages)("%s: every field the same as with CRAWLER_EXTRACTOR=readability", (name) => {
    const html = readFileSync(join(FIXTURES, name, "source.html"), "utf8");
    const url = `http://fixtures.test/${name}/`;
    const { engine: leanEngine, ...lean } = extractHtml(html, url, "en", "lean");
    const { engine: linkedomEngine, ...linkedom } = extractHtml(html, url, "en", "readability");
    expect(lean).toEqual(linkedom);
    expect(linkedomEngine).toBe("readability");
    // The one fixture on which Readability's first attempt falls short (it starts over with looser rules).
    expect(leanEngine).toBe(name === "cnn" ? "lean, retried" : "lean");
  });
});

describe("the lean DOM extractor on bad HTML: a defined result, never a crash", () => {
  const words = "Moving averages smooth prices over a window of days, and crossovers are read as signals. ";
  const paragraph = `<p>${words.repeat(8)}</p>`;

  it("gives an empty, non-readerable result for empty or blank input and for a page without a body", () => {
    for (const html of [
      "",
      "  \n\t ",
      "<html><head><title>Only a head</title></head></html>",
      "<!doctype html>",
    ]) {
      const result = extractHtml(html, "https://e.com/");
      expect(result.text).toBe("");
      expect(result.readerable).toBe(false);
    }
    expect(extractHtml("<html><head><title>Only a head</title></head></html>", "https://e.com/").title).toBe(
      "Only a head",
    );
  });

  it("refuses binary content sent as HTML, and reads control-character soup as text", () => {
    const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    expect(
      extractBody({ kind: "html", body: binary, contentType: "text/html", url: "https://e.com/" }).extracted,
    ).toBe(null);
    const soup = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(((i * 7919) % 255) + 1)).join("");
    const result = extractHtml(soup, "https://e.com/");
    expect(typeof result.text).toBe("string");
    expect(result.title).toBe("");
  });

  it("extracts the article of a 2.5 MB page", () => {
    const html = `<html><head><title>Huge</title></head><body><nav><a href="/">home</a></nav><article>${paragraph.repeat(3500)}</article></body></html>`;
    expect(html.length).toBeGreaterThan(2_500_000);
    const result = extractHtml(html, "https://e.com/");
    expect(result.readerable).toBe(true);
    expect(result.title).toBe("Huge");
    expect(result.text.split("\n\n")).toHaveLength(3500);
    expect(result.text).not.toContain("home");
  });

  it("extracts from 20,000 nested elements, of either kind, without overflowing the stack", () => {
    const deepDivs = `<title>Deep</title>${"<div>".repeat(20_000)}${paragraph}${paragraph}${"</div>".repeat(20_000)}`;
    const divs = extractHtml(deepDivs, "https://e.com/");
    expect(divs.readerable).toBe(true);
    expect(divs.text).toContain("crossovers are read as signals");
    // Too little text for an article: past the depth limit the answer is the body's text, without a retry.
    const deepSpans = `${"<span>".repeat(20_000)}short${"</span>".repeat(20_000)}`;
    const spans = extractHtml(deepSpans, "https://e.com/");
    expect(spans).toMatchObject({ text: "short", readerable: false, engine: "lean" });
  });

  it("gives a best-effort result for broken HTML, through the worker pool", async () => {
    const pool = createExtractPool({ size: 1, taskTimeoutMs: 60_000 });
    try {
      const { extracted } = await pool.extract({
        kind: "html",
        body: "<html><body><div><p>Unclosed <b>bold <table><tr><td>cell text</div></span></html>",
        url: "https://e.com/",
      });
      expect(extracted?.text).toContain("cell text");
      expect(extracted?.engine).toBe("lean, retried");
    } finally {
      await pool.close();
    }
  });
});
