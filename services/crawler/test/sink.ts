import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type PipelineMessage, pipelineMessageSchema, summariseIssues } from "@qp/schema";

/**
 * Stands in for the orchestrator's `/api/qstash`: receives what qstash-local delivers, validates every body
 * against the pipeline schema (an invalid one is recorded as an error and fails the tests), answers 200.
 */
export interface Delivery {
  message: PipelineMessage;
  bytes: number;
  signed: boolean;
}

export async function startSink() {
  const deliveries: Delivery[] = [];
  const errors: string[] = [];
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      try {
        const parsed = pipelineMessageSchema.safeParse(JSON.parse(body.toString("utf8")));
        if (parsed.success) {
          deliveries.push({
            message: parsed.data,
            bytes: body.length,
            signed: Boolean(req.headers["upstash-signature"]),
          });
        } else errors.push(summariseIssues(parsed.error));
      } catch (error) {
        errors.push(`not JSON: ${(error as Error).message}`);
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
      for (const listener of listeners) listener();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  /** Wait until a delivery matches; rejects after `timeoutMs` with what did arrive. */
  const waitFor = (predicate: (delivery: Delivery) => boolean, timeoutMs = 20_000): Promise<Delivery> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = deliveries.find(predicate);
        if (!found) return false;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(
            `no matching delivery in ${timeoutMs} ms; got ${deliveries.map((d) => `${d.message.type} ${"url" in d.message ? d.message.url : ""}`).join(", ")}`,
          ),
        );
      }, timeoutMs);
      if (!check()) listeners.add(check);
    });

  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    errors,
    waitFor,
    /** The one delivered message for `url` (crawl.result or crawl.failed). */
    forUrl: (url: string, timeoutMs?: number) =>
      waitFor(
        (d) =>
          (d.message.type === "crawl.result" || d.message.type === "crawl.failed") && d.message.url === url,
        timeoutMs,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
