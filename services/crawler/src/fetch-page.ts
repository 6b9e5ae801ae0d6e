import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import type { ResolvedTarget } from "./ssrf.ts";
import { SsrfError } from "./ssrf.ts";

/**
 * The crawler's own HTTP client (node:http/https, no third-party fetch) because crawlee's got-scraping cannot
 * pin a connection to an address we checked, re-check every redirect hop, or cut a body off mid-stream:
 * - redirects are followed here, one hop at a time, each target resolved and checked again (max `maxRedirects`);
 * - the socket connects to the checked address (custom `lookup`), TLS still verifies the real hostname;
 * - one deadline covers connect, redirects and body, so a slow-drip server cannot hold a slot forever;
 * - the (decompressed) body is counted while it streams and the request is destroyed past `maxBytes`.
 */

export class FetchFailure extends Error {
  override name = "FetchFailure";
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly statusCode?: number,
  ) {
    super(message);
  }
}

export interface FetchOptions {
  /** The SSRF guard (ssrf.ts `createResolver`): the URL's hostname and origin → the address to connect to. */
  resolve: (hostname: string, origin?: string) => Promise<ResolvedTarget>;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Decide from the MIME type (no parameters, lowercase) whether to read the body. */
  acceptType: (mime: string) => boolean;
  accept?: string;
}

export interface FetchedPage {
  url: string;
  finalUrl: string;
  status: number;
  mime: string;
  contentType: string | undefined;
  contentLanguage: string | undefined;
  body: Buffer;
  redirects: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function pinnedLookup(target: ResolvedTarget): LookupFunction {
  // Node 20 asks with `all: true` when autoSelectFamily is on; answer in whichever shape was asked for.
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

function send(url: URL, target: ResolvedTarget, options: FetchOptions, signal: AbortSignal) {
  const client = url.protocol === "https:" ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = client.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        agent: false,
        lookup: pinnedLookup(target),
        signal,
        headers: {
          "user-agent": options.userAgent,
          accept: options.accept ?? "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
          "accept-encoding": "gzip, deflate, br",
        },
      },
      resolve,
    );
    request.on("error", reject);
    request.end();
  });
}

function decompressed(response: IncomingMessage): Readable {
  const encoding = (response.headers["content-encoding"] ?? "").toLowerCase().trim();
  if (encoding === "gzip" || encoding === "x-gzip") return response.pipe(zlib.createGunzip());
  if (encoding === "deflate") return response.pipe(zlib.createInflate());
  if (encoding === "br") return response.pipe(zlib.createBrotliDecompress());
  return response;
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const stream = decompressed(response);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      // Counting decompressed bytes also stops gzip bombs.
      if (total > maxBytes) throw new FetchFailure(`body larger than ${maxBytes} bytes`, false);
      chunks.push(chunk as Buffer);
    }
  } finally {
    response.destroy();
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

function mimeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function describeNetworkError(error: unknown, timeoutMs: number): FetchFailure {
  if (error instanceof FetchFailure) return error;
  if (error instanceof SsrfError) return new FetchFailure(error.message, false);
  const err = error as NodeJS.ErrnoException;
  if (err.name === "AbortError" || err.code === "ABORT_ERR") {
    return new FetchFailure(`timed out after ${timeoutMs} ms`, true);
  }
  if (err.code === "ERR_INVALID_URL") return new FetchFailure(`invalid URL: ${err.message}`, false);
  if (err.code?.startsWith("ERR_TLS") || err.code?.includes("CERT")) {
    return new FetchFailure(`TLS error: ${err.code}`, false);
  }
  if (err.code === "HPE_INVALID_CONSTANT" || err.code?.startsWith("HPE_")) {
    return new FetchFailure(`malformed HTTP response (${err.code})`, false);
  }
  return new FetchFailure(`network error: ${err.code ?? err.message}`, true);
}

/** One fetch with the guard and limits above; throws FetchFailure saying whether a retry could help. */
export async function fetchPage(url: string, options: FetchOptions): Promise<FetchedPage> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let current = new URL(url);
  try {
    for (let redirects = 0; ; redirects++) {
      if (current.protocol !== "http:" && current.protocol !== "https:") {
        throw new FetchFailure(`refused: redirect to non-http(s) URL ${current.protocol}`, false);
      }
      const target = await options.resolve(current.hostname, current.origin);
      const response = await send(current, target, options, controller.signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location) {
        response.destroy();
        if (redirects >= options.maxRedirects) {
          throw new FetchFailure(`too many redirects (more than ${options.maxRedirects})`, false, status);
        }
        current = new URL(location, current);
        continue;
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        throw new FetchFailure(`HTTP ${status}`, status >= 500, status);
      }
      const contentType = response.headers["content-type"];
      const mime = mimeOf(contentType);
      if (!options.acceptType(mime)) {
        response.destroy();
        throw new FetchFailure(`unsupported content type ${mime || "(none)"}`, false, status);
      }
      const declared = Number(response.headers["content-length"]);
      if (Number.isFinite(declared) && declared > options.maxBytes && !response.headers["content-encoding"]) {
        response.destroy();
        throw new FetchFailure(
          `body larger than ${options.maxBytes} bytes (Content-Length ${declared})`,
          false,
          status,
        );
      }
      const body = await readCapped(response, options.maxBytes);
      return {
        url,
        finalUrl: current.href,
        status,
        mime,
        contentType,
        contentLanguage: response.headers["content-language"]?.toString(),
        body,
        redirects,
      };
    }
  } catch (error) {
    // Once the deadline fired, whatever the socket reports (AbortError, ECONNRESET mid-body) is the timeout.
    if (controller.signal.aborted && !(error instanceof FetchFailure)) {
      throw new FetchFailure(`timed out after ${options.timeoutMs} ms`, true);
    }
    throw describeNetworkError(error, options.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

export interface RetryOptions {
  retries: number;
  baseDelayMs: number;
  /** Sleeping between attempts; abortable so shutdown does not wait out a backoff. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `fetchPage` with retries for what a retry can fix (5xx, timeouts, connection errors) and none for the rest
 * (4xx, SSRF refusals, size/type limits). Exponential backoff with jitter: 50–100 % of base·2^attempt.
 */
export async function fetchWithRetries(
  url: string,
  options: FetchOptions,
  { retries, baseDelayMs, sleep = (ms) => new Promise((done) => setTimeout(done, ms)) }: RetryOptions,
): Promise<{ page: FetchedPage; attempts: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { page: await fetchPage(url, options), attempts: attempt + 1 };
    } catch (error) {
      const failure = error as FetchFailure;
      if (!failure.retryable || attempt >= retries) {
        if (attempt > 0) failure.message = `${failure.message} (after ${attempt + 1} attempts)`;
        throw failure;
      }
      await sleep(Math.round(baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2)));
    }
  }
}
