import http from "node:http";
import https from "node:https";
import type { AttemptResponse } from "../types.ts";

export interface AttemptRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
  /** Response bytes kept for the DLQ and callbacks; the rest is read and dropped. */
  maxResponseBytes: number;
}

/**
 * One delivery attempt over keep-alive connections (node:http is markedly cheaper per request than fetch,
 * which matters at thousands of deliveries per second). Never throws: a timeout or connection error comes
 * back as a response without a status.
 */
export class HttpClient {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor({ maxSockets = 256 }: { maxSockets?: number } = {}) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets, scheduling: "lifo" });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets, scheduling: "lifo" });
  }

  /**
   * One attempt. A keep-alive socket the destination closed just as it was reused fails with ECONNRESET or
   * EPIPE before any response: that request never reached the application, so it is sent again on another
   * socket (Node's documented pattern) instead of costing the message a retry and a backoff.
   */
  async send(request: AttemptRequest): Promise<AttemptResponse> {
    for (let tries = 0; ; tries++) {
      const response = await this.once(request);
      if (!response.staleSocket || tries >= 2) {
        const { staleSocket: _stale, ...rest } = response;
        return rest;
      }
    }
  }

  private once(request: AttemptRequest): Promise<AttemptResponse & { staleSocket?: boolean }> {
    return new Promise((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const done = (response: AttemptResponse & { staleSocket?: boolean }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(response);
      };
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        done({ headers: {}, body: Buffer.alloc(0), error: "invalid url" });
        return;
      }
      const transport = url.protocol === "https:" ? https : http;
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body.length > 0 || !["GET", "HEAD"].includes(request.method)) {
        headers["Content-Length"] = request.body.length;
      }
      let req: http.ClientRequest;
      try {
        req = transport.request(url, {
          method: request.method,
          headers,
          agent: url.protocol === "https:" ? this.httpsAgent : this.httpAgent,
        });
      } catch (error) {
        // e.g. a header value Node refuses; a failed attempt like any other, not a crash.
        done({ headers: {}, body: Buffer.alloc(0), error: (error as Error).message });
        return;
      }
      timer = setTimeout(() => {
        req.destroy(new Error(`timed out after ${request.timeoutMs} ms`));
      }, request.timeoutMs);
      let responded = false;
      req.on("error", (error: NodeJS.ErrnoException) => {
        const staleSocket =
          !responded && req.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE");
        done({
          headers: {},
          body: Buffer.alloc(0),
          error: error.message,
          ...(staleSocket && { staleSocket }),
        });
      });
      req.on("response", (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on("data", (chunk: Buffer) => {
          if (kept >= request.maxResponseBytes) return;
          const slice = chunk.subarray(0, request.maxResponseBytes - kept);
          chunks.push(slice);
          kept += slice.length;
        });
        res.on("error", (error) => done({ headers: {}, body: Buffer.alloc(0), error: error.message }));
        res.on("end", () => {
          const responseHeaders: Record<string, string[]> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i] as string;
            const list = responseHeaders[name] ?? [];
            list.push(res.rawHeaders[i + 1] as string);
            responseHeaders[name] = list;
          }
          done({ status: res.statusCode ?? 0, headers: responseHeaders, body: Buffer.concat(chunks) });
        });
      });
      req.end(request.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** A response header, case-insensitively, first value. */
export function headerOf(response: AttemptResponse, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, values] of Object.entries(response.headers)) {
    if (key.toLowerCase() === lower) return values[0];
  }
  return undefined;
}
