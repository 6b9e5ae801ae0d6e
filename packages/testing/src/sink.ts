import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { waitUntil } from "./wait.ts";

/** One request a sink received. */
export interface Delivery {
  method: string;
  /** Path and query, as sent. */
  path: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}
export type Responder = (delivery: Delivery) => Answer | Promise<Answer>;

/**
 * A real HTTP endpoint on loopback that records every request and answers with `respond` (default 200; it may
 * be swapped mid-test). `waitFor` resolves as soon as a condition on the recorded deliveries holds, so tests
 * never sleep for a fixed time.
 */
export interface Sink {
  url: string;
  deliveries: Delivery[];
  respond: Responder;
  waitFor(predicate: (deliveries: Delivery[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSink(respond: Responder = () => ({ status: 200 })): Promise<Sink> {
  const deliveries: Delivery[] = [];
  let server: Server | undefined;
  const sink: Sink = {
    url: "",
    deliveries,
    respond,
    waitFor: async (predicate, what, timeoutMs = 10_000) => {
      await waitUntil(() => predicate(deliveries), { what, timeoutMs, intervalMs: 10 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server?.close(() => resolve());
        server?.closeAllConnections();
      }),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const delivery: Delivery = {
        method: req.method ?? "",
        path: req.url ?? "",
        url: `${sink.url}${req.url ?? ""}`,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      deliveries.push(delivery);
      void Promise.resolve(sink.respond(delivery)).then((answer) => {
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? "");
      });
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sink;
}
