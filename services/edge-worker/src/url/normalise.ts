/**
 * Query parameters that only track the click, never select content. Removing them lets the same page found by
 * two providers (or twice by one) deduplicate, and keeps ad ids out of the pipeline's stored URLs.
 */
const TRACKING_PARAMS = new Set([
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "fbclid",
  "msclkid",
  "yclid",
  "twclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_ga",
  "_gl",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "spm",
]);

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith("utm_") || TRACKING_PARAMS.has(lower);
}

/**
 * Canonical form of a discovered URL, or `undefined` when it does not parse. The WHATWG parser already
 * lower-cases scheme and host, drops default ports (`:443` on https, `:80` on http) and normalises IPv4 forms
 * (`0x7f.1` → `127.0.0.1`); on top of that we drop the fragment, tracking parameters, an empty `?` and the
 * host's trailing dot. The order of the remaining parameters is kept: some sites give it meaning.
 */
export function normaliseUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  url.hash = "";
  if (url.hostname.endsWith(".")) url.hostname = url.hostname.replace(/\.+$/, "");
  if (url.search) {
    const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
    const params = new URLSearchParams(kept);
    url.search = kept.length > 0 ? params.toString() : "";
  }
  return url.href;
}
