import { type Decoded, decodeBody } from "./charset.ts";
import { type Extracted, extractHtml, extractText } from "./extract.ts";
import type { ExtractorName } from "./extractors.ts";

/**
 * One fetched body to extracted text, as the extraction workers run it: decode the raw bytes (charset.ts),
 * refuse binary content, then Readability (HTML) or the plain-text path. Decoding here rather than on the main
 * thread lets the bytes travel to the worker without a copy and keeps the event loop to I/O.
 */

export interface ExtractInput {
  kind: "html" | "text";
  /** Raw bytes (decoded here) or text already decoded. Bytes sent to a worker are moved, not copied. */
  body: Uint8Array | string;
  /** The Content-Type header, for the charset of raw bytes. */
  contentType?: string | undefined;
  url: string;
  contentLanguage?: string | undefined;
  /** The DOM Readability runs on (article.ts); the lean one when absent. */
  extractor?: ExtractorName | undefined;
}

export interface BodyExtraction {
  /** How raw bytes were decoded; null when the body came as text. */
  charset: Omit<Decoded, "text"> | null;
  /** null: a NUL in the first 8 KB, i.e. a binary file served with a text type (image as text/html…). */
  extracted: Extracted | null;
}

export function extractBody(input: ExtractInput): BodyExtraction {
  const html = input.kind === "html";
  let text: string;
  let charset: BodyExtraction["charset"] = null;
  if (typeof input.body === "string") {
    text = input.body;
  } else {
    const decoded = decodeBody(input.body, input.contentType, html);
    text = decoded.text;
    charset = { charset: decoded.charset, source: decoded.source, unknownLabel: decoded.unknownLabel };
  }
  if (text.slice(0, 8192).includes("\u0000")) return { charset, extracted: null };
  return {
    charset,
    extracted: html
      ? extractHtml(text, input.url, input.contentLanguage, input.extractor)
      : extractText(text, input.contentLanguage),
  };
}
