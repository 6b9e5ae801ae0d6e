import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadStooq, downloadYahoo, parseYahooChart } from "../src/data/providers.ts";

// Recorded-format answers (shapes from docs/discovery-apis.md §4): served from a real local server.
const yahooOk = JSON.stringify({
  chart: {
    error: null,
    result: [
      {
        meta: {
          symbol: "SPY",
          currency: "USD",
          exchangeTimezoneName: "America/New_York",
          dataGranularity: "1d",
          range: "5d",
        },
        // 13:30Z session opens: 2026-07-20 and 2026-07-21 in New York; the third bar has a null close.
        timestamp: [1784554200, 1784640600, 1784727000],
        indicators: {
          quote: [
            {
              open: [600.1, 601, 1],
              high: [603.2, 604, 1],
              low: [598.7, 599.9, 1],
              close: [602.5, 603.5, null],
              volume: [1, 2, 3],
            },
          ],
          adjclose: [{ adjclose: [601.5, 602.5, null] }],
        },
      },
    ],
  },
});
const yahoo404 = JSON.stringify({
  chart: { result: null, error: { code: "Not Found", description: "No data found, symbol may be delisted" } },
});

let server: Server;
let base: string;
const seen: Array<{ url: string; ua: string | undefined }> = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", ua: req.headers["user-agent"] });
    const url = req.url ?? "";
    if (url.startsWith("/v8/finance/chart/SPY") || url.startsWith("/v8/finance/chart/BRK-B?"))
      res.writeHead(200, { "content-type": "application/json" }).end(yahooOk);
    else if (url.startsWith("/v8/finance/chart/BUSY")) res.writeHead(429).end("Too Many Requests");
    else if (url.startsWith("/v8/finance/chart/"))
      res.writeHead(404, { "content-type": "application/json" }).end(yahoo404);
    else if (url.includes("s=spy.us") || url.includes("s=brk-b.us&"))
      res
        .writeHead(200)
        .end("Date,Open,High,Low,Close,Volume\n2026-07-20,1,1,1,600,5\n2026-07-21,1,1,1,601,5\n");
    else if (url.includes("s=nodata.us")) res.writeHead(200).end("No data");
    else
      res
        .writeHead(200, { "content-type": "text/html" })
        .end("<html><script>/* proof of work */</script></html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const opts = () => ({
  cacheDir: mkdtempSync(join(tmpdir(), "validator-dl-")),
  yahooBaseUrl: base,
  stooqBaseUrl: base,
  minIntervalMs: 0,
});

describe("Yahoo chart provider (local recorded-format server)", () => {
  it("parses adjusted closes, skips null slots, dates in the exchange's time zone, sends a descriptive UA", async () => {
    const s = await downloadYahoo("SPY", "5d", opts());
    expect(s.dates).toEqual(["2026-07-20", "2026-07-21"]);
    expect(Array.from(s.close)).toEqual([601.5, 602.5]);
    expect(s.priceField).toBe("adj_close");
    expect(s.synthetic).toBe(false);
    expect(seen.at(-1)!.url).toContain("interval=1d");
    expect(seen.at(-1)!.ua).toMatch(/qstash-pipeline-validator/);
  });
  it("caches on disk: a second call makes no request", async () => {
    const o = opts();
    await downloadYahoo("SPY", "1y", o);
    const before = seen.length;
    const again = await downloadYahoo("SPY", "1y", o);
    expect(seen.length).toBe(before);
    expect(again.close.length).toBe(2);
  });
  it("unknown symbol (404 body) and rate limit (429) are clear errors", async () => {
    await expect(downloadYahoo("NOPE", "1y", opts())).rejects.toThrow(/Not Found: No data found/);
    await expect(downloadYahoo("BUSY", "1y", opts())).rejects.toThrow(/429 \(rate limited\)/);
  });
  it("a class share is asked for as Yahoo writes it (BRK.B is BRK-B) and keeps its dotted name", async () => {
    const s = await downloadYahoo("BRK.B", "5d", opts());
    expect(seen.at(-1)!.url).toMatch(/^\/v8\/finance\/chart\/BRK-B\?/);
    expect(s.symbol).toBe("BRK.B");
    // Other one-letter suffixes are exchanges and go as written.
    await expect(downloadYahoo("VOD.L", "5d", opts())).rejects.toThrow(/Not Found/);
    expect(seen.at(-1)!.url).toMatch(/^\/v8\/finance\/chart\/VOD\.L\?/);
  });
  it("a body that is not chart JSON is refused", () => {
    expect(() => parseYahooChart("<html>", "SPY", "x")).toThrow(/not JSON/);
  });
});

describe("Stooq provider (only with an API key)", () => {
  it("needs a key", async () => {
    await expect(downloadStooq("SPY", opts())).rejects.toThrow(/STOOQ_API_KEY/);
  });
  it("reads its CSV, and never logs the key", async () => {
    const s = await downloadStooq("SPY", { ...opts(), stooqApiKey: "secret-key" });
    expect(Array.from(s.close)).toEqual([600, 601]);
    expect(s.source).not.toContain("secret-key");
  });
  it("a class share is brk-b.us at Stooq", async () => {
    const s = await downloadStooq("BRK.B", { ...opts(), stooqApiKey: "k" });
    expect(seen.at(-1)!.url).toContain("s=brk-b.us&");
    expect(s.symbol).toBe("BRK.B");
  });
  it("a challenge page or 'No data' fails loudly", async () => {
    await expect(downloadStooq("QQQ", { ...opts(), stooqApiKey: "k" })).rejects.toThrow(/not a CSV answer/);
    await expect(downloadStooq("NODATA", { ...opts(), stooqApiKey: "k" })).rejects.toThrow(/"No data"/);
  });
});
