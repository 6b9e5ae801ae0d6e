/**
 * Deterministic ids shared by the Worker and the Node services: SHA-256 from node:crypto where the runtime has
 * it, Web Crypto otherwise (the Worker), the same digest either way. On Node, Web Crypto's digest is a trip
 * through the thread pool and back for a few dozen bytes; the crawler paid ~5% of its main thread's CPU for it.
 */

const encoder = new TextEncoder();

interface NodeCrypto {
  createHash(algorithm: "sha256"): {
    update(text: string, encoding: "utf8"): { digest(encoding: "hex"): string };
  };
}
// `getBuiltinModule` (Node ≥ 20.16) rather than an import, so bundles for the Worker never see node:crypto.
const nodeCrypto = ((): NodeCrypto | undefined => {
  try {
    const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    return runtime?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
})();

async function sha256Hex(text: string): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHash("sha256").update(text, "utf8").digest("hex");
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Unicode-normalise, lowercase and collapse whitespace, so "Golden  Cross" and "golden cross" are one concept. */
export function normaliseConcept(concept: string): string {
  return concept.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** The concept id: the first 24 hex characters of SHA-256 over the normalised concept text. */
export async function conceptIdOf(concept: string): Promise<string> {
  return (await sha256Hex(normaliseConcept(concept))).slice(0, 24);
}

/**
 * A stable 32-hex id for a tuple of parts (e.g. concept id and URL). Parts are joined with a NUL byte so that
 * ("a", "bc") and ("ab", "c") differ.
 */
export async function stableId(...parts: ReadonlyArray<string | number>): Promise<string> {
  return (await sha256Hex(parts.map(String).join("\u0000"))).slice(0, 32);
}

/** RFC 4122 version-5-shaped UUID from the same hash, for stores that want UUIDs (Weaviate, LanceDB rows). */
export async function stableUuid(...parts: ReadonlyArray<string | number>): Promise<string> {
  const hex = (await sha256Hex(parts.map(String).join("\u0000"))).slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
