import { HttpError } from "@qp/service-kit/web";

const encoder = new TextEncoder();

/**
 * Compares two secrets without leaking where they differ: both are hashed first (equal lengths, and the
 * comparison sees digests, not the key), then every byte is compared.
 */
export async function secretsEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  const left = new Uint8Array(a);
  const right = new Uint8Array(b);
  let difference = 0;
  for (let i = 0; i < left.length; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return difference === 0;
}

/** Throws 401 unless `Authorization: Bearer <apiKey>`; a no-op when no key is configured. */
export async function requireApiKey(request: Request, apiKey: string | undefined): Promise<void> {
  if (!apiKey) return;
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const challenge = { "WWW-Authenticate": 'Bearer realm="qstash-pipeline-edge"' };
  if (!match?.[1]) {
    throw new HttpError(401, "unauthorized", "Authorization: Bearer <key> is required", undefined, challenge);
  }
  if (!(await secretsEqual(match[1], apiKey))) {
    throw new HttpError(401, "unauthorized", "the API key is not valid", undefined, challenge);
  }
}
