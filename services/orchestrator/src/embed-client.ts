import { type EmbedRequest, embedResponseSchema } from "@qp/schema";
import { callService, HttpError, ServiceRefused, TransientError } from "@qp/service-kit";

/** Query strings → 384-d vectors, one a text. */
export type Embed = (texts: string[]) => Promise<number[][]>;

/**
 * `embed` for the search route over HTTP: the parser's `POST /embed` (PARSER_URL), so queries and chunks share one
 * model. A refused connection, a timeout, a 5xx or a refused SERVICE_TOKEN is a TransientError (the search
 * answers 503); the parser refusing the query itself is the caller's 400.
 */
export function embedViaParser(
  parserUrl: string,
  { timeoutMs = 10_000, serviceToken }: { timeoutMs?: number; serviceToken?: string | undefined } = {},
): Embed {
  const endpoint = new URL("/embed", parserUrl).toString();
  return async (texts) => {
    const request: EmbedRequest = { texts };
    let body: unknown;
    try {
      ({ body } = await callService("parser", endpoint, { body: request, timeoutMs, token: serviceToken }));
    } catch (error) {
      if (error instanceof ServiceRefused) {
        throw new HttpError(400, "invalid_query", `parser refused the query: ${error.reason.slice(0, 300)}`);
      }
      throw error;
    }
    const parsed = embedResponseSchema.safeParse(body);
    if (!parsed.success) throw new TransientError("parser /embed answered an unexpected body");
    return parsed.data.embeddings;
  };
}
