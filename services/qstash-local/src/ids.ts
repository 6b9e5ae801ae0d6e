import { randomBytes } from "node:crypto";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** A random base58 string (QStash ids look like `msg_` + base58). */
function base58(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % 58];
  return out;
}

export const newMessageId = (): string => `msg_${base58(26)}`;
export const newJwtId = (): string => `jwt_${base58(26)}`;

let dlqCounter = 0;
/** DLQ ids look like `1725323658779-0` in QStash: a timestamp and a sequence. */
export const newDlqId = (): string => `${Date.now()}-${dlqCounter++}`;
