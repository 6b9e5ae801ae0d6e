import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/** Every regular file under `root`, as `/`-separated paths relative to it. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

export const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

export async function readWithSum(path: string): Promise<{ data: Buffer; sha256: string }> {
  const data = await readFile(path);
  return { data, sha256: sha256(data) };
}
