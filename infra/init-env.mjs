#!/usr/bin/env node
// Writes infra/.env for docker compose: infra/.env.example with every empty secret filled with a fresh random
// value, so a first `docker compose up` has a Redis password, service token, API key and QStash keys that
// nobody else knows. Never overwrites an existing file (pass --force to replace it).
// Usage: node infra/init-env.mjs [--out FILE] [--force]
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The variables init-env generates; hex so they are safe inside REDIS_URL and any header. */
export const GENERATED_SECRETS = [
  "REDIS_PASSWORD",
  "SERVICE_TOKEN",
  "API_KEY",
  "QSTASH_TOKEN",
  "QSTASH_CURRENT_SIGNING_KEY",
  "QSTASH_NEXT_SIGNING_KEY",
  "WEAVIATE_API_KEY",
];

/** The example's text with each listed secret that is empty there given a random 32-byte hex value. */
export function fillSecrets(example, random = () => randomBytes(32).toString("hex")) {
  return example.replace(/^([A-Z0-9_]+)=$/gm, (line, name) =>
    GENERATED_SECRETS.includes(name) ? `${name}=${random()}` : line,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = dirname(fileURLToPath(import.meta.url));
  const args = process.argv.slice(2);
  const outIndex = args.indexOf("--out");
  const out = outIndex >= 0 ? args[outIndex + 1] : join(here, ".env");
  if (!out) throw new Error("--out needs a file name");
  if (existsSync(out) && !args.includes("--force")) {
    console.error(`${out} exists; keeping it (pass --force to replace it and its secrets)`);
    process.exit(1);
  }
  writeFileSync(out, fillSecrets(readFileSync(join(here, ".env.example"), "utf8")), { mode: 0o600 });
  console.log(`wrote ${out} (random secrets; keep it private)`);
}
