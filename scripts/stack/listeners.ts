import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface Listener {
  pid: number;
  /** The process group: the stack child that owns this socket (grandchildren included). */
  pgid: number;
  command: string;
  address: string;
  port: number;
}

/**
 * Every TCP socket in LISTEN state held by a process in one of `pgids` (or by `pids`), read from /proc
 * (Linux). Used to announce every port the stack opens, including the ones libraries open on their own
 * (workerd's, an inspector), and by the tests that check nothing listens beyond loopback.
 */
export function listenersOf({ pgids = [], pids = [] }: { pgids?: number[]; pids?: number[] }): Listener[] {
  const sockets = listeningSockets();
  if (sockets.size === 0) return [];
  const wantedGroups = new Set(pgids);
  const wantedPids = new Set(pids);
  const found: Listener[] = [];
  for (const entry of safeReaddir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const pgid = groupOf(pid);
    if (pgid === undefined || !(wantedGroups.has(pgid) || wantedPids.has(pid))) continue;
    for (const fd of safeReaddir(`/proc/${pid}/fd`)) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const socket = inode ? sockets.get(inode) : undefined;
      if (
        socket &&
        !found.some((l) => l.pid === pid && l.port === socket.port && l.address === socket.address)
      )
        found.push({ pid, pgid, command: commandOf(pid), ...socket });
    }
  }
  return found.sort((a, b) => a.pgid - b.pgid || a.port - b.port);
}

/** Loopback: 127.0.0.0/8, ::1, and IPv4-mapped loopback. */
export function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127.");
}

function listeningSockets(): Map<string, { address: string; port: number }> {
  const sockets = new Map<string, { address: string; port: number }>();
  for (const [file, v6] of [
    ["/proc/net/tcp", false],
    ["/proc/net/tcp6", true],
  ] as const) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (cols.length < 10 || cols[3] !== "0A") continue;
      const [hex, portHex] = cols[1]!.split(":");
      sockets.set(cols[9]!, { address: v6 ? ipv6(hex!) : ipv4(hex!), port: Number.parseInt(portHex!, 16) });
    }
  }
  return sockets;
}

/** /proc/net/tcp writes the address as one little-endian 32-bit word. */
function ipv4(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join(".");
}

/** Four little-endian 32-bit words; written back as compressed-enough text for the checks above. */
function ipv6(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const chunk = hex.slice(word * 8, word * 8 + 8);
    for (let i = 3; i >= 0; i--) bytes.push(Number.parseInt(chunk.slice(i * 2, i * 2 + 2), 16));
  }
  if (bytes.every((b) => b === 0)) return "::";
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return "::1";
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255)
    return `::ffff:${bytes.slice(12).join(".")}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(":");
}

function groupOf(pid: number): number | undefined {
  try {
    // Fields after the parenthesised command: state ppid pgrp …; the command itself may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[2]);
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ").slice(0, 200);
  } catch {
    return "?";
  }
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
