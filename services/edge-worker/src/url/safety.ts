import { isBlockedAddress, parseIpv4, parseIpv6 } from "@qp/schema";

/**
 * Which discovered URLs may be handed to the crawler. This is the first gate only: a name can still resolve
 * to a private address, so the crawler checks again after DNS and after every redirect.
 */
export interface UrlPolicy {
  /** Ports allowed besides the scheme's default (which the parser turns into an empty port). */
  allowedPorts: readonly number[];
  /** Hosts refused, with their subdomains: `example.com` refuses `example.com` and `a.example.com`. */
  denylist: readonly string[];
  /**
   * Exact origins (`http://127.0.0.1:41234`) let through whatever their address: only the fixture web, and
   * only with DISCOVERY_SOURCES=fixtures. Every other URL gets every check below.
   */
  allowedOrigins?: readonly string[];
}

/** Names that never point at the public web (RFC 6761/6762/8375, cloud metadata names). */
const BUILT_IN_DENYLIST = [
  "localhost",
  "localdomain",
  "local",
  "internal",
  "home.arpa",
  "invalid",
  "test",
  "example",
  "metadata.google.internal",
];

/** Why a URL is refused, or `undefined` when it may be crawled. Expects a URL that `normaliseUrl` accepted. */
export function unsafeReason(href: string, policy: UrlPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return "not a URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `scheme ${url.protocol} is not http(s)`;
  if (url.username || url.password) return "credentials in URL";
  if (policy.allowedOrigins?.includes(url.origin)) return undefined;
  if (url.port && !policy.allowedPorts.includes(Number(url.port))) return `port ${url.port} is not allowed`;
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  // Address literals are judged by the one block list the crawler also uses (@qp/schema address-policy.ts).
  if (host.startsWith("[")) {
    if (!parseIpv6(host)) return "unparseable IPv6 literal";
    return isBlockedAddress(host.slice(1, -1)) ? `IPv6 ${host} is not a public address` : undefined;
  }
  if (parseIpv4(host) !== undefined) {
    return isBlockedAddress(host) ? `IPv4 ${host} is not a public address` : undefined;
  }
  // Digits-only labels at the end would be an IP form the parser did not normalise: refuse, never guess.
  if (/^[\d.]+$/.test(host) || /\.\d+$/.test(host)) return `host ${host} looks like a numeric address`;
  if (!host.includes(".")) return `single-label host ${host}`;
  for (const entry of [...BUILT_IN_DENYLIST, ...policy.denylist]) {
    const suffix = entry.replace(/^\*?\.+/, "").replace(/\.+$/, "");
    if (suffix && (host === suffix || host.endsWith(`.${suffix}`)))
      return `host ${host} is denied (${entry})`;
  }
  return undefined;
}
