import { randomFillSync } from "node:crypto";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** A random base58 string (QStash ids look like `msg_` + base58). */
function base58(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[nextByte() % 58];
  return out;
}

// Random bytes drawn 8 KiB at a time: one randomFillSync per message (two ids each) showed up in profiles.
const pool = Buffer.alloc(8192);
let poolAt = pool.length;
function nextByte(): number {
  if (poolAt >= pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++] as number;
}

export const newMessageId = (): string => `msg_${base58(26)}`;
export const newJwtId = (): string => `jwt_${base58(26)}`;

let dlqCounter = 0;
/** DLQ ids look like `1725323658779-0` in QStash: a timestamp and a sequence. */
export const newDlqId = (): string => `${Date.now()}-${dlqCounter++}`;

/** Schedule ids look like `scd_` + base58 in QStash. */
export const newScheduleId = (): string => `scd_${base58(26)}`;
