import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PAGES, type FixtureWeb, startFixtureWeb } from "./index.ts";

interface SearchAnswer {
  results: Array<{ url: string; title: string; snippet: string; score: number }>;
}

let web: FixtureWeb;
beforeAll(async () => {
  web = await startFixtureWeb();
});
afterAll(async () => {
  await web.close();
});

async function search(query: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${web.url}/search?${query}`);
  return { status: response.status, body: await response.json() };
}

describe("GET /search (BM25 over the pages' text)", () => {
  it("ranks different pages first for different concepts, each result a served page", async () => {
    const firsts: Record<string, string> = {};
    for (const [concept, page] of [
      ["poverty economic mobility birth lottery", "cnn"],
      ["V8 javascript engine compiler", "v8-blog"],
      ["site reliability engineering", "google-sre-book-1"],
    ] as const) {
      const { status, body } = await search(`q=${encodeURIComponent(concept)}&limit=5`);
      expect(status).toBe(200);
      const { results } = body as SearchAnswer;
      expect(results.length).toBeGreaterThan(0);
      expect(results.length).toBeLessThanOrEqual(5);
      expect(results[0]?.url).toBe(`${web.url}/${page}/`);
      firsts[concept] = results[0]!.url;
      // Best first, every score positive, every snippet taken from the page.
      const scores = results.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
      expect(scores.every((s) => s > 0)).toBe(true);
      expect(results[0]?.snippet.length).toBeGreaterThan(20);
    }
    expect(new Set(Object.values(firsts)).size).toBe(3);
  });

  it("titles come from expected-metadata.json, and a result URL serves the page's source.html", async () => {
    const { results } = (await search("q=birth+lottery&limit=1")).body as SearchAnswer;
    const meta = JSON.parse(await readFile(join(FIXTURE_PAGES, "cnn", "expected-metadata.json"), "utf8"));
    expect(results[0]?.title).toBe(meta.title);
    const page = await fetch(results[0]!.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toBe(await readFile(join(FIXTURE_PAGES, "cnn", "source.html"), "utf8"));
  });

  it("answers an empty list for words no page holds", async () => {
    const { status, body } = await search("q=zzqxv+wqkkz");
    expect(status).toBe(200);
    expect(body).toEqual({ results: [] });
  });

  it.each([
    ["", /q/],
    ["q=", /q must not be empty/],
    ["q=%20%20", /q must not be empty/],
    [`q=${"a".repeat(501)}`, /longer than 500/],
    ["q=golden&limit=0", /limit/],
    ["q=golden&limit=51", /limit/],
    ["q=golden&limit=ten", /limit/],
    ["q=golden&page=2", /page/],
  ])("bad query %j → 400 envelope", async (query, message) => {
    const { status, body } = await search(query);
    expect(status).toBe(400);
    const error = (body as { error: { code: string; message: string; requestId: string } }).error;
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(message);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("pages and everything else", () => {
  it("serves robots.txt allowing everything", async () => {
    const response = await fetch(`${web.url}/robots.txt`);
    expect(await response.text()).toBe("User-agent: *\nAllow: /\n");
  });

  it.each(["/no-such-page/", "/cnn", "/../package.json", "/cnn/source.html", "/"])(
    "%s → 404 envelope",
    async (path) => {
      const response = await fetch(`${web.url}${path}`);
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toBe("not_found");
    },
  );

  it("refuses other methods with 405", async () => {
    const response = await fetch(`${web.url}/cnn/`, { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("main.ts as a process", () => {
  it("prints one JSON line with its url, serves, and stops on SIGTERM", async () => {
    const root = resolve(import.meta.dirname, "../../..");
    const child = spawn(process.execPath, ["--import", "tsx", "packages/fixture-web/src/main.ts"], {
      cwd: root,
      env: { ...process.env, HOST: "127.0.0.1", PORT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    const first = await new Promise<string>((done, fail) => {
      let buffered = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const newline = buffered.indexOf("\n");
        if (newline >= 0) done(buffered.slice(0, newline));
      });
      child.once("exit", (code) => fail(new Error(`exited ${code} before listening`)));
    });
    const { url, service } = JSON.parse(first) as { url: string; service: string };
    expect(service).toBe("fixture-web");
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { results } = (await (await fetch(`${url}/search?q=linux+kernel`)).json()) as SearchAnswer;
    expect(results[0]?.url.startsWith(`${url}/`)).toBe(true);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
