import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Logger } from "pino";

export interface RunningServer {
  port: number;
  url: string;
  /** Stop accepting connections and wait for in-flight requests. */
  close: () => Promise<void>;
}

/**
 * Listen with hono's Node adapter; resolves once the port is bound (port 0 picks a free one). Binds
 * 127.0.0.1 unless told otherwise: reaching beyond this machine is always a decision (HOST).
 */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  { port, hostname = "127.0.0.1", logger }: { port: number; hostname?: string; logger?: Logger },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info: AddressInfo) => {
      const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
      logger?.info({ host: hostname, port: info.port }, "listening");
      resolve({
        port: info.port,
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive sockets would hold close() open until they time out.
            if ("closeIdleConnections" in server) server.closeIdleConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
