import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tokenF1 } from "../test/token-f1.ts";
import { extractHtml } from "./extract.ts";

/**
 * Extraction quality against the reference: what Readability on jsdom extracted from the same 30 pages
 * (test/fixtures/readability-jsdom, made by scripts/capture-readability-jsdom.ts before extraction moved to
 * linkedom). Each page keeps its expected title and its text's token F1 against the reference is ≥ 0.95.
 */

const PAGES_DIR = join(import.meta.dirname, "../../../tests/fixtures/web-pages");
const REFERENCE_DIR = join(import.meta.dirname, "../test/fixtures/readability-jsdom");
const pages = readdirSync(PAGES_DIR)
  .filter((name) => !name.endsWith(".md"))
  .sort();

describe("extraction quality against Readability on jsdom", () => {
  it("has a reference for each of the 30 pages", () => {
    expect(pages.length).toBe(30);
    expect(readdirSync(REFERENCE_DIR).filter((file) => file.endsWith(".json")).length).toBe(30);
  });

  it("computes token F1 on words, ignoring case, spacing and punctuation", () => {
    expect(tokenF1("The cat, the hat.", "the\n\nCAT the hat")).toBe(1);
    expect(tokenF1("a b c d", "a b c e")).toBe(0.75);
    expect(tokenF1("", "words")).toBe(0);
  });

  it.each(pages)("%s: the expected title, and token F1 ≥ 0.95 against the jsdom reference", (name) => {
    const html = readFileSync(join(PAGES_DIR, name, "source.html"), "utf8");
    const expected = JSON.parse(readFileSync(join(PAGES_DIR, name, "expected-metadata.json"), "utf8"));
    const reference = JSON.parse(readFileSync(join(REFERENCE_DIR, `${name}.json`), "utf8"));
    const result = extractHtml(html, `http://fixtures.test/${name}/`);
    expect(result.title).toBe(expected.title);
    expect(result.readerable).toBe(reference.readerable);
    expect(tokenF1(result.text, reference.text)).toBeGreaterThanOrEqual(0.95);
  });
});
