import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Logger } from "@qp/service-kit";
import type { BackupEnv } from "./env.ts";
import { sha256 } from "./files.ts";
import { verifyLanceDb } from "./lancedb.ts";
import { BACKUP_ID, type Manifest, manifestSchema } from "./manifest.ts";
import { countRdbKeys } from "./redis.ts";
import type { Bucket } from "./s3.ts";
import { restoreWeaviate } from "./weaviate.ts";

export interface RestoreResult {
  manifest: Manifest;
  /** Where the replaced LanceDB folder was moved (kept for a manual roll-back). */
  previousVectorDb?: string;
  redisRdb?: string;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Restore backup `id`: download every file into a new folder next to the live one, check each sha256, open
 * the LanceDB copy at the recorded versions and check its row counts, load the RDB in a throw-away Redis and
 * check its key count. Only when all of that holds is the live LanceDB folder swapped for the new one (two
 * renames; the old folder is kept) and the RDB written to REDIS_RESTORE_RDB_PATH. Any mismatch throws and
 * leaves the live data untouched. Restart the services (and Redis) afterwards so they reopen the data.
 */
export async function runRestore(
  env: BackupEnv,
  bucket: Bucket,
  id: string,
  logger: Logger,
): Promise<RestoreResult> {
  if (!BACKUP_ID.test(id)) throw new Error(`"${id}" is not a backup id (e.g. 20261201T040000123Z)`);
  const base = `${env.BACKUP_S3_PREFIX}${id}/`;
  let raw: Buffer;
  try {
    raw = await bucket.get(`${base}manifest.json`);
  } catch (error) {
    throw new Error(`backup ${id} not found or incomplete (no manifest): ${(error as Error).message}`);
  }
  const manifest = manifestSchema.parse(JSON.parse(raw.toString("utf8")));
  const fetchVerified = async (name: string): Promise<Buffer> => {
    const entry = manifest.files.find((f) => f.name === name);
    if (!entry) throw new Error(`manifest lists no ${name}`);
    const data = await bucket.get(`${base}${name}`);
    if (data.length !== entry.bytes || sha256(data) !== entry.sha256) {
      throw new Error(`checksum mismatch on ${name}: the backup is damaged, nothing was restored`);
    }
    return data;
  };

  let staged: string | undefined;
  const result: RestoreResult = { manifest };
  try {
    if (manifest.lancedb) {
      if (!env.VECTOR_DB_PATH) throw new Error("backup holds LanceDB data: set VECTOR_DB_PATH");
      staged = `${env.VECTOR_DB_PATH.replace(/\/+$/, "")}.restore-${id}`;
      await rm(staged, { recursive: true, force: true });
      for (const file of manifest.files.filter((f) => f.name.startsWith("lancedb/"))) {
        const target = join(staged, file.name.slice("lancedb/".length));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, await fetchVerified(file.name));
      }
      await mkdir(staged, { recursive: true });
      await verifyLanceDb(staged, manifest.lancedb.tables);
    }
    let rdb: Buffer | undefined;
    if (manifest.redis) {
      rdb = await fetchVerified("redis/dump.rdb");
      const keys = await countRdbKeys(rdb);
      if (keys !== manifest.redis.keys) {
        throw new Error(
          `the RDB loads ${keys} keys, the backup recorded ${manifest.redis.keys}: nothing was restored`,
        );
      }
    }

    // Everything checked: switch over (the RDB first, the step more likely to fail on a bad path).
    if (rdb && env.REDIS_RESTORE_RDB_PATH) {
      const tmp = `${env.REDIS_RESTORE_RDB_PATH}.restore-${id}`;
      await mkdir(dirname(env.REDIS_RESTORE_RDB_PATH), { recursive: true });
      await writeFile(tmp, rdb);
      await rename(tmp, env.REDIS_RESTORE_RDB_PATH);
      result.redisRdb = env.REDIS_RESTORE_RDB_PATH;
    }
    if (staged && env.VECTOR_DB_PATH) {
      const live = env.VECTOR_DB_PATH.replace(/\/+$/, "");
      if (await exists(live)) {
        result.previousVectorDb = `${live}.replaced-${Date.now()}`;
        await rename(live, result.previousVectorDb);
      }
      await rename(staged, live);
      staged = undefined;
    }
    if (manifest.weaviate && env.WEAVIATE_URL)
      await restoreWeaviate(env.WEAVIATE_URL, env.WEAVIATE_API_KEY, manifest.weaviate.backupId);
  } finally {
    if (staged) await rm(staged, { recursive: true, force: true });
  }
  logger.info(
    { backupId: id, previousVectorDb: result.previousVectorDb, redisRdb: result.redisRdb },
    "backup restored",
  );
  return result;
}
