import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { isBlockedAddress } from "@qp/schema";

/**
 * SSRF guard. A crawler fetches URLs that strangers chose, so before every connection (the first request and
 * every redirect) the host is resolved and every address it resolves to is checked; the connection is then
 * pinned to the checked address (see `fetch-page.ts`), so a DNS answer that changes between check and connect
 * (DNS rebinding) cannot reach an internal service.
 */

function blockListOf(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split("/");
    const family = isIP(net ?? "");
    if (!net || family === 0 || bits === undefined || !/^\d{1,3}$/.test(bits)) {
      throw new Error(`not a CIDR: ${cidr}`);
    }
    list.addSubnet(net, Number(bits), family === 6 ? "ipv6" : "ipv4");
  }
  return list;
}

/** Expand an IPv6 address into its eight 16-bit groups (undefined when it is not IPv6). */
function ipv6Groups(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.split("%")[0] ?? address;
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two hex groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  return groups.map((group) => Number.parseInt(group, 16));
}

/**
 * The IPv4 address embedded in an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64
 * (64:ff9b::a.b.c.d) IPv6 address; these reach the IPv4 host, so they are judged as that host.
 */
export function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (g?.length !== 8) return undefined;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const mapped = zeros(0, 5) && g[5] === 0xffff;
  const compatible = zeros(0, 6) && (g[6] ?? 0) !== 0;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6);
  if (!mapped && !compatible && !nat64) return undefined;
  const hi = g[6] ?? 0;
  const lo = g[7] ?? 0;
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

export interface SsrfPolicy {
  /** Hostnames (exact, lowercase) that may resolve anywhere, e.g. a test server's name. */
  allowHosts?: readonly string[];
  /** CIDRs exempt from the block list, e.g. `127.0.0.0/8` so tests reach a loopback server. */
  allowCidrs?: readonly string[];
  /**
   * Exact origins (`http://127.0.0.1:41234`) exempt for this run: the fixture web of the offline
   * demonstration. Scheme, host and port must all match, so another port on the same loopback address, another
   * name for it, or a redirect from the allowed origin to anywhere else is still checked.
   */
  allowOrigins?: readonly string[];
}

export class SsrfError extends Error {
  override name = "SsrfError";
}

/** Build the check once per process: `isBlocked(address)` is true for addresses a crawl must not reach. */
export function createAddressPolicy({ allowCidrs = [] }: SsrfPolicy = {}) {
  const allowed = blockListOf(allowCidrs);
  const check = (address: string): boolean => {
    const family = isIP(address);
    if (family === 0) return true; // not an address at all: refuse
    const type = family === 6 ? "ipv6" : "ipv4";
    if (allowed.check(address, type)) return false;
    // An allowed IPv4 range also lets its IPv4-mapped/NAT64 spellings through (a resolver may answer either).
    const v4 = family === 6 ? embeddedIpv4(address) : undefined;
    if (v4 !== undefined && allowed.check(v4, "ipv4")) return false;
    // The block list itself is the one the edge worker uses (@qp/schema address-policy.ts).
    return isBlockedAddress(address);
  };
  return { isBlocked: check };
}

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

/**
 * Resolve `hostname` (all A/AAAA answers) and refuse it when ANY answer is blocked: a host with one public and
 * one private address could otherwise be steered to the private one. Returns the address to pin to.
 */
export function createResolver(policy: SsrfPolicy = {}) {
  const { isBlocked } = createAddressPolicy(policy);
  const allowHosts = new Set((policy.allowHosts ?? []).map((host) => host.toLowerCase()));
  const allowOrigins = new Set((policy.allowOrigins ?? []).map((origin) => new URL(origin).origin));
  /** `origin` is the URL's `new URL(…).origin`; only an exact match with `allowOrigins` skips the check. */
  return async function resolveSafe(hostname: string, origin?: string): Promise<ResolvedTarget> {
    const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    let answers: { address: string; family: number }[];
    try {
      answers = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new SsrfError(`cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    if (answers.length === 0) throw new SsrfError(`cannot resolve ${host}: no addresses`);
    if (!allowHosts.has(host) && !(origin !== undefined && allowOrigins.has(origin))) {
      const bad = answers.find((answer) => isBlocked(answer.address));
      if (bad) throw new SsrfError(`refused: ${host} resolves to non-public address ${bad.address}`);
    }
    const first = answers[0] as { address: string; family: number };
    return { address: first.address, family: first.family === 6 ? 6 : 4 };
  };
}
