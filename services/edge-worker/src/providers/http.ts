import { ProviderError } from "./types.ts";

/** `host[:port]` of a URL, for messages (never the query, which may hold the concept or a key). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the provider";
  }
}

/**
 * A fetch that threw before any answer: offline, DNS, refused, reset or our timeout. In plain words, e.g.
 * "could not reach en.wikipedia.org: no network"; workerd's own text ("Network connection lost.", "internal
 * error") tells a user nothing, so it only goes in parentheses when it names a cause.
 */
function unreachable(url: string, error: unknown, timeoutMs: number): ProviderError {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError")
    return new ProviderError(`${hostOf(url)} timed out after ${timeoutMs} ms`, "network");
  const detail = error instanceof Error ? error.message : String(error);
  const why = /refused/i.test(detail)
    ? "connection refused"
    : /ENOTFOUND|EAI_AGAIN|dns|resolve|lookup/i.test(detail)
      ? "no network (name lookup failed)"
      : "no network";
  return new ProviderError(`could not reach ${hostOf(url)}: ${why}`, "network");
}

/** The largest provider response we read; a search page is a few KB, anything bigger is not what we asked. */
const MAX_RESPONSE_BYTES = 2_000_000;

/**
 * fetch with the descriptive User-Agent the APIs require (Workers send none by default and Wikipedia answers
 * 403 without one), a hard timeout, and the body read as text with a size cap. Non-2xx → ProviderError with the
 * status and a short excerpt of the body (never the request headers, which may carry a key). With
 * `errorBodyIsAnswer`, a 400 body is returned instead, for APIs whose errors are documents (arXiv's Atom).
 */
export async function fetchText(
  url: string,
  init: RequestInit & { timeoutMs: number; userAgent: string; errorBodyIsAnswer?: boolean },
): Promise<{ text: string; contentType: string; status: number }> {
  const { timeoutMs, userAgent, headers, errorBodyIsAnswer, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(url, {
      ...rest,
      headers: { ...(headers as Record<string, string> | undefined), "User-Agent": userAgent },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw unreachable(url, error, timeoutMs);
  }
  const contentType = response.headers.get("content-type") ?? "";
  const length = Number(response.headers.get("content-length") ?? "0");
  if (length > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new ProviderError(`response of ${length} bytes is too large`, "other");
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError")
      throw new ProviderError(`${hostOf(url)} timed out after ${timeoutMs} ms`, "network");
    throw new ProviderError(`${hostOf(url)}: reading the response failed`, "network");
  }
  if (!response.ok && !(errorBodyIsAnswer && response.status === 400)) {
    const excerpt = text.replace(/\s+/g, " ").slice(0, 200);
    const retry = response.headers.get("retry-after");
    throw new ProviderError(
      `HTTP ${response.status}${retry ? ` (retry after ${retry}s)` : ""}${excerpt ? `: ${excerpt}` : ""}`,
      "http",
    );
  }
  return { text, contentType, status: response.status };
}

/** fetchText + JSON.parse, refusing a non-JSON answer (an HTML block page, say) with a clear message. */
export async function fetchJson(
  url: string,
  init: RequestInit & { timeoutMs: number; userAgent: string },
): Promise<unknown> {
  const { text } = await fetchText(url, {
    ...init,
    headers: { Accept: "application/json", ...init.headers },
  });
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(`answer is not JSON: ${text.replace(/\s+/g, " ").slice(0, 120)}`);
  }
}
