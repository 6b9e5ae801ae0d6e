import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CrawlResultMessage, conceptIdOf, stableId } from "@qp/schema";
import { createLogger, listen } from "@qp/service-kit";
import { createLanceDbStore, type VectorStore } from "@qp/vector-store";
import { inject } from "vitest";
import { createApp } from "../src/app.ts";
import { createEmbedder, type Embedder } from "../src/embedder.ts";
import type { IngestOptions } from "../src/ingest.ts";

let shared: Embedder | undefined;
/** One real embedder per test file (loading the model twice would only cost time). */
export function testEmbedder(): Embedder {
  shared ??= createEmbedder({ modelDir: inject("modelDir") });
  return shared;
}

export interface RunningParser {
  url: string;
  store: VectorStore;
  close: () => Promise<void>;
}

/** The real parser app on a loopback port, over a LanceDB in a fresh temp folder unless a store is given. */
export async function startParser(
  options: {
    store?: VectorStore;
    ingest?: Partial<IngestOptions>;
    embedder?: Embedder;
    serviceToken?: string;
  } = {},
): Promise<RunningParser> {
  const dir = await mkdtemp(join(tmpdir(), "qp-parser-"));
  const store = options.store ?? createLanceDbStore({ path: dir });
  // "error": the store-down test would otherwise print a warn line with a stack for the expected 503.
  const logger = createLogger({ service: "parser-test", level: "error" });
  const embedder = options.embedder ?? testEmbedder();
  const app = createApp({
    embedder,
    store,
    logger,
    options: options.ingest ?? {},
    ...(options.serviceToken ? { serviceToken: options.serviceToken } : {}),
  });
  const server = await listen(app.fetch, { port: 0, hostname: "127.0.0.1" });
  return {
    url: server.url,
    store,
    close: async () => {
      await server.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A valid crawl.result message for `url` about `concept`. */
export async function crawlResult(
  url: string,
  content: string,
  overrides: Partial<CrawlResultMessage> & { concept?: string } = {},
): Promise<CrawlResultMessage> {
  const concept = overrides.concept ?? "golden cross";
  const concept_id = await conceptIdOf(concept);
  return {
    type: "crawl.result",
    id: await stableId(concept_id, url),
    concept_id,
    concept,
    url,
    title: `Page at ${url}`,
    content,
    content_type: "text/html",
    timestamp: "2026-11-28T20:00:00.000Z",
    metadata: { discovered_by: "manual" },
    retry_count: 0,
    ...overrides,
  };
}

export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body:
      typeof body === "string" ? body : body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body),
  });
}
