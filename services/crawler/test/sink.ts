import { type PipelineMessage, pipelineMessageSchema, summariseIssues } from "@qp/schema";
import { startSink as startRecordingSink, waitUntil } from "@qp/testing";

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
  const sink = await startRecordingSink((request) => {
    try {
      const parsed = pipelineMessageSchema.safeParse(JSON.parse(request.body));
      if (parsed.success) {
        deliveries.push({
          message: parsed.data,
          bytes: Buffer.byteLength(request.body),
          signed: Boolean(request.headers["upstash-signature"]),
        });
      } else errors.push(summariseIssues(parsed.error));
    } catch (error) {
      errors.push(`not JSON: ${(error as Error).message}`);
    }
    return { status: 200, headers: { "content-type": "application/json" }, body: "{}" };
  });

  /** Wait until a delivery matches; rejects after `timeoutMs` with what did arrive. */
  const waitFor = (predicate: (delivery: Delivery) => boolean, timeoutMs = 20_000): Promise<Delivery> =>
    waitUntil(() => deliveries.find(predicate), {
      timeoutMs,
      intervalMs: 10,
      what: () =>
        `a matching delivery; got ${deliveries.map((d) => `${d.message.type} ${"url" in d.message ? d.message.url : ""}`).join(", ")}`,
    });

  return {
    url: sink.url,
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
    close: () => sink.close(),
  };
}
