import { type PipelineMessage, pipelineMessageSchema, summariseIssues } from "@qp/schema";
import { Client, QstashError } from "@upstash/qstash";
import { DELIVERY_POLICY, deduplicationIdFor } from "./policy.ts";
import { PublishError } from "./publish-error.ts";

// Worker-safe: this file and everything it imports use web APIs only. The edge Worker imports this module.

/** The part of a pino `Logger` the publisher uses; declared here so the Worker build needs no Node types. */
export interface Logger {
  debug(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
}

export interface PublisherOptions {
  /** QSTASH_URL: Upstash (https://qstash.upstash.io) or a qstash-local. */
  baseUrl: string;
  /** QSTASH_TOKEN. */
  token: string;
  logger?: Logger;
}

export interface PublishResult {
  messageId: string;
  /** True when the broker already had a message with this deduplication id (answered 202, nothing new queued). */
  deduplicated: boolean;
}

export interface Publisher {
  /** One message to one destination URL, with deduplicationIdFor(message) and DELIVERY_POLICY. Throws PublishError when the broker refuses. */
  publish(message: PipelineMessage, destination: string): Promise<PublishResult>;
  /** Many messages in one /v2/batch call; results in input order. */
  publishBatch(
    items: ReadonlyArray<{ message: PipelineMessage; destination: string }>,
  ): Promise<PublishResult[]>;
}

/** Broker error texts can be whole HTML pages; keep the first part for the error and the log. */
function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function toPublishError(error: unknown, what: string): PublishError {
  if (error instanceof PublishError) return error;
  if (error instanceof QstashError) {
    return new PublishError(`QStash refused ${what}: ${clip(error.message)}`, {
      status: error.status,
      cause: error,
    });
  }
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, DNS) is in its cause.
  const inner = (error as { cause?: { message?: string } })?.cause?.message;
  const text = `${(error as Error)?.message ?? String(error)}${inner ? ` (${inner})` : ""}`;
  return new PublishError(`QStash unreachable for ${what}: ${clip(text)}`, { cause: error });
}

function checkMessage(message: PipelineMessage): PipelineMessage {
  const parsed = pipelineMessageSchema.safeParse(message);
  if (!parsed.success)
    throw new PublishError(`invalid message, not published: ${summariseIssues(parsed.error)}`);
  return parsed.data;
}

function checkDestination(destination: string): string {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    throw new PublishError(`invalid destination, not published: ${clip(destination, 200)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new PublishError(`destination must be http(s), not published: ${clip(destination, 200)}`);
  }
  return destination;
}

async function requestFor(message: PipelineMessage, destination: string) {
  const body = checkMessage(message);
  return {
    url: checkDestination(destination),
    body,
    deduplicationId: await deduplicationIdFor(body),
    retries: DELIVERY_POLICY.retries,
    retryDelay: DELIVERY_POLICY.retryDelay,
    timeout: DELIVERY_POLICY.timeout,
  };
}

function toResult(answer: unknown, what: string): PublishResult {
  const record = (Array.isArray(answer) ? answer[0] : answer) as {
    messageId?: unknown;
    deduplicated?: unknown;
  };
  if (typeof record?.messageId !== "string" || record.messageId.length === 0) {
    throw new PublishError(`QStash answered ${what} without a messageId`);
  }
  return { messageId: record.messageId, deduplicated: record.deduplicated === true };
}

/**
 * A publisher over the official `@upstash/qstash` `Client`: every message is validated against the pipeline
 * schema, carries a deduplication id from its content identity (`deduplicationIdFor`) and the design's
 * delivery policy (`DELIVERY_POLICY`: 3 retries after 10 s / 30 s / 60 s, 30 s timeout). A broker refusal
 * (any non-2xx) or an unreachable broker throws `PublishError`, never a silent drop. Web APIs only, so the
 * edge Worker and the Node services share it. Dev mode is off: `QSTASH_DEV` in the environment must never
 * redirect a configured publisher.
 */
export function createPublisher({ baseUrl, token, logger }: PublisherOptions): Publisher {
  if (!baseUrl) throw new PublishError("QSTASH_URL is required");
  if (!token) throw new PublishError("QSTASH_TOKEN is required");
  // The client retries only when fetch throws (a network error), never on an HTTP status; 2 quick retries
  // (~0.2 s) ride out a broker restart without holding a request for seconds.
  const client = new Client({ baseUrl, token, devMode: false, retry: { retries: 2 } });

  return {
    async publish(message, destination) {
      const request = await requestFor(message, destination);
      try {
        const result = toResult(await client.publishJSON(request), "a publish");
        logger?.debug(
          {
            type: request.body.type,
            destination,
            messageId: result.messageId,
            deduplicated: result.deduplicated,
          },
          "published",
        );
        return result;
      } catch (error) {
        const failure = toPublishError(error, `${request.body.type} to ${destination}`);
        logger?.warn(
          { err: failure, status: failure.status, type: request.body.type, destination },
          "publish failed",
        );
        throw failure;
      }
    },

    async publishBatch(items) {
      if (items.length === 0) return [];
      const requests = await Promise.all(items.map((item) => requestFor(item.message, item.destination)));
      let answers: unknown[];
      try {
        answers = await client.batchJSON(requests);
      } catch (error) {
        const failure = toPublishError(error, `a batch of ${items.length}`);
        logger?.warn({ err: failure, status: failure.status, count: items.length }, "batch publish failed");
        throw failure;
      }
      if (!Array.isArray(answers) || answers.length !== items.length) {
        throw new PublishError(
          `QStash answered a batch of ${items.length} with ${Array.isArray(answers) ? answers.length : "no"} results`,
        );
      }
      const results = answers.map((answer, index) => toResult(answer, `batch item ${index}`));
      logger?.debug({ count: results.length }, "published batch");
      return results;
    },
  };
}
