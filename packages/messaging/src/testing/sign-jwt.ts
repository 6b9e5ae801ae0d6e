import { createHash, createHmac, randomBytes } from "node:crypto";

/**
 * Test and benchmark helpers (`@qp/messaging/testing`, Node only): QStash-style JWTs made by hand with
 * node:crypto exactly as QStash signs them (HS256 keyed with the signing-key string; iss, sub, iat, nbf,
 * exp = +300 s, jti, body = base64url SHA-256 of the raw body), so tests do not trust the SDK to sign.
 */
export interface SignOptions {
  key: string;
  body: string;
  sub?: string;
  iss?: string;
  iat?: number;
  nbf?: number;
  exp?: number;
  alg?: string;
  /** Claims to leave out entirely. */
  omit?: string[];
  /** Keep the `=` padding of the body hash, as QStash's docs example does. */
  padded?: boolean;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** The `body` claim QStash puts in a token: base64url SHA-256 of the raw body (optionally with `=` padding). */
export function bodyHash(body: string, padded = false): string {
  const hash = createHash("sha256").update(body, "utf8").digest("base64url");
  return padded ? `${hash}=` : hash;
}

/**
 * A compact HS256 JWS keyed with the UTF-8 bytes of `key`, claims as QStash writes them unless overridden:
 * `iss` Upstash, `sub`, `iat`/`nbf` now, `exp` now + 300 s, a random `jti`, `body`. `omit` drops claims and
 * `alg: "none"` yields an unsigned token, for the negative tests.
 */
export function signJwt(options: SignOptions): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: options.iss ?? "Upstash",
    sub: options.sub ?? "http://127.0.0.1/api/qstash",
    iat: options.iat ?? now,
    nbf: options.nbf ?? now,
    exp: options.exp ?? now + 300,
    jti: `jwt_${randomBytes(12).toString("hex")}`,
    body: bodyHash(options.body, options.padded),
  };
  for (const name of options.omit ?? []) delete claims[name];
  const header = b64url(JSON.stringify({ alg: options.alg ?? "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify(claims));
  if (options.alg === "none") return `${header}.${payload}.`;
  const signature = createHmac("sha256", Buffer.from(options.key, "utf8"))
    .update(`${header}.${payload}`)
    .digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** Headers of a signed delivery as QStash sends them, for `app.request()` or fetch. */
export function signedHeaders(
  body: string,
  {
    key,
    url,
    messageId,
    retried = 0,
  }: { key: string; url: string; messageId?: string | undefined; retried?: number | undefined },
): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "Upstash-QStash",
    "upstash-signature": signJwt({ key, body, sub: url }),
    "upstash-retried": String(retried),
    ...(messageId ? { "upstash-message-id": messageId } : {}),
  };
}
