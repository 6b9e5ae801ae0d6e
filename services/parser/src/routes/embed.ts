import { EMBEDDING_DIM, type EmbedResponse, embedRequestSchema } from "@qp/schema";
import { readJsonBody, type ServiceEnv, validationError } from "@qp/service-kit";
import { Hono } from "hono";
import type { Embedder } from "../embedder.ts";
import type { ParserMetrics } from "../metrics.ts";

export interface EmbedRouteDeps {
  embedder: Embedder;
  batchSize: number;
  metrics: ParserMetrics;
}

/** Largest `/embed` body: a few query strings, far below a page. */
const MAX_EMBED_BODY_BYTES = 1024 * 1024;

/** `POST /embed`: query strings → 384-d vectors, from the same model the stored chunks were embedded with. */
export function createEmbedRoutes(deps: EmbedRouteDeps): Hono<ServiceEnv> {
  const routes = new Hono<ServiceEnv>();
  routes.post("/embed", async (c) => {
    const parsed = embedRequestSchema.safeParse(
      await readJsonBody(c.req.raw, { maxBytes: MAX_EMBED_BODY_BYTES }),
    );
    if (!parsed.success) throw validationError(parsed.error);
    const started = performance.now();
    const embeddings = await deps.embedder.embed(parsed.data.texts, deps.batchSize);
    deps.metrics.embedSeconds.observe((performance.now() - started) / 1000);
    const answer: EmbedResponse = { embeddings, model: deps.embedder.modelId, dim: EMBEDDING_DIM };
    return c.json(answer);
  });
  return routes;
}
