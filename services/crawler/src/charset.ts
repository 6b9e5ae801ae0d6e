/**
 * Decoding a fetched body: the HTML rules in short (byte-order mark, then the Content-Type charset, then a
 * `<meta charset>` / `<meta http-equiv=Content-Type>` in the first 1,024 bytes, then UTF-8), decoded with
 * WHATWG TextDecoder (Node ships full ICU: windows-1252, Shift_JIS, GB18030, KOI8-R… all work).
 */

export interface Decoded {
  text: string;
  /** The encoding actually used, as TextDecoder names it. */
  charset: string;
  /** Where the charset came from. */
  source: "bom" | "header" | "meta" | "default";
  /** A charset was declared but unknown to TextDecoder, so UTF-8 was used instead. */
  unknownLabel?: string | undefined;
}

/** The `charset` parameter of a Content-Type header, if any. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "");
  return match?.[1]?.toLowerCase();
}

function bomCharset(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  return undefined;
}

/** The charset a page declares in a `<meta>` tag within its first 1,024 bytes (the HTML prescan window). */
export function metaCharset(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.subarray(0, 1024)).toString("latin1");
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i.exec(head);
  return direct?.[1]?.toLowerCase();
}

function decoderFor(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

/** Decode `body` following the order above; an unknown declared label falls back to UTF-8 and says so. */
export function decodeBody(body: Uint8Array, contentType: string | undefined, html: boolean): Decoded {
  const candidates: Array<[string | undefined, Decoded["source"]]> = [
    [bomCharset(body), "bom"],
    [charsetFromContentType(contentType), "header"],
    [html ? metaCharset(body) : undefined, "meta"],
  ];
  let unknownLabel: string | undefined;
  for (const [label, source] of candidates) {
    if (!label) continue;
    const decoder = decoderFor(label);
    if (!decoder) {
      unknownLabel ??= label;
      continue;
    }
    return { text: decoder.decode(body), charset: decoder.encoding, source, unknownLabel };
  }
  return { text: new TextDecoder("utf-8").decode(body), charset: "utf-8", source: "default", unknownLabel };
}
