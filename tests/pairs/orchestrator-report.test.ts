import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type ConceptSummary, conceptIdOf, conceptSummarySchema } from "@qp/schema";
import { listen, type RunningServer } from "@qp/service-kit";
import { launch } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { embedViaParser } from "../../services/orchestrator/src/embed-client.ts";
import {
  createHarness,
  deliverOutcomes,
  type Harness,
  settledSource,
} from "../../services/orchestrator/test/support/harness.ts";
import { ensureModel } from "../../services/parser/scripts/fetch-model.ts";
// The real parser (model, chunking, LanceDB) and the real validator (engines, data/market SPY), on loopback.
import { createEmbedder } from "../../services/parser/src/embedder.ts";
import { extractFixture } from "../../services/parser/test/extract.ts";
import { crawlResult, type RunningParser, startParser } from "../../services/parser/test/helpers.ts";
import { validatorApp } from "../support/real-validator.ts";

// Characters that mean something in HTML, to prove the page escapes the concept text.
const CONCEPT = `golden cross <b>50/200</b> on SPY & "friends"`;
const PAGES = ["wikipedia", "wikipedia-2", "wikipedia-3"];

let parser: RunningParser;
let validator: RunningServer;
let harness: Harness;
let conceptId: string;
const { engines, app: validatorAppInstance } = validatorApp();

/** A concept with three parsed fixture pages and a finished 3×3 SMA sweep on SPY, through the real services. */
async function seedConcept(h: Harness): Promise<string> {
  const id = await conceptIdOf(CONCEPT);
  for (const name of PAGES) {
    const page = extractFixture(name);
    const message = await crawlResult(page.url, page.text, { title: page.title, concept: CONCEPT });
    const response = await h.deliver(message);
    expect(response.status).toBe(200);
    expect((await settledSource(h, id, page.url)).status).toBe("parsed");
  }
  return id;
}

const validate = {
  type: "concept.validate",
  concept: CONCEPT,
  strategy: { name: "sma_crossover", grid: { fast: [20, 50, 100], slow: [100, 150, 200] } },
} as const;

beforeAll(async () => {
  const modelDir = process.env.MODEL_DIR ?? (await ensureModel());
  parser = await startParser({
    embedder: createEmbedder({ modelDir }),
    ingest: { maxChunks: 8 },
    jobs: { redisUrl: inject("redisUrl"), publish: deliverOutcomes(() => harness) },
  });
  validator = await listen(validatorAppInstance.fetch, { port: 0, hostname: "127.0.0.1" });
  harness = createHarness({
    parserUrl: parser.url,
    validatorUrl: validator.url,
    parserTimeoutMs: 60_000,
    validatorTimeoutMs: 60_000,
    search: { vectorStore: parser.store, embed: embedViaParser(parser.url) },
  });
  conceptId = await seedConcept(harness);
});
afterAll(async () => {
  await harness?.close();
  await validator?.close();
  await parser?.close();
  await engines.close();
});

const get = (path: string) => harness.app.request(`http://orchestrator.test${path}`);

