import { createHash, createHmac } from "node:crypto";
import { newJwtId } from "./ids.ts";

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

/** SHA-256 of the raw body, base64url WITH padding, as QStash writes the `body` claim (receivers strip `=`). */
export function bodyHash(body: Uint8Array): string {
  const digest = createHash("sha256").update(body).digest("base64url");
  return digest.padEnd(Math.ceil(digest.length / 4) * 4, "=");
}

/**
 * The `Upstash-Signature` JWT exactly as QStash signs it: HS256 keyed with the UTF-8 bytes of the signing-key
 * string (not base64-decoded), `iss` Upstash, `sub` the URL this delivery goes to, five minutes of life, and
 * the body hash. A fresh token (new `jti`, new times) for every attempt, so retries hours later still verify.
 */
export function signDelivery({
  signingKey,
  url,
  body,
  now = Date.now(),
}: {
  signingKey: string;
  url: string;
  body: Uint8Array;
  now?: number;
}): string {
  const iat = Math.floor(now / 1000);
  const claims = {
    iss: "Upstash",
    sub: url,
    iat,
    nbf: iat,
    exp: iat + 300,
    jti: newJwtId(),
    body: bodyHash(body),
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const signature = createHmac("sha256", signingKey).update(`${HEADER}.${payload}`).digest("base64url");
  return `${HEADER}.${payload}.${signature}`;
}
