import { createMetrics, type ServiceMetrics } from "@qp/service-kit";
import { Counter, Gauge, Histogram } from "prom-client";

/** The parser's Prometheus metrics, shared by the HTTP app and the job worker (one registry per process). */
export function createParserMetrics() {
  const service: ServiceMetrics = createMetrics("parser");
  const registers = [service.registry];
  return {
    service,
    pages: new Counter({
      name: "parser_pages_total",
      help: "Pages parsed, by outcome",
      labelNames: ["outcome"] as const,
      registers,
    }),
    chunks: new Counter({ name: "parser_chunks_total", help: "Chunks embedded and stored", registers }),
    embedSeconds: new Histogram({
      name: "parser_embed_seconds",
      help: "Time to embed one request's texts",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    cache: new Counter({
      name: "parser_embed_cache_total",
      help: "Texts looked up in the embedding cache, by result (hit | miss); absent when EMBED_CACHE=off",
      labelNames: ["result"] as const,
      registers,
    }),
    jobs: new Counter({
      name: "parser_jobs_total",
      help: "Parse jobs: accepted, duplicate (joined a queued one), refused (queue full), parsed, failed, retried",
      labelNames: ["event"] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: "parser_jobs_queued",
      help: "Parse jobs waiting (as of the last accept or claim)",
      registers,
    }),
  };
}
export type ParserMetrics = ReturnType<typeof createParserMetrics>;