describe("GET /api/concepts/:id/summary", () => {
  it("409 not_ready before the back-test has run, 404 unknown, 400 malformed id", async () => {
    const early = await get(`/api/concepts/${conceptId}/summary`);
    expect(early.status).toBe(409);
    expect((await early.json()).error).toMatchObject({ code: "not_ready", requestId: expect.any(String) });
    const unknown = await get(`/api/concepts/${"0".repeat(24)}/summary`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
    const bad = await get("/api/concepts/not-an-id/summary");
    expect(bad.status).toBe(400);
  });

  it("after the back-test: strategy, metrics vs buy-and-hold, out-of-sample, DSR, sources and passages", async () => {
    const response = await harness.deliver({ ...validate, concept_id: conceptId });
    expect(response.status).toBe(200);
    const res = await get(`/api/concepts/${conceptId}/summary`);
    expect(res.status).toBe(200);
    const summary: ConceptSummary = conceptSummarySchema.parse(await res.json());
    expect(summary).toMatchObject({
      concept_id: conceptId,
      concept: CONCEPT,
      strategy: { name: "sma_crossover", symbol: "SPY", sets_tried: 8 },
      year_days: 365,
      sources_crawled: 3,
      sources_failed: 0,
      synthetic: false,
    });
    expect(summary.strategy.rule).toMatch(/^SMA crossover \(fast \d+, slow \d+\) on SPY$/);
    expect(summary.chunks).toBeGreaterThanOrEqual(3);
    // Fractions: SPY 1999–2020 buy-and-hold roughly tripled (not 300 "percent" numbers).
    expect(summary.benchmark.total_return).toBeGreaterThan(0.5);
    expect(summary.benchmark.total_return).toBeLessThan(5);
    expect(summary.benchmark.exposure).toBe(1);
    expect(summary.benchmark.trades_count).toBe(1);
    expect(summary.metrics.exposure).toBeGreaterThan(0);
    expect(summary.metrics.exposure).toBeLessThan(1);
    expect(summary.metrics.cagr).toBeGreaterThan(-0.5);
    expect(summary.metrics.max_drawdown).toBeLessThan(0);
    expect(summary.out_of_sample.start).toBe(summary.out_of_sample.start.slice(0, 10));
    expect(summary.out_of_sample.start > summary.period.start).toBe(true);
    expect(summary.deflated_sharpe.trials).toBe(8);
    expect(summary.passages).toHaveLength(3);
    for (const passage of summary.passages) {
      expect(PAGES.map((p) => `https://fixtures.example/${p}`)).toContain(passage.url);
      expect(passage.text.length).toBeGreaterThan(20);
    }
    expect(summary.passages[0]!.score).toBeGreaterThanOrEqual(summary.passages[2]!.score);
    expect(summary.notes).toEqual([]);
  });
});

describe("GET /concepts/:id/report", () => {
  it("404 and 400 in the JSON envelope", async () => {
    const unknown = await get(`/concepts/${"0".repeat(24)}/report`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
    expect((await get("/concepts/%3Cscript%3E/report")).status).toBe(400);
  });

  it("a self-contained page: escaped concept text, a CSP with no script and no remote loads, every section", async () => {
    const res = await get(`/concepts/${conceptId}/report`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline|https?:/);
    const page = await res.text();
    expect(page).toContain("golden cross &lt;b&gt;50/200&lt;/b&gt; on SPY &amp; &quot;friends&quot;");
    expect(page).not.toContain("<b>50/200</b>");
    // The same policy travels inside the page (attribute-escaped), for a copy saved to disk.
    const policy = csp.replace("; frame-ancestors 'none'", "").replaceAll("'", "&#39;");
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${policy}">`);
    expect(page).not.toMatch(/<script|\bsrc=|<link|@import|url\(/i);
    for (const id of [
      "rule",
      "metrics",
      "equity",
      "drawdown",
      "heatmap",
      "trades",
      "out-of-sample",
      "deflated-sharpe",
      "sources",
    ])
      expect(page).toContain(`id="${id}"`);
    expect(page).toContain('href="https://fixtures.example/wikipedia"');
  });

  it("renders in headless Chromium: a screenshot and non-empty equity and drawdown paths", async (context) => {
    const executable = findChromium();
    if (!executable) {
      console.warn("report browser test skipped: no chromium on PATH (apt-get install -y chromium)");
      context.skip();
      return;
    }
    const page = await (await get(`/concepts/${conceptId}/report`)).text();
    const dir = await mkdtemp(join(tmpdir(), "qp-report-"));
    const file = join(dir, "report.html");
    await writeFile(file, page);
    const browser = await launch({
      executablePath: executable,
      headless: true,
      // No sandbox: CI containers run as root; the page has no script and the CSP forbids loads anyway.
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
    });
    try {
      const tab = await browser.newPage();
      const requests: string[] = [];
      tab.on("request", (request) => {
        if (!request.url().startsWith("file:")) requests.push(request.url());
      });
      await tab.setViewport({ width: 1000, height: 900 });
      await tab.goto(pathToFileURL(file).href, { waitUntil: "load" });
      // Geometry as laid out by the browser: each line has length and a box with width and height.
      const shapes = await tab.evaluate(() =>
        ["#equity-chart", "#drawdown-chart"].flatMap((chart) =>
          ["strategy", "benchmark"].map((series) => {
            const path = document.querySelector<SVGPathElement>(`${chart} path[data-series="${series}"]`);
            const box = path?.getBBox();
            return {
              chart,
              series,
              d: path?.getAttribute("d")?.length ?? 0,
              length: path?.getTotalLength() ?? 0,
              width: box?.width ?? 0,
              height: box?.height ?? 0,
            };
          }),
        ),
      );
      for (const shape of shapes) {
        expect(shape.d, `${shape.chart} ${shape.series}`).toBeGreaterThan(100);
        expect(shape.length, `${shape.chart} ${shape.series}`).toBeGreaterThan(100);
        expect(shape.width, `${shape.chart} ${shape.series}`).toBeGreaterThan(500);
        expect(shape.height, `${shape.chart} ${shape.series}`).toBeGreaterThan(10);
      }
      // The inline style passed the page's own CSP (its hash matches): the body has the report's font size.
      expect(await tab.$eval("body", (body) => getComputedStyle(body).fontSize)).toBe("15px");
      const cells = await tab.$$eval("#heatmap-chart rect.cell", (rects) => rects.length);
      expect(cells).toBe(9);
      // REPORT_SCREENSHOT_DIR keeps the page and its screenshot for a person to look at.
      const keep = process.env.REPORT_SCREENSHOT_DIR;
      if (keep) await writeFile(join(keep, "report.html"), page);
      const shot = join(keep ?? dir, "report.png");
      const png = await tab.screenshot({ path: shot as `${string}.png`, fullPage: true });
      // A PNG signature and more than a blank page's worth of bytes.
      expect(Buffer.from(png).subarray(1, 4).toString()).toBe("PNG");
      expect(png.byteLength).toBeGreaterThan(50_000);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Debian's `chromium` (or CHROMIUM_PATH); null when there is none. */
function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}
