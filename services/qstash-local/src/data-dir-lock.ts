import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Claim a data dir for this process. Two servers on one store would both deliver every message, so a second
 * one is refused while the first is alive; a lock left by a crashed (`kill -9`) process is taken over.
 * Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, "qstash-local.lock");
  let holder: number | undefined;
  try {
    holder = Number.parseInt(readFileSync(path, "utf8"), 10);
  } catch {
    holder = undefined;
  }
  if (holder !== undefined && Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
    throw new Error(
      `data dir ${dataDir} is in use by process ${holder}; stop it, or delete ${path} if that is not qstash-local`,
    );
  }
  writeFileSync(path, String(process.pid));
  return () => {
    try {
      if (readFileSync(path, "utf8") === String(process.pid)) rmSync(path, { force: true });
    } catch {
      // Already gone.
    }
  };
}
