import { errorEnvelopeSchema } from "@qp/schema";
import { describe, expect, it } from "vitest";
import { post } from "./helpers.ts";

function streamOf(text: string, chunk = 512): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

interface Case {
  name: string;
  body: unknown;
  raw?: boolean;
  headers?: Record<string, string>;
  code: string;
  message: RegExp;
  path?: string;
}

const CASES: Case[] = [
  { name: "non-JSON", body: "{concept: golden", raw: true, code: "invalid_json", message: /not valid JSON/ },
  { name: "empty body", body: "", raw: true, code: "invalid_json", message: /empty/ },
  {
    name: "invalid UTF-8",
    body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    raw: true,
    code: "invalid_json",
    message: /UTF-8/,
  },
  {
    name: "wrong content type",
    body: JSON.stringify({ concept: "golden cross" }),
    raw: true,
    headers: { "content-type": "text/plain" },
    code: "unsupported_content_type",
    message: /application\/json.*text\/plain/,
  },
  {
    name: "form content type",
    body: "concept=golden+cross",
    raw: true,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    code: "unsupported_content_type",
    message: /application\/json/,
  },
  { name: "missing concept", body: {}, code: "invalid_request", message: /concept/, path: "concept" },
  {
    name: "empty concept",
    body: { concept: "" },
    code: "invalid_request",
    message: /at least 3/,
    path: "concept",
  },
  {
    name: "whitespace-only concept",
    body: { concept: " \n\t   " },
    code: "invalid_request",
    message: /at least 3/,
    path: "concept",
  },
  {
    name: "oversized concept",
    body: { concept: "x".repeat(501) },
    code: "invalid_request",
    message: /at most 500/,
    path: "concept",
  },
  {
    name: "concept not a string",
    body: { concept: 42 },
    code: "invalid_request",
    message: /concept/,
    path: "concept",
  },
  {
    name: "extra field",
    body: { concept: "golden cross", priority: "high" },
    code: "invalid_request",
    message: /priority/,
  },
  { name: "JSON array", body: [{ concept: "golden cross" }], code: "invalid_request", message: /object/ },
  { name: "JSON null", body: null, code: "invalid_request", message: /object/ },
  {
    name: "body over the limit (Content-Length)",
    body: { concept: "golden cross", pad: "a".repeat(5000) },
    code: "body_too_large",
    message: /larger than 4096 bytes/,
  },
  {
    name: "body over the limit (streamed, no Content-Length: the bytes read are counted)",
    body: streamOf(JSON.stringify({ concept: "a".repeat(10_000) })),
    raw: true,
    code: "body_too_large",
    message: /larger than 4096 bytes/,
  },
];

describe("bad input answers 400 with the error envelope naming the problem", () => {
  it.each(CASES)("$name", async ({ body, raw, headers, code, message, path }) => {
    const response = await post(body, { raw, headers });
    expect(response.status).toBe(400);
    const envelope = errorEnvelopeSchema.parse(await response.json());
    expect(envelope.error.code).toBe(code);
    expect(envelope.error.message).toMatch(message);
    expect(envelope.error.requestId).not.toBe("");
    expect(response.headers.get("x-request-id")).toBe(envelope.error.requestId);
    if (path) expect(envelope.error.details?.map((d) => d.path)).toContain(path);
  });

  it("a declared Content-Length over the limit is refused before the body is read", async () => {
    const response = await post(streamOf("{}"), { raw: true, headers: { "content-length": "999999" } });
    expect(response.status).toBe(400);
    expect(errorEnvelopeSchema.parse(await response.json()).error.code).toBe("body_too_large");
  });

  it("unknown routes and methods answer the envelope too", async () => {
    const { request } = await import("./helpers.ts");
    const response = await request(new Request("https://edge.qstash-pipeline.test/nope"));
    expect(response.status).toBe(404);
    expect(errorEnvelopeSchema.parse(await response.json()).error.code).toBe("not_found");
    const get = await request(new Request("https://edge.qstash-pipeline.test/"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(errorEnvelopeSchema.parse(await get.json()).error.code).toBe("method_not_allowed");
  });
});
