import { readdirSync, readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * A local web server for crawler tests and the benchmark: the 30 real fixture pages under /pages/<name>/,
 * a robots.txt, and every hostile behaviour the crawler must survive. Binds 127.0.0.1; reached as
 * `localhost`, the one name the tests allowlist, so redirects to 127.0.0.1 itself are still refused.
 */

export const FIXTURES = join(import.meta.dirname, "../../../tests/fixtures/web-pages");
export const FIXTURE_PAGES = readdirSync(FIXTURES)
  .filter((name) => !name.endsWith(".md"))
  .sort();

export interface FixtureServer {
  port: number;
  /** Base URL, `http://localhost:PORT`. */
  url: string;
  hits: (path: string) => number;
  /** Resolves when a request for `/hold/<id>` arrives; `release(id)` answers it (and later ones at once). */
  held: (id: string) => Promise<void>;
  release: (id: string) => void;
  close: () => Promise<void>;
}

/** 1.5 MB of text that JSON-escapes to 2.1 MB: three characters, three UTF-8 bytes, seven escaped bytes. */
export const BIG_TEXT = `Big text\n${'€"\n'.repeat(300_000)}`;

const GZIP_BOMB = gzipSync(Buffer.alloc(50 * 1024 * 1024));

const ROBOTS = "User-agent: *\nDisallow: /private/\n\nUser-agent: BadBot\nDisallow: /\n";

function html(res: ServerResponse, body: string | Buffer, type = "text/html; charset=utf-8", status = 200) {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const hits = new Map<string, number>();
  const holds = new Map<
    string,
    { seen: () => void; seenPromise: Promise<void>; released: boolean; waiters: Array<() => void> }
  >();
  const hold = (id: string) => {
    let entry = holds.get(id);
    if (!entry) {
      let seen = () => {};
      const seenPromise = new Promise<void>((resolve) => {
        seen = resolve;
      });
      entry = { seen, seenPromise, released: false, waiters: [] };
      holds.set(id, entry);
    }
    return entry;
  };
  const pages = new Map(
    FIXTURE_PAGES.map((name) => [name, readFileSync(join(FIXTURES, name, "source.html"))]),
  );
  let port = 0;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const page = /^\/pages\/([^/]+)\/$/.exec(path);
    if (page) {
      const body = pages.get(page[1] ?? "");
      return body ? html(res, body) : html(res, "no such page", "text/plain", 404);
    }
    const redirect = (location: string, status = 302) => {
      res.writeHead(status, { location });
      res.end();
    };
    switch (path) {
      case "/robots.txt":
        return html(res, ROBOTS, "text/plain");
      case "/private/secret":
        return html(res, "<title>secret</title><p>should never be fetched</p>");
      case "/status/404":
        return html(res, "not found", "text/html", 404);
      case "/status/500":
        return html(res, "boom", "text/html", 500);
      case "/flaky":
        return (hits.get(path) ?? 0) === 1
          ? html(res, "try again", "text/html", 503)
          : html(
              res,
              `<html lang="en"><title>Flaky page</title><body><p>${"Recovered after a retry. ".repeat(40)}</p></body></html>`,
            );
      case "/slow-drip": {
        res.writeHead(200, { "content-type": "text/html" });
        res.write("<html><body>");
        const timer = setInterval(() => res.write("."), 100);
        res.on("close", () => clearInterval(timer));
        return;
      }
      case "/huge": {
        res.writeHead(200, { "content-type": "text/html" });
        const chunk = Buffer.alloc(256 * 1024, "a");
        let sent = 0;
        const pump = () => {
          while (sent < 200 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        return pump();
      }
      case "/huge-declared":
        res.writeHead(200, { "content-type": "text/html", "content-length": String(500 * 1024 * 1024) });
        res.write("<html>");
        return;
      case "/binary.png":
        return html(
          res,
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
          "image/png",
        );
      case "/binary-as-html":
        return html(res, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)), "text/html");
      case "/wrong-charset":
        return html(
          res,
          `<html lang="en"><head><title>Wrong charset</title></head><body><article><p>${"Naïve café text survives. ".repeat(30)}</p></article></body></html>`,
          "text/html; charset=x-bogus-8",
        );
      case "/latin1":
        return html(
          res,
          Buffer.from(
            `<html><head><title>Latin-1 café</title></head><body><article><p>${"Crème brûlée à la café. ".repeat(30)}</p></article></body></html>`,
            "latin1",
          ),
          "text/html; charset=iso-8859-1",
        );
      case "/broken":
        return html(
          res,
          `<html><body><div><p>Unclosed <b>bold <table><tr><td>${"Broken markup text. ".repeat(30)}</div></span></i></html><<<>`,
        );
      case "/text.txt":
        return html(
          res,
          "Plain text title\n\nA plain text document about moving averages.\n",
          "text/plain; charset=utf-8",
        );
      case "/big-text":
        return html(res, BIG_TEXT, "text/plain; charset=utf-8");
      case "/gzip": {
        const body = gzipSync(pages.get("v8-blog") ?? "");
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "gzip" });
        return res.end(body);
      }
      case "/gzip-bomb": {
        // ~50 MB of zeros in ~50 KB on the wire: only the decompressed count catches it.
        res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" });
        return res.end(GZIP_BOMB);
      }
      case "/empty":
        return html(res, "<html><body></body></html>");
      case "/redirect/loop":
        return redirect(`/redirect/loop?n=${hits.get(path)}`);
      case "/redirect/ok":
        return redirect("/pages/v8-blog/", 301);
      case "/redirect/to-127":
        return redirect(`http://127.0.0.1:${port}/pages/ars-1/`);
      case "/redirect/to-10":
        return redirect("http://10.0.0.1/internal");
      case "/redirect/to-metadata":
        return redirect("http://169.254.169.254/latest/meta-data/");
      case "/redirect/to-mapped-v6":
        return redirect(`http://[::ffff:127.0.0.1]:${port}/pages/ars-1/`);
      case "/redirect/to-file":
        return redirect("file:///etc/passwd");
    }
    const held = /^\/hold\/([\w-]+)$/.exec(path);
    if (held) {
      const entry = hold(held[1] ?? "");
      entry.seen();
      const answer = () =>
        html(
          res,
          `<html lang="en"><title>Held page ${held[1]}</title><body><article><p>${"Held then answered. ".repeat(40)}</p></article></body></html>`,
        );
      if (entry.released) return answer();
      entry.waiters.push(answer);
      return;
    }
    return html(res, "unknown fixture path", "text/plain", 404);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://localhost:${port}`,
    hits: (path) => hits.get(path) ?? 0,
    held: (id) => hold(id).seenPromise,
    release: (id) => {
      const entry = hold(id);
      entry.released = true;
      for (const answer of entry.waiters.splice(0)) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
