import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Delivery {
  method: string;
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
 * A real HTTP endpoint on loopback that records every request and answers with `respond` (default 200).
 * `waitFor` resolves as soon as a condition on the recorded deliveries holds (polling, with a deadline), so
 * tests never sleep for a fixed time.
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
    waitFor: (predicate, what, timeoutMs = 10_000) => waitUntil(() => predicate(deliveries), what, timeoutMs),
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

/** Poll `condition` every few ms until it holds; fail with `what` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
