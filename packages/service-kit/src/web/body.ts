import { HttpError } from "./errors.ts";

export interface ReadJsonBodyOptions {
  /** Largest body in bytes; checked against Content-Length first and against the bytes read as they come. */
  maxBytes: number;
  /** Refuse media types other than application/json with 400 `unsupported_content_type` (public APIs). */
  requireJsonContentType?: boolean;
  /**
   * The answer to an over-size body: 413 `payload_too_large` unless an API published another (the edge's
   * public contract says 400 `body_too_large`).
   */
  tooLarge?: { status: 400 | 413; code: string };
  /** The code for a body that is not UTF-8: `invalid_utf8` unless an API published another. */
  invalidUtf8Code?: string;
}

/**
 * The request body as JSON, never buffering more than `maxBytes`: the declared Content-Length and the bytes
 * actually read both count (a chunked or lying client never gets a large body buffered); the text must be
 * strict UTF-8 and JSON. Every refusal is an `HttpError` naming the problem. Runs on Node and in Workers.
 */
export async function readJsonBody(request: Request, options: ReadJsonBodyOptions): Promise<unknown> {
  const { maxBytes, requireJsonContentType = false, invalidUtf8Code = "invalid_utf8" } = options;
  if (requireJsonContentType) {
    const contentType = request.headers.get("content-type") ?? "";
    const mediaType = contentType.split(";")[0]?.trim().toLowerCase();
    if (mediaType !== "application/json") {
      throw new HttpError(
        400,
        "unsupported_content_type",
        `Content-Type must be application/json, got ${contentType ? JSON.stringify(contentType.slice(0, 100)) : "none"}`,
      );
    }
  }
  const bytes = await readBodyBytes(request, maxBytes, options.tooLarge);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new HttpError(400, invalidUtf8Code, "request body is not valid UTF-8");
  }
  if (text.trim() === "") throw new HttpError(400, "invalid_json", "request body is empty; expected JSON");
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 200)}` : "";
    throw new HttpError(400, "invalid_json", `request body is not valid JSON${detail}`);
  }
}

/**
 * The raw body, at most `maxBytes` of it (413 `payload_too_large`, or `tooLarge`, past that). The rest of a
 * refused body is read and dropped rather than cancelled, see `drain`.
 */
export async function readBodyBytes(
  request: Request,
  maxBytes: number,
  tooLarge: { status: 400 | 413; code: string } = { status: 413, code: "payload_too_large" },
): Promise<Uint8Array> {
  const refuse = () =>
    new HttpError(tooLarge.status, tooLarge.code, `request body is larger than ${maxBytes} bytes`);
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > maxBytes)) throw refuse();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await drain(reader);
      throw refuse();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Read the rest of a refused body and drop it (nothing is kept: memory stays flat). Not `reader.cancel()`:
 * under `wrangler dev` a cancelled request body leaves its unread bytes on the proxy's keep-alive connection to
 * the Worker, the next request forwarded on it fails, and wrangler treats that as fatal and exits
 * (workers-sdk #15317/#15451, fixed only in wrangler releases that need Node 22). Deployed, the platform's own
 * request-size limit bounds how much is read here.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    while (!(await reader.read()).done) {}
  } catch {
    // The client went away mid-body: nothing left to keep in step.
  }
}
