import type { Embed } from "./resolver/resolve.ts";

/**
 * The parser service's `POST /embed` ({texts} → {embeddings}); 1..64 texts per call, 5 s timeout. Any
 * failure throws, and the resolver falls back to BM25 and says so in its reason.
 */
export function parserEmbed(
  parserUrl: string,
  { timeoutMs = 5000, serviceToken }: { timeoutMs?: number; serviceToken?: string | undefined } = {},
): Embed {
  const headers: Record<string, string> = { "content-type": "application/json" };
  // The parser's SERVICE_TOKEN: one token per deployment, every service holds the same one.
  if (serviceToken) headers.authorization = `Bearer ${serviceToken}`;
  return async (texts) => {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += 64) {
      const response = await fetch(new URL("/embed", parserUrl), {
        method: "POST",
        headers,
        body: JSON.stringify({ texts: texts.slice(i, i + 64).map((t) => t.slice(0, 8000)) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`parser /embed answered HTTP ${response.status}`);
      const body = (await response.json()) as { embeddings?: number[][] };
      if (!Array.isArray(body.embeddings)) throw new Error("parser /embed answered without embeddings");
      out.push(...body.embeddings);
    }
    return out;
  };
}
