import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { createBm25, wordsOf } from "./bm25.ts";
import { textOf, titleOf } from "./text.ts";

/** tests/fixtures/web-pages: thirty real article pages, each `NAME/source.html` + `expected-metadata.json`. */
export const FIXTURE_PAGES = resolve(import.meta.dirname, "../../../tests/fixtures/web-pages");

const metadataSchema = z.looseObject({ title: z.string().nullish(), excerpt: z.string().nullish() });

export interface FixturePage {
  name: string;
  title: string;
  text: string;
  excerpt: string;
}

export interface SearchHit {
  name: string;
  title: string;
  snippet: string;
  score: number;
}

/** A window of the page's text around the first query word it contains (or its excerpt when none does). */
function snippetOf(page: FixturePage, query: string, length = 240): string {
  const lower = page.text.toLowerCase();
  let at = -1;
  for (const word of wordsOf(query)) {
    const found = lower.search(new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, "u"));
    if (found >= 0 && (at < 0 || found < at)) at = found;
  }
  if (at < 0) return (page.excerpt || page.text).slice(0, length);
  const start = Math.max(0, at - length / 3);
  const window = page.text.slice(start, start + length).trim();
  return `${start > 0 ? "…" : ""}${window}${start + length < page.text.length ? "…" : ""}`;
}

/**
 * Reads every page folder of `pagesDir` (one holding `source.html`) and builds a BM25 index over the title and
 * the visible text. Names are the folder names, which are also the served paths (`/NAME/`).
 */
export async function loadFixturePages(pagesDir: string) {
  const entries = await readdir(pagesDir, { withFileTypes: true });
  const pages: FixturePage[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((x, y) => x.name.localeCompare(y.name))) {
    let html: string;
    try {
      html = await readFile(join(pagesDir, entry.name, "source.html"), "utf8");
    } catch {
      continue; // a folder without a page is not a page
    }
    const meta = metadataSchema.safeParse(
      JSON.parse(
        await readFile(join(pagesDir, entry.name, "expected-metadata.json"), "utf8").catch(() => "{}"),
      ),
    );
    const title = (meta.success && meta.data.title) || titleOf(html) || entry.name;
    const excerpt = (meta.success && meta.data.excerpt) || "";
    pages.push({ name: entry.name, title, text: textOf(html), excerpt });
  }
  const byName = new Map(pages.map((page) => [page.name, page]));
  const index = createBm25(
    pages.map((page) => ({ id: page.name, words: wordsOf(`${page.title} ${page.text}`) })),
  );
  return {
    pages,
    has: (name: string) => byName.has(name),
    search(query: string, limit: number): SearchHit[] {
      return index
        .score(query)
        .slice(0, limit)
        .map(({ id, score }) => {
          const page = byName.get(id)!;
          return { name: id, title: page.title, snippet: snippetOf(page, query), score };
        });
    },
  };
}
