import { HttpError } from "@qp/service-kit";

/**
 * Content that can never become chunks (empty, binary, mis-decoded): 422, so the orchestrator dead-letters
 * the message instead of retrying it.
 */
export class ContentError extends HttpError {
  constructor(code: "empty_content" | "binary_content" | "invalid_utf8", message: string) {
    super(422, code, message);
  }
}

// C0 controls except \t \n \r, DEL and C1 controls: never part of prose, common in binary read as text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const REPLACEMENT = /\uFFFD/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/**
 * Normalise crawled text for chunking: NFC, no control or zero-width characters, runs of spaces collapsed,
 * one newline between paragraphs, trimmed. Rejects text that is empty after cleaning, text with lone UTF-16
 * surrogates or many U+FFFD (bytes that were not UTF-8), and text where control characters are frequent
 * (a binary file decoded as text). Thresholds are generous: a stray control character in a real page passes.
 */
export function cleanText(raw: string): string {
  if (LONE_SURROGATE.test(raw)) {
    throw new ContentError(
      "invalid_utf8",
      "content has unpaired UTF-16 surrogates: it is not valid Unicode text",
    );
  }
  const length = Math.max(raw.length, 1);
  const replacements = count(raw, REPLACEMENT);
  if (replacements > 8 && replacements / length > 0.01) {
    throw new ContentError(
      "invalid_utf8",
      `content has ${replacements} U+FFFD replacement characters: it was decoded from bytes that are not UTF-8`,
    );
  }
  const controls = count(raw, CONTROL);
  if (controls > 8 && (controls + replacements) / length > 0.02) {
    throw new ContentError("binary_content", `content looks binary: ${controls} control characters`);
  }
  const text = raw
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL, " ")
    .replace(INVISIBLE, "")
    .replace(/[^\S\n]+/g, " ")
    .replace(/ *\n[\s]*/g, "\n")
    .trim();
  if (text.length === 0) throw new ContentError("empty_content", "content is empty or only whitespace");
  return text;
}
