import { EdgeError } from "./errors.ts";

/**
 * The request body as JSON, refusing anything that is not a small JSON document: the Content-Type must be
 * application/json (with or without parameters); the declared Content-Length AND the bytes actually read must
 * stay under `maxBytes` (a chunked or lying client never gets a large body buffered); the text must be UTF-8
 * JSON. Every refusal is a 400 naming the problem.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new EdgeError(
      400,
      "unsupported_content_type",
      `Content-Type must be application/json, got ${contentType ? JSON.stringify(contentType.slice(0, 100)) : "none"}`,
    );
  }
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > maxBytes)) {
    throw new EdgeError(400, "body_too_large", `request body is larger than ${maxBytes} bytes`);
  }
  const bytes = await readCapped(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new EdgeError(400, "invalid_json", "request body is not valid UTF-8");
  }
  if (text.trim() === "")
    throw new EdgeError(400, "invalid_json", "request body is empty; expected a JSON object");
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 200)}` : "";
    throw new EdgeError(400, "invalid_json", `request body is not valid JSON${detail}`);
  }
}

async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
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
      throw new EdgeError(400, "body_too_large", `request body is larger than ${maxBytes} bytes`);
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
 * the Worker, the next request forwarded on it fails, and wrangler treats that as fatal and exits (issue 12;
 * workers-sdk #15317/#15451, fixed only in wrangler releases that need Node 22). Deployed, the platform's own
 * request-size limit bounds how much is read here.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    while (!(await reader.read()).done) {}
  } catch {
    // The client went away mid-body: nothing left to keep in step.
  }
}
