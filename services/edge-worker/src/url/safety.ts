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

/** IPv4 ranges that are not public unicast: [first octets as a 32-bit number, prefix length]. */
const BLOCKED_V4: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT (also Alibaba's metadata 100.100.100.200)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, incl. 169.254.169.254 cloud metadata
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // TEST-NET-1
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // TEST-NET-2
  ["203.0.113.0", 24], // TEST-NET-3
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, incl. broadcast
];

function v4ToNumber(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function v4Blocked(value: number): boolean {
  return BLOCKED_V4.some(([base, prefix]) => {
    const size = 2 ** (32 - prefix);
    const start = v4ToNumber(base)!;
    return value >= start && value < start + size;
  });
}

/** Expands a bracket-less IPv6 literal as the URL parser writes it into 8 16-bit groups. */
function v6Groups(address: string): number[] | undefined {
  let text = address;
  // The parser writes ::ffff:1.2.3.4 as ::ffff:102:304, but accept a dotted tail anyway.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = v4ToNumber(dotted[1]);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, -dotted[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail].map((g) => Number.parseInt(g, 16));
  return groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff) ? undefined : groups;
}

/**
 * Only global unicast (2000::/3) is allowed, which already excludes ::, ::1, ::ffff:0:0/96 (mapped IPv4),
 * 64:ff9b::/96 (NAT64), fc00::/7 (unique local, incl. AWS's fd00:ec2::254 metadata), fe80::/10 (link-local),
 * fec0::/10 and ff00::/8. Inside 2000::/3 we refuse documentation 2001:db8::/32, Teredo 2001::/32 and
 * 6to4 2002::/16, whose embedded IPv4 could be private.
 */
function v6Blocked(groups: number[]): boolean {
  const [g0 = 0, g1 = 0] = groups;
  if ((g0 & 0xe000) !== 0x2000) return true;
  if (g0 === 0x2001 && (g1 === 0x0db8 || g1 === 0x0000)) return true;
  return g0 === 0x2002;
}

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
  if (host.startsWith("[")) {
    const groups = v6Groups(host.slice(1, -1));
    if (!groups) return "unparseable IPv6 literal";
    return v6Blocked(groups) ? `IPv6 ${host} is not a public address` : undefined;
  }
  const v4 = v4ToNumber(host);
  if (v4 !== undefined) return v4Blocked(v4) ? `IPv4 ${host} is not a public address` : undefined;
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
