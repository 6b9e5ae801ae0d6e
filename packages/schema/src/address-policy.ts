/**
 * The ONE list of addresses no crawl may reach, shared by the edge worker (first gate, on URL literals) and the
 * crawler (after DNS and on every redirect). Pure TypeScript, no node:net, so it runs in a Worker too. Two
 * copies had drifted apart (issue 12): change it here only.
 */

/** IPv4 ranges that are not public unicast. */
export const BLOCKED_IPV4_CIDRS: readonly string[] = [
  "0.0.0.0/8", // "this" network; 0.0.0.0 reaches localhost on Linux
  "10.0.0.0/8", // private
  "100.64.0.0/10", // carrier-grade NAT (also Alibaba's metadata 100.100.100.200)
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local, incl. 169.254.169.254 cloud metadata
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // TEST-NET-1
  "192.88.99.0/24", // 6to4 relay anycast
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // TEST-NET-2
  "203.0.113.0/24", // TEST-NET-3
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, incl. broadcast
];

/**
 * IPv6 ranges refused. Besides these, anything outside global unicast 2000::/3 is refused (see
 * `blockedAddressReason`); the ranges below that lie outside it are listed to say why they matter.
 */
export const BLOCKED_IPV6_CIDRS: readonly string[] = [
  "::/128", // unspecified
  "::1/128", // loopback
  "::/96", // IPv4-compatible (deprecated): reaches the embedded IPv4 host
  "::ffff:0:0/96", // IPv4-mapped: reaches the embedded IPv4 host
  "64:ff9b::/96", // NAT64 well-known prefix: reaches the embedded IPv4 host
  "64:ff9b:1::/48", // NAT64 local-use prefix (RFC 8215)
  "100::/64", // discard
  "2001::/32", // Teredo: embeds an IPv4 address
  "2001:db8::/32", // documentation
  "2002::/16", // 6to4: embeds an IPv4 address
  "fc00::/7", // unique local, incl. fd00:ec2::254 (AWS metadata over IPv6)
  "fe80::/10", // link-local
  "fec0::/10", // old site-local
  "ff00::/8", // multicast
];

/** A dotted-quad IPv4 address as a 32-bit number; undefined for anything else (no octal/hex forms). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
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

/** An IPv6 address (brackets, zone id and a dotted IPv4 tail allowed) as eight 16-bit groups. */
export function parseIpv6(text: string): number[] | undefined {
  let value = text.replace(/^\[|\]$/g, "").split("%")[0] ?? "";
  if (!value.includes(":")) return undefined;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (dotted?.[1]) {
    const v4 = parseIpv4(dotted[1]);
    if (v4 === undefined) return undefined;
    value = `${value.slice(0, -dotted[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = value.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => Number.parseInt(g, 16));
}

interface Range {
  cidr: string;
  bits: number[];
  prefix: number;
}

function bitsOfV4(value: number): number[] {
  return Array.from({ length: 32 }, (_, i) => (value >>> (31 - i)) & 1);
}

function bitsOfV6(groups: number[]): number[] {
  return groups.flatMap((g) => Array.from({ length: 16 }, (_, i) => (g >> (15 - i)) & 1));
}

function rangesOf(cidrs: readonly string[], family: 4 | 6): Range[] {
  return cidrs.map((cidr) => {
    const [net = "", prefixText = ""] = cidr.split("/");
    const prefix = Number(prefixText);
    const parsed = family === 4 ? parseIpv4(net) : parseIpv6(net);
    if (parsed === undefined || !Number.isInteger(prefix)) throw new Error(`not a CIDR: ${cidr}`);
    const bits = family === 4 ? bitsOfV4(parsed as number) : bitsOfV6(parsed as number[]);
    return { cidr, bits, prefix };
  });
}

const V4_RANGES = rangesOf(BLOCKED_IPV4_CIDRS, 4);
const V6_RANGES = rangesOf(BLOCKED_IPV6_CIDRS, 6);

function matching(bits: number[], ranges: Range[]): string | undefined {
  return ranges.find((range) => range.bits.slice(0, range.prefix).every((bit, i) => bits[i] === bit))?.cidr;
}

/**
 * Why an IP address must not be reached (the blocked range it falls in), or undefined when it is public.
 * Anything that is not an IPv4 or IPv6 literal is refused: a caller that has a name must resolve it first.
 */
export function blockedAddressReason(address: string): string | undefined {
  const v4 = parseIpv4(address);
  if (v4 !== undefined) {
    const range = matching(bitsOfV4(v4), V4_RANGES);
    return range ? `in ${range}` : undefined;
  }
  const v6 = parseIpv6(address);
  if (!v6) return "not an IP address";
  const range = matching(bitsOfV6(v6), V6_RANGES);
  if (range) return `in ${range}`;
  return ((v6[0] ?? 0) & 0xe000) === 0x2000 ? undefined : "not global unicast (outside 2000::/3)";
}

/** True for addresses no crawl may reach (see `blockedAddressReason`). */
export function isBlockedAddress(address: string): boolean {
  return blockedAddressReason(address) !== undefined;
}
