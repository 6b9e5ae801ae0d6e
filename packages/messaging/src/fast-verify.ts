/**
 * A fast path for QStash signature checks: the common, well-formed case (HS256, header `{alg, typ}`, issuer
 * "Upstash", sig by the current or next key, exp/nbf/iat as jose checks them, `sub`, body hash) verified with
 * node:crypto in ~10 µs instead of the official Receiver's ~40–120 µs (jose + WebCrypto, which Node runs on
 * its thread pool). It can only ACCEPT: anything it does not fully recognise returns false, and the caller
 * then asks the official Receiver, whose verdict (and error message) stands. So it accepts a subset of what
 * the Receiver accepts and never changes a rejection.
 *
 * node:crypto is reached through `process.getBuiltinModule` (Node ≥ 20.16), not an import, so this module
 * stays loadable in a Worker, where the fast path is simply absent.
 */

interface HashLike {
  update(data: string): HashLike;
  digest(encoding: "base64url"): string;
}
interface CryptoLike {
  createHmac(algorithm: string, key: string): HashLike;
  createHash(algorithm: string): HashLike;
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
}

/** Node's Buffer, used only where node:crypto is there too (Node); absent in a Worker. */
interface BufferLike {
  from(text: string, encoding: "base64url" | "latin1"): Uint8Array & { toString(encoding: "utf8"): string };
}

function nodeParts(): { crypto: CryptoLike; buffer: BufferLike } | undefined {
  const scope = globalThis as {
    process?: { getBuiltinModule?: (id: string) => unknown };
    Buffer?: BufferLike;
  };
  try {
    const crypto = scope.process?.getBuiltinModule?.("node:crypto") as CryptoLike | undefined;
    return crypto && scope.Buffer ? { crypto, buffer: scope.Buffer } : undefined;
  } catch {
    return undefined;
  }
}

const HEADER_KEYS = new Set(["alg", "typ"]);
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export type FastVerifier = (signature: string, body: string, url: string | undefined) => boolean;

/** The fast path, or undefined where node:crypto is not available (then use the Receiver alone). */
export function createFastVerifier(
  keys: readonly string[],
  clockToleranceSeconds = 0,
): FastVerifier | undefined {
  const node = nodeParts();
  if (!node) return undefined;
  const { crypto, buffer } = node;
  const decodeJson = (part: string): Record<string, unknown> | undefined => {
    // Buffer's base64url decoder skips characters outside the alphabet; jose would refuse them, so do we.
    if (!BASE64URL.test(part)) return undefined;
    try {
      const value: unknown = JSON.parse(buffer.from(part, "base64url").toString("utf8"));
      return value && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  };
  const sameText = (a: string, b: string) =>
    a.length === b.length && crypto.timingSafeEqual(buffer.from(a, "latin1"), buffer.from(b, "latin1"));
  return (signature, body, url) => {
    const parts = signature.split(".");
    if (parts.length !== 3) return false;
    const [header, payload, mac] = parts as [string, string, string];
    const protectedHeader = decodeJson(header);
    if (protectedHeader?.alg !== "HS256") return false;
    if (Object.keys(protectedHeader).some((name) => !HEADER_KEYS.has(name))) return false;
    const signed = `${header}.${payload}`;
    if (
      !keys.some((key) => sameText(crypto.createHmac("sha256", key).update(signed).digest("base64url"), mac))
    ) {
      return false;
    }
    const claims = decodeJson(payload);
    if (claims?.iss !== "Upstash") return false;
    // jose's rules (jwt_claims_set.js): optional numeric iat/nbf/exp; nbf > now + tol and exp <= now - tol fail.
    const now = Math.floor(Date.now() / 1000);
    const { iat, nbf, exp } = claims;
    if (iat !== undefined && typeof iat !== "number") return false;
    if (nbf !== undefined && (typeof nbf !== "number" || nbf > now + clockToleranceSeconds)) return false;
    if (exp !== undefined && (typeof exp !== "number" || exp <= now - clockToleranceSeconds)) return false;
    if (url !== undefined && claims.sub !== url) return false;
    if (typeof claims.body !== "string") return false;
    const hash = crypto.createHash("sha256").update(body).digest("base64url");
    return claims.body.replace(/=+$/, "") === hash;
  };
}
