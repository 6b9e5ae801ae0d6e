import { edgeResponseSchema, errorEnvelopeSchema, pipelineMessageSchema } from "@qp/schema";
import { describe, expect, inject, it } from "vitest";
import { unsafeReason } from "../src/url/safety.ts";
import { post, request, seen, uniqueConcept, waitForDeliveries } from "./helpers.ts";

const qstashProblem = inject("qstashProblem");
const fixtureUrl = inject("fixtureUrl");
const FIXTURES = { DISCOVERY_SOURCES: "fixtures", FIXTURE_SEARCH_URL: fixtureUrl };

describe.skipIf(Boolean(qstashProblem))("DISCOVERY_SOURCES=fixtures (the offline demonstration)", () => {
  it("asks only the fixture web, and its loopback URLs pass the safety check", async () => {
    const concept = uniqueConcept("site reliability engineering");
    const marker = concept.split(" ").at(-1)!;
    const response = await post({ concept }, { bindings: { ...FIXTURES, MAX_URLS: "4" } });
    expect(response.status).toBe(202);
    const body = edgeResponseSchema.parse(await response.json());
    expect(body.errors).toBeUndefined();
    expect(body.urls).toHaveLength(4);
    expect(body.urls[0]).toBe(`${fixtureUrl}/google-sre-book-1/`);
    expect(body.urls.every((url) => url.startsWith(`${fixtureUrl}/`))).toBe(true);
    expect(body.stored).toBe(4);
    // Wikipedia, arXiv and Tavily were not asked, whatever PROVIDERS says.
    const asked = (await seen()).seen.filter((r) => decodeURIComponent(r.query).includes(marker));
    expect(asked).toEqual([]);

    const deliveries = await waitForDeliveries(
      (all) =>
        all.filter((d) => (d.body as { concept_id?: string }).concept_id === body.concept_id).length >= 5,
    );
    const messages = deliveries
      .map((d) => pipelineMessageSchema.parse(d.body))
      .filter((m) => m.concept_id === body.concept_id);
    const urlMessages = messages.flatMap((m) => (m.type === "concept.url" ? [m] : []));
    expect(urlMessages.map((m) => m.url).sort()).toEqual([...body.urls].sort());
    expect(urlMessages.every((m) => m.discovered_by === "fixtures")).toBe(true);
    expect(messages.filter((m) => m.type === "concept.validate")).toHaveLength(1);
  });

  it("different concepts get different first pages", async () => {
    const first = async (concept: string) => {
      const response = await post({ concept: uniqueConcept(concept) }, { bindings: FIXTURES });
      return edgeResponseSchema.parse(await response.json()).urls[0];
    };
    const poverty = await first("poverty economic mobility");
    const kernel = await first("linux kernel");
    expect(poverty).toBe(`${fixtureUrl}/cnn/`);
    expect(kernel).not.toBe(poverty);
  });

  it("a FIXTURE_SEARCH_URL naming the fixture web by another address: every URL refused, a config error", async () => {
    const port = new URL(fixtureUrl).port;
    const response = await post(
      { concept: uniqueConcept("linux kernel") },
      { bindings: { DISCOVERY_SOURCES: "fixtures", FIXTURE_SEARCH_URL: `http://localhost:${port}` } },
    );
    expect(response.status).toBe(202);
    const body = edgeResponseSchema.parse(await response.json());
    expect(body.urls).toEqual([]);
    expect(body.errors).toEqual([
      {
        provider: "fixtures",
        message: expect.stringMatching(
          /^every URL it found was refused by the URL-safety check, e\.g\. http:\/\/127\.0\.0\.1:\d+\/\S+: port \d+ is not allowed$/,
        ),
        kind: "config",
      },
    ]);
  });

  it("a fixture web that is down is a network error, and the concept still goes on (202)", async () => {
    const response = await post(
      { concept: uniqueConcept("golden cross") },
      { bindings: { DISCOVERY_SOURCES: "fixtures", FIXTURE_SEARCH_URL: "http://127.0.0.1:9" } },
    );
    expect(response.status).toBe(202);
    const body = edgeResponseSchema.parse(await response.json());
    expect(body.urls).toEqual([]);
    expect(body.errors).toEqual([
      {
        provider: "fixtures",
        message: expect.stringMatching(/^could not reach 127\.0\.0\.1:9: /),
        kind: "network",
      },
    ]);
  });
});

describe("fixtures mode configuration", () => {
  it("DISCOVERY_SOURCES=fixtures without FIXTURE_SEARCH_URL is misconfigured, naming the var", async () => {
    const response = await post({ concept: "golden cross" }, { bindings: { DISCOVERY_SOURCES: "fixtures" } });
    expect(response.status).toBe(500);
    const envelope = errorEnvelopeSchema.parse(await response.json());
    expect(envelope.error).toMatchObject({
      code: "misconfigured",
      message: expect.stringContaining("FIXTURE_SEARCH_URL"),
    });
  });

  it("an unknown DISCOVERY_SOURCES is misconfigured", async () => {
    const response = await post({ concept: "golden cross" }, { bindings: { DISCOVERY_SOURCES: "offline" } });
    expect(response.status).toBe(500);
    expect(errorEnvelopeSchema.parse(await response.json()).error.message).toContain("DISCOVERY_SOURCES");
  });

  it("/health names the fixtures provider", async () => {
    const response = await request(new Request("https://edge.qstash-pipeline.test/health"), FIXTURES);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      services: { discovery: { message: "providers: fixtures" } },
    });
  });
});

describe("allowedOrigins in the URL-safety check", () => {
  const policy = { allowedPorts: [], denylist: [], allowedOrigins: ["http://127.0.0.1:41234"] };
  it("lets through exactly that origin", () => {
    expect(unsafeReason("http://127.0.0.1:41234/cnn/", policy)).toBeUndefined();
  });
  it.each([
    "http://127.0.0.1:41235/cnn/", // another port
    "https://127.0.0.1:41234/cnn/", // another scheme
    "http://localhost:41234/cnn/", // another name for the same place
    "http://127.0.0.2:41234/cnn/",
    "http://169.254.169.254/latest/meta-data/",
  ])("still refuses %s", (url) => {
    expect(unsafeReason(url, policy)).toBeDefined();
  });
  it("credentials are refused even on the allowed origin", () => {
    expect(unsafeReason("http://user:pw@127.0.0.1:41234/cnn/", policy)).toBe("credentials in URL");
  });
  it("without allowedOrigins loopback stays refused", () => {
    expect(unsafeReason("http://127.0.0.1:41234/cnn/", { allowedPorts: [41234], denylist: [] })).toMatch(
      /not a public address/,
    );
  });
});
