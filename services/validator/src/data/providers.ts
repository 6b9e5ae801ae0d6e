import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "./csv-loader.ts";
import { MarketDataError, type PriceSeries } from "./types.ts";

export interface DownloadOptions {
  /** Disk cache directory; a cached answer younger than `cacheTtlMs` is reused. */
  cacheDir: string;
  cacheTtlMs?: number;
  /** Descriptive User-Agent (Yahoo answers default library UAs with 429). */
  userAgent?: string;
  /** Minimum time between two requests to the same host (≥ 600 ms, per the fact sheet). */
  minIntervalMs?: number;
  fetchImpl?: typeof fetch;
  /** Override the endpoints (tests serve recorded responses from a local server). */
  yahooBaseUrl?: string;
  stooqBaseUrl?: string;
  stooqApiKey?: string;
}

const DEFAULT_UA = "qstash-pipeline-validator/0.1 (research back-tester; +https://github.com/)";
const lastCall = new Map<string, number>();

async function paced(url: string, init: RequestInit, options: DownloadOptions): Promise<Response> {
  const host = new URL(url).host;
  const gap = options.minIntervalMs ?? 600;
  const wait = (lastCall.get(host) ?? 0) + gap - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  lastCall.set(host, Date.now());
  return (options.fetchImpl ?? fetch)(url, {
    ...init,
    headers: { "user-agent": options.userAgent ?? DEFAULT_UA, ...init.headers },
  });
}

function cached(options: DownloadOptions, key: string): string | null {
  const path = join(options.cacheDir, key);
  try {
    if (Date.now() - statSync(path).mtimeMs <= (options.cacheTtlMs ?? 12 * 3_600_000))
      return readFileSync(path, "utf8");
  } catch {}
  return null;
}

function store(options: DownloadOptions, key: string, body: string): void {
  mkdirSync(options.cacheDir, { recursive: true });
  writeFileSync(join(options.cacheDir, key), body);
}

/** Yahoo's chart JSON → a price series (adjusted close when present; null slots skipped; exchange-local dates). */
export function parseYahooChart(body: string, symbol: string, source: string): PriceSeries {
  let json: {
    chart?: {
      result?: Array<Record<string, unknown>> | null;
      error?: { code?: string; description?: string } | null;
    };
  };
  try {
    json = JSON.parse(body);
  } catch {
    throw new MarketDataError("download_bad_body", `${source}: the answer is not JSON`);
  }
  const error = json.chart?.error;
  if (error)
    throw new MarketDataError(
      "download_unknown_symbol",
      `${source}: ${error.code ?? "error"}: ${error.description ?? ""}`,
    );
  const result = json.chart?.result?.[0] as
    | {
        meta?: { exchangeTimezoneName?: string };
        timestamp?: number[];
        indicators?: {
          quote?: Array<{ close?: Array<number | null> }>;
          adjclose?: Array<{ adjclose?: Array<number | null> }>;
        };
      }
    | undefined;
  if (!result?.timestamp)
    throw new MarketDataError("download_no_data", `${source}: no timestamps in the answer`);
  const adj = result.indicators?.adjclose?.[0]?.adjclose;
  const closes = adj ?? result.indicators?.quote?.[0]?.close;
  if (!closes) throw new MarketDataError("download_no_data", `${source}: no close prices in the answer`);
  const tz = result.meta?.exchangeTimezoneName ?? "America/New_York";
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  const lines = ["Date,Close"];
  result.timestamp.forEach((ts, i) => {
    const value = closes[i];
    if (value !== null && value !== undefined) lines.push(`${format.format(new Date(ts * 1000))},${value}`);
  });
  const series = parseCsv(lines.join("\n"), { source, symbol });
  return { ...series, priceField: adj ? "adj_close" : "close" };
}

/**
 * A US class share written with a dot: BRK.B, BF.B, LEN.B, RDS.A (class letters A–C). Other one-letter suffixes
 * are Yahoo's exchanges (VOD.L London, SAP.F Frankfurt) and are sent as written.
 */
const classShare = (symbol: string) => /^[A-Za-z]{1,5}\.[ABCabc]$/.test(symbol);

/** Download daily prices from Yahoo's (unofficial, keyless) chart endpoint, paced and cached on disk. */
export async function downloadYahoo(
  symbol: string,
  range: string,
  options: DownloadOptions,
): Promise<PriceSeries> {
  const base = options.yahooBaseUrl ?? "https://query1.finance.yahoo.com";
  // Yahoo writes class shares with a dash: BRK.B is BRK-B there.
  const remote = classShare(symbol) ? symbol.replace(".", "-") : symbol;
  const url = `${base}/v8/finance/chart/${encodeURIComponent(remote)}?range=${encodeURIComponent(range)}&interval=1d&events=div,splits`;
  const key = `yahoo-${symbol.replace(/[^A-Za-z0-9.^=-]/g, "_")}-${range}.json`;
  let body = cached(options, key);
  if (body === null) {
    const response = await paced(url, {}, options);
    body = await response.text();
    if (response.status === 429)
      throw new MarketDataError(
        "download_rate_limited",
        `Yahoo answered 429 (rate limited) for ${symbol}; retry later`,
      );
    if (response.status === 404) return parseYahooChart(body, symbol, url);
    if (!response.ok)
      throw new MarketDataError("download_failed", `Yahoo answered HTTP ${response.status} for ${symbol}`);
    parseYahooChart(body, symbol, url); // validate before caching
    store(options, key, body);
  }
  return parseYahooChart(body, symbol, url);
}

/**
 * Stooq CSV download, only with an API key (keyless downloads now answer with a challenge page). A body
 * that does not start with `Date,` (HTML challenge, "No data", "Exceeded the daily hits limit") is an error.
 */
export async function downloadStooq(symbol: string, options: DownloadOptions): Promise<PriceSeries> {
  if (!options.stooqApiKey) throw new MarketDataError("download_disabled", "Stooq needs STOOQ_API_KEY");
  // Class shares (BRK.B) are US listings, "brk-b.us" at Stooq; another dotted symbol already names its market.
  const stooqSymbol = classShare(symbol)
    ? `${symbol.toLowerCase().replace(".", "-")}.us`
    : symbol.startsWith("^") || symbol.includes(".")
      ? symbol.toLowerCase()
      : `${symbol.toLowerCase()}.us`;
  const base = options.stooqBaseUrl ?? "https://stooq.com";
  const url = `${base}/q/d/l/?s=${encodeURIComponent(stooqSymbol)}&i=d&apikey=${encodeURIComponent(options.stooqApiKey)}`;
  const shown = url.replace(/apikey=[^&]+/, "apikey=***");
  const key = `stooq-${stooqSymbol.replace(/[^a-z0-9.^-]/g, "_")}.csv`;
  let body = cached(options, key);
  if (body === null) {
    const response = await paced(url, {}, options);
    body = await response.text();
    if (!response.ok)
      throw new MarketDataError("download_failed", `Stooq answered HTTP ${response.status} for ${symbol}`);
    if (!body.startsWith("Date,"))
      throw new MarketDataError(
        "download_not_csv",
        `${shown}: not a CSV answer (${JSON.stringify(body.slice(0, 60))}); Stooq may want a challenge solved, a key, or has no data`,
      );
    store(options, key, body);
  }
  return parseCsv(body, { source: shown, symbol, priceField: "close" });
}
