import { randomBytes } from "node:crypto";
import {
  type CrawlResultMessage,
  crawlResultMessageSchema,
  parseAnswerSchema,
  parseJobAcceptedSchema,
} from "@qp/schema";
import { type StandIn, sendJson, startStandIn } from "./http-stand-in.ts";

export type ParserMode = "ok" | "unavailable" | "hang";

export interface ParserStandIn extends StandIn {
  /** How the next /parse and /jobs calls are answered. */
  mode: ParserMode;
  /** Pages accepted by `POST /jobs`, in order, with the job id answered (tests deliver the outcome). */
  jobs: Array<{ jobId: string; message: CrawlResultMessage; chunks: number }>;
}

/**
 * Stand-in for services/parser answering by the contract's schemas: `POST /parse` with a `crawl.result` →
 * 200 `parseAnswerSchema` (`{chunks, truncated, written, concept_id, url}`); 422 for content it cannot use
 * (schema failure, empty/whitespace content); 503 when "unavailable"; no answer at all when "hang".
 * `POST /jobs` → 202 `parseJobAcceptedSchema` (the page is listed in `jobs`; the test then delivers the
 * `page.parsed` the parser would publish).
 * Chunks: one per 200 words, so tests can predict the count. `GET /health` answers like our services.
 */
export async function startParserStandIn(): Promise<ParserStandIn> {
  let self: ParserStandIn | undefined;
  const standIn = await startStandIn((request, response) => {
    if (request.method === "GET" && request.path === "/health") {
      return sendJson(response, 200, { status: "healthy", service: "parser", services: {} });
    }
    if (request.method !== "POST" || (request.path !== "/parse" && request.path !== "/jobs")) {
      return sendJson(response, 404, { error: { code: "not_found", message: "no route", requestId: "x" } });
    }
    if ((self?.mode ?? "ok") === "hang") return; // never answers: the caller's deadline must fire
    if ((self?.mode ?? "ok") === "unavailable") {
      return sendJson(response, 503, {
        error: { code: "unavailable", message: "vector store down", requestId: "x" },
      });
    }
    const parsed = crawlResultMessageSchema.safeParse(JSON.parse(request.body));
    if (!parsed.success) {
      return sendJson(response, 400, {
        error: { code: "invalid_request", message: "bad body", requestId: "x" },
      });
    }
    const words = parsed.data.content.split(/\s+/).filter(Boolean).length;
    if (words === 0) {
      return sendJson(response, 422, {
        error: { code: "empty_content", message: "content is empty or whitespace", requestId: "x" },
      });
    }
    const chunks = Math.ceil(words / 200);
    if (request.path === "/jobs") {
      const jobId = randomBytes(16).toString("hex");
      self?.jobs.push({ jobId, message: parsed.data, chunks });
      return sendJson(
        response,
        202,
        parseJobAcceptedSchema.parse({ job_id: jobId, status: "queued", queued: 1 }),
      );
    }
    sendJson(
      response,
      200,
      parseAnswerSchema.parse({
        chunks,
        truncated: false,
        written: chunks,
        concept_id: parsed.data.concept_id,
        url: parsed.data.url,
      }),
    );
  });
  self = Object.assign(standIn, { mode: "ok" as ParserMode, jobs: [] });
  return self;
}
