import { z } from "zod";

/**
 * Unknown fields are REJECTED at every trust boundary (all object schemas are `z.strictObject`): a typo or a
 * field from a newer producer is an error the sender hears about, never data silently dropped. To add a
 * field, add it as optional here, deploy the consumers, then the producers.
 */

/** An absolute http(s) URL of at most 2,048 characters; other schemes (file:, javascript:, ftp:) fail. */
export const httpUrlSchema = z
  .string()
  .max(2048, "URL longer than 2048 characters")
  .pipe(z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }));

/**
 * The URL without `user:pass@`. Credentials in a crawled URL would otherwise travel on in crawl.result /
 * crawl.failed messages, the broker's DLQ and the concept's records. Text that is not a URL is returned as is.
 */
export function stripUrlCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.username && !parsed.password) return url;
  parsed.username = "";
  parsed.password = "";
  return parsed.toString();
}

/** Free text with the `user:pass@` of every http(s) URL in it removed (error reasons quote URLs). */
export function stripCredentialsInText(text: string): string {
  return text.replace(/\b(https?:\/\/)[^\s/?#@]*@/gi, "$1");
}

/** ISO-8601 timestamp with a `Z` or numeric offset, as `new Date().toISOString()` writes it. */
export const isoTimestampSchema = z.iso.datetime({ offset: true, error: "must be an ISO-8601 timestamp" });

/** Deterministic concept id: 24 lowercase hex characters (see `conceptIdOf`). */
export const conceptIdSchema = z.string().regex(/^[0-9a-f]{24}$/, "must be 24 lowercase hex characters");

/** The concept as a person wrote it, trimmed, 3–500 characters. */
export const conceptTextSchema = z
  .string()
  .trim()
  .min(3, "concept must have at least 3 characters")
  .max(500, "concept must have at most 500 characters");

/** A finite number (zod 4 already refuses NaN and ±Infinity; named for readers). */
export const finiteNumber = z.number();

/** Small free-form metadata: at most 64 keys, scalar values, bounded strings. */
export const metadataSchema = z
  .record(z.string().min(1).max(128), z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]))
  .refine((value) => Object.keys(value).length <= 64, "metadata has more than 64 keys");
