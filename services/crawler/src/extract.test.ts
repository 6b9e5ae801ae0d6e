import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readability } from "@mozilla/readability";
import { afterAll, describe, expect, it } from "vitest";
import { blockText, extractHtml, extractText } from "./extract.ts";
import { createExtractPool } from "./extract-pool.ts";
import { parseDocument } from "./html-document.ts";

const FIXTURES = join(import.meta.dirname, "../../../tests/fixtures/web-pages");
const pages = readdirSync(FIXTURES)
  .filter((name) => !name.endsWith(".md"))
  .sort();

describe("extraction (Readability on linkedom)", () => {
  // Through the pool of worker threads, since that is what production runs.
  const pool = createExtractPool({ size: 2, taskTimeoutMs: 60_000 });
  afterAll(() => pool.close());

  it("finds the 30 fixture pages", () => {
    expect(pages.length).toBe(30);
  });

  it.concurrent.each(pages)(
    "extracts the expected title and text of %s",
    async (name) => {
      const expected = JSON.parse(readFileSync(join(FIXTURES, name, "expected-metadata.json"), "utf8"));
      const { extracted: result } = await pool.extract({
        kind: "html",
        body: readFileSync(join(FIXTURES, name, "source.html")),
        contentType: "text/html",
        url: `http://fixtures.test/${name}/`,
      });
      if (!result) throw new Error(`${name} was taken for binary content`);
      expect(result.title).toBe(expected.title);
      expect(result.lang).toBe(expected.lang ?? null);
      expect(result.text.length).toBeGreaterThan(100);
      expect(result.text).not.toMatch(/<script/i);
    },
    120_000,
  );

  it("reads the canonical URL and language, and keeps paragraphs apart", () => {
    const html = `<html lang="de"><head><title>T</title><link rel="canonical" href="/canon"></head>
      <body><article><h1>Heading</h1><p>${"First paragraph words. ".repeat(30)}</p><p>${"Second one. ".repeat(30)}</p></article></body></html>`;
    const result = extractHtml(html, "https://example.com/page?utm=1");
    expect(result.canonicalUrl).toBe("https://example.com/canon");
    expect(result.lang).toBe("de");
    expect(result.text).toMatch(/words\.\n\nSecond/);
  });

  it("takes the Content-Language header when the page has no lang", () => {
    expect(extractHtml("<p>hi</p>", "https://example.com/", "fr-CA, en").lang).toBe("fr-CA");
    expect(extractText("Title line\n\nbody", "en").title).toBe("Title line");
  });

  it("finds the article of a page that omits <html>, <head> and <body>, as a browser would", () => {
    const words = "Moving averages smooth prices over a window of days. ".repeat(20);
    const result = extractHtml(
      `<!doctype html><title>Omitted tags</title><meta name="author" content="A. Writer"><p>${words}</p><p>${words}</p>`,
      "https://example.com/",
    );
    expect(result.title).toBe("Omitted tags");
    expect(result.readerable).toBe(true);
    expect(result.text).toContain("Moving averages smooth prices");
    const bare = extractHtml("Loose text before <p>and a paragraph</p> and after", "https://e.com/");
    expect(bare.text).toContain("Loose text before");
    expect(bare.text).toContain("and after");
  });

  it("keeps text that follows </html> and reads a <title> written before <head>", () => {
    const result = extractHtml(
      "<html><title>Early title</title><head></head><body><p>Inside body.</p></body></html><p>Trailing words.</p>",
      "https://e.com/",
    );
    expect(result.title).toBe("Early title");
    expect(result.text).toContain("Inside body.");
    expect(result.text).toContain("Trailing words.");
  });

  it("gives a best-effort result for broken HTML", () => {
    const result = extractHtml(
      "<html><body><div><p>Unclosed <b>bold <table><tr><td>cell text</div></span></html>",
      "https://e.com/",
    );
    expect(result.text).toContain("cell text");
  });

  // Readability as published (with its page snapshot), on the same linkedom document: what the patched,
  // snapshot-free first attempt must reproduce.
  const readabilityAsPublished = (html: string, url: string) => {
    const document = parseDocument(html);
    Object.defineProperty(document, "baseURI", { value: url });
    Object.defineProperty(document, "documentURI", { value: url });
    const article = new Readability(document, {
      serializer: (node: Node) => node,
      keepClasses: true,
    }).parse();
    return article?.content ? blockText(article.content as unknown as Node) : null;
  };

  it.each(pages)("%s: the same text as Readability with its page snapshot", (name) => {
    const html = readFileSync(join(FIXTURES, name, "source.html"), "utf8");
    const url = `http://fixtures.test/${name}/`;
    expect(extractHtml(html, url).text).toBe(readabilityAsPublished(html, url));
  });

  it("runs a page whose first attempt finds too little text again, with the snapshot, as Readability would", () => {
    // The article sits in an element whose class Readability strips on its first attempt ("comment"), so only
    // the retry with looser rules finds it.
    const story = "Crossovers of moving averages are read as trend signals by many traders. ".repeat(12);
    const html = `<html><head><title>Retry</title></head><body><div class="comment-area"><p>${story}</p><p>${story}</p></div><p>short</p></body></html>`;
    const url = "https://example.com/retry";
    const snapshotFree = new Readability(parseDocument(html), { snapshotPage: false });
    expect(() => snapshotFree.parse()).toThrow(expect.objectContaining({ retryNeeded: true }));
    const result = extractHtml(html, url);
    expect(result.readerable).toBe(true);
    expect(result.text).toContain("Crossovers of moving averages");
    expect(result.text).toBe(readabilityAsPublished(html, url));
  });
});
