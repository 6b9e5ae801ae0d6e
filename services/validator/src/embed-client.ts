import { type EmbedRequest, embedResponseSchema, MAX_EMBED_TEXT_CHARS, MAX_EMBED_TEXTS } from "@qp/schema";
import { callService } from "@qp/service-kit";
import type { Embed } from "./resolver/resolve.ts";

/**
 * The parser service's `POST /embed` (`embedRequestSchema` → `embedResponseSchema` of @qp/schema), in batches of
 * 64 texts, 5 s timeout. Any failure (including an answer outside the contract) throws, and the resolver
 * falls back to BM25 and says so in its reason.
 */
export function parserEmbed(
  parserUrl: string,
  { timeoutMs = 5000, serviceToken }: { timeoutMs?: number; serviceToken?: string | undefined } = {},
): Embed {
  const endpoint = new URL("/embed", parserUrl).toString();
  return async (texts) => {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += MAX_EMBED_TEXTS) {
      const request: EmbedRequest = {
        texts: texts.slice(i, i + MAX_EMBED_TEXTS).map((t) => t.slice(0, MAX_EMBED_TEXT_CHARS)),
      };
      // The parser's SERVICE_TOKEN: one token per deployment, every service holds the same one.
      const { body } = await callService("parser", endpoint, {
        body: request,
        timeoutMs,
        token: serviceToken,
      });
      const answer = embedResponseSchema.safeParse(body);
      if (!answer.success) throw new Error("parser /embed answered outside its contract");
      out.push(...answer.data.embeddings);
    }
    return out;
  };
}
