import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";

/** tests/fixtures/web-pages, the thirty real article pages (see its README). */
export const FIXTURE_PAGES = resolve(import.meta.dirname, "../fixtures/web-pages");

/**
 * A loopback web server standing in for the internet: `/NAME/` serves `web-pages/NAME/source.html` as
 * text/html, `/robots.txt` allows everything, anything else is 404.
 */
export async function startFixtureWeb(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
      return;
    }
    const name = /^\/([a-z0-9-]+)\/$/.exec(path)?.[1];
    if (!name) {
      res.writeHead(404).end();
      return;
    }
    try {
      const html = await readFile(resolve(FIXTURE_PAGES, name, "source.html"));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
