import { describe, expect, it } from "vitest";
import { readBodyBytes, readJsonBody } from "./body.ts";
import { HttpError } from "./errors.ts";

function request(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://127.0.0.1/", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/** A body with no Content-Length, sent in `count` chunks of `size` bytes (a chunked or lying client). */
function streamed(count: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ === count) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HttpError);
  const { status, code, message } = error as HttpError;
  return { status, code, message };
}

describe("readJsonBody", () => {
  it("parses a JSON body within the cap", async () => {
    expect(await readJsonBody(request('{"a":[1,"é"]}'), { maxBytes: 64 })).toEqual({ a: [1, "é"] });
  });

  it("refuses an over-size body by its Content-Length and, without one, by the bytes read", async () => {
    const declared = request("x".repeat(65), { "content-length": "65" });
    expect(await refusal(readJsonBody(declared, { maxBytes: 64 }))).toMatchObject({
      status: 413,
      code: "payload_too_large",
    });
    expect(await refusal(readJsonBody(request(streamed(10, 1000)), { maxBytes: 4096 }))).toMatchObject({
      status: 413,
      code: "payload_too_large",
    });
  });

  it("answers with the codes an API published instead, when given", async () => {
    const options = {
      maxBytes: 8,
      requireJsonContentType: true,
      tooLarge: { status: 400 as const, code: "body_too_large" },
      invalidUtf8Code: "invalid_json",
    };
    const json = { "content-type": "application/json" };
    expect(await refusal(readJsonBody(request("[1,2,3,4,5]", json), options))).toMatchObject({
      status: 400,
      code: "body_too_large",
    });
    expect(
      await refusal(readJsonBody(request(new Uint8Array([0x22, 0xff, 0x22]), json), options)),
    ).toMatchObject({
      code: "invalid_json",
      message: expect.stringMatching(/UTF-8/),
    });
    expect(
      await refusal(readJsonBody(request("[1]", { "content-type": "text/plain" }), options)),
    ).toMatchObject({
      code: "unsupported_content_type",
      message: expect.stringMatching(/text\/plain/),
    });
  });

  it.each([
    ["not UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), "invalid_utf8", /UTF-8/],
    ["empty", "", "invalid_json", /empty/],
    ["not JSON", "{concept: golden", "invalid_json", /not valid JSON/],
  ])("refuses a body that is %s with 400", async (_label, body, code, message) => {
    expect(await refusal(readJsonBody(request(body), { maxBytes: 64 }))).toMatchObject({
      status: 400,
      code,
      message: expect.stringMatching(message),
    });
  });
});

describe("readBodyBytes", () => {
  it("returns the bytes as sent, up to the cap", async () => {
    expect(await readBodyBytes(request(streamed(4, 16)), 64)).toHaveLength(64);
    expect(await readBodyBytes(request(null), 64)).toHaveLength(0);
  });
});
