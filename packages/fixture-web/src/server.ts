import { readFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { z } from "zod";
import { FIXTURE_PAGES, loadFixturePages } from "./pages.ts";

/** `GET /search` query: `q` (1–500 characters, not only spaces) and an optional `limit` (1–50, default 10). */
const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, "q must not be empty").max(500, "q is longer than 500 characters"),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export interface FixtureWebOptions {
  host?: string;
  port?: number;
  pagesDir?: string;
}

export interface FixtureWeb {
  url: string;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  // The project's one error envelope; each answer gets its own id so a log line can be matched to it.
  sendJson(res, status, { error: { code, message, requestId: crypto.randomUUID() } });
}

/**
 * A loopback web server standing in for the internet, for tests, benches and the offline demonstration
 * (`pnpm research --sources fixtures`). `/NAME/` serves `pagesDir/NAME/source.html`, `/robots.txt` allows
 * everything, and `GET /search?q=&limit=` answers `{results:[{url,title,snippet,score}]}` ranked by BM25 over
 * each page's text, so different concepts get different pages. Everything else is a 404 envelope.
 */
export async function startFixtureWeb({
  host = "127.0.0.1",
  port = 0,
  pagesDir = FIXTURE_PAGES,
}: FixtureWebOptions = {}): Promise<FixtureWeb> {
  const site = await loadFixturePages(pagesDir);
  let base = "";
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture.invalid");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      sendError(res, 405, "method_not_allowed", `use GET, not ${req.method}`);
      return;
    }
    if (url.pathname === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
      return;
    }
    if (url.pathname === "/search") {
      const parsed = searchQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) {
        const why = parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
        sendError(res, 400, "invalid_request", `invalid search query: ${why}`);
        return;
      }
      const results = site.search(parsed.data.q, parsed.data.limit).map((hit) => ({
        url: `${base}/${hit.name}/`,
        title: hit.title,
        snippet: hit.snippet,
        score: hit.score,
      }));
      sendJson(res, 200, { results });
      return;
    }
    const name = /^\/([a-z0-9-]+)\/$/.exec(url.pathname)?.[1];
    if (!name || !site.has(name)) {
      sendError(res, 404, "not_found", `no page at ${url.pathname.slice(0, 200)}`);
      return;
    }
    try {
      const html = await readFile(join(pagesDir, name, "source.html"));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    } catch {
      sendError(res, 404, "not_found", `no page at ${url.pathname}`);
    }
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => done());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  base = `http://${shownHost}:${address.port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
