import { errorEnvelopeSchema } from "@qp/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlResult, post, type RunningParser, startParser } from "./helpers.ts";

// Issue 12 item 4: an open /parse let anyone write chunks into the store. With SERVICE_TOKEN set every route
// but /health needs it.
const TOKEN = "parser-service-token-0123456789";

describe("SERVICE_TOKEN on the parser", () => {
  let parser: RunningParser;
  beforeAll(async () => {
    parser = await startParser({ serviceToken: TOKEN });
  });
  afterAll(async () => parser?.close());

  it.each([
    ["/parse", "Bearer wrong-token-0123456789"],
    ["/parse", undefined],
    ["/embed", undefined],
    ["/embed", `Basic ${TOKEN}`],
  ])("POST %s with authorization %s → 401 envelope, nothing stored", async (path, authorization) => {
    const message = await crawlResult("https://example.com/unauthorised", "words that must not be stored");
    const res = await post(
      `${parser.url}${path}`,
      path === "/parse" ? message : { texts: ["x"] },
      authorization ? { authorization } : {},
    );
    expect(res.status).toBe(401);
    expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe("unauthorized");
    expect(await parser.store.countDocuments({ conceptId: message.concept_id })).toBe(0);
  });

  it("GET /metrics needs the token; GET /health does not", async () => {
    expect((await fetch(`${parser.url}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${parser.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(metrics.status).toBe(200);
    expect((await fetch(`${parser.url}/health`)).status).not.toBe(401);
  });

  it("with the token (scheme in any case) /parse stores and /embed embeds", async () => {
    const message = await crawlResult("https://example.com/authorised", "A golden cross is a chart pattern.");
    const parsed = await post(`${parser.url}/parse`, message, { authorization: `bearer ${TOKEN}` });
    expect(parsed.status).toBe(200);
    expect(await parser.store.countDocuments({ conceptId: message.concept_id })).toBeGreaterThan(0);
    const embedded = await post(
      `${parser.url}/embed`,
      { texts: ["golden cross"] },
      {
        authorization: `Bearer ${TOKEN}`,
      },
    );
    expect(embedded.status).toBe(200);
    expect(((await embedded.json()) as { embeddings: number[][] }).embeddings[0]).toHaveLength(384);
  });
});
