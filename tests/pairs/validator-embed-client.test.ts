import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, type RunningParser, startParser } from "../../services/parser/test/helpers.ts";
// The validator's client for /embed (its resolver's similarity), against a real parser: it must send the token.
import { parserEmbed } from "../../services/validator/src/embed-client.ts";

const TOKEN = "parser-service-token-0123456789";

describe("SERVICE_TOKEN between the validator and the parser", () => {
  let parser: RunningParser;
  beforeAll(async () => {
    parser = await startParser({ serviceToken: TOKEN });
    // The model loads on the first /embed. In the parser's own suite earlier tests had loaded it; here it is
    // loaded up front, so the client's 5 s request timeout times the request and not the model load.
    const warm = await post(
      `${parser.url}/embed`,
      { texts: ["warm up"] },
      { authorization: `Bearer ${TOKEN}` },
    );
    expect(warm.status).toBe(200);
  });
  afterAll(async () => parser?.close());

  it("the validator's /embed client sends its SERVICE_TOKEN (and fails without it)", async () => {
    const [vector] = await parserEmbed(parser.url, { serviceToken: TOKEN })(["golden cross"]);
    expect(vector).toHaveLength(384);
    await expect(parserEmbed(parser.url)(["golden cross"])).rejects.toThrow(/HTTP 401/);
  });
});
