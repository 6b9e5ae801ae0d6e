import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** One listening TCP socket of a process. `address` is the bound address as text (`0.0.0.0`, `::`, `127.0.0.1`). */
export interface ListeningSocket {
  family: 4 | 6;
  address: string;
  port: number;
}

/**
 * Every TCP socket process `pid` listens on, read from Linux's /proc: the sockets in LISTEN state of the process's
 * network namespace (`/proc/<pid>/net/tcp{,6}`) whose inode is one of the process's own file descriptors
 * (`/proc/<pid>/fd/* -> socket:[inode]`). This sees listeners a library opens behind our back (issue 12: crawlee's
 * browser-pool started a proxy on all interfaces at import), which the process's own logs never mention.
 * Returns null where /proc is not there (not Linux), so a test can skip with its reason.
 */
export function listeningSockets(pid: number): ListeningSocket[] | null {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
  const inodes = new Set<string>();
  for (const fd of fds) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // The descriptor closed between readdir and readlink.
    }
  }
  const sockets: ListeningSocket[] = [];
  for (const family of [4, 6] as const) {
    const table = readFileSync(`/proc/${pid}/net/${family === 4 ? "tcp" : "tcp6"}`, "utf8");
    for (const line of table.split("\n").slice(1)) {
      const columns = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = columns;
      // State 0A is TCP_LISTEN.
      if (!local || state !== "0A" || !inode || !inodes.has(inode)) continue;
      const [hex, portHex] = local.split(":");
      if (!hex || !portHex) continue;
      sockets.push({ family, address: decodeAddress(hex), port: Number.parseInt(portHex, 16) });
    }
  }
  return sockets;
}

/** /proc writes addresses as 32-bit words in host byte order (little-endian here). */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)),
  );
  if (bytes.length === 4) return bytes.join(".");
  // IPv4-mapped IPv6 (::ffff:a.b.c.d): written the way Node reports it.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join(".")}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return compressIpv6(groups);
}

function compressIpv6(groups: string[]): string {
  // Longest run of zero groups becomes "::" (RFC 5952).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(":");
  const head = groups.slice(0, bestStart).join(":");
  const tail = groups.slice(bestStart + bestLength).join(":");
  return `${head}::${tail}`;
}

/** True for an address only this machine can reach (127.0.0.0/8, ::1, ::ffff:127.x). */
export function isLoopbackAddress(address: string): boolean {
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}
