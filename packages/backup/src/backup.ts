import { join } from "node:path";
import type { Logger } from "@qp/service-kit";
import type { BackupEnv } from "./env.ts";
import { listFiles, readWithSum } from "./files.ts";
import { snapshotLanceDb } from "./lancedb.ts";
import { type Manifest, manifestSchema, newBackupId } from "./manifest.ts";
import { dumpRedis } from "./redis.ts";
import type { Bucket } from "./s3.ts";
import { backupWeaviate } from "./weaviate.ts";

export interface BackupResult {
  manifest: Manifest;
  /** Backups deleted by the retention count. */
  pruned: string[];
}

/**
 * One backup: the vector store (a LanceDB folder snapshot, or Weaviate's own backup to the bucket), the
 * Redis RDB, then the manifest with each file's sha256 and the counts restore checks. The manifest goes last:
 * its presence marks a complete backup. Then the oldest complete backups beyond the retention count go.
 */
export async function runBackup(
  env: BackupEnv,
  bucket: Bucket,
  logger: Logger,
  now = new Date(),
): Promise<BackupResult> {
  const id = newBackupId(now);
  const base = `${env.BACKUP_S3_PREFIX}${id}/`;
  const files: Manifest["files"] = [];
  const upload = async (name: string, path: string) => {
    const { data, sha256 } = await readWithSum(path);
    await bucket.put(`${base}${name}`, data);
    files.push({ name, bytes: data.length, sha256 });
  };
  const manifest: Manifest = { version: 1, id, createdAt: now.toISOString(), files };
  if (env.BACKUP_S3_SSE) manifest.sse = env.BACKUP_S3_SSE;

  if (env.WEAVIATE_URL) {
    manifest.weaviate = {
      backend: "s3",
      ...(await backupWeaviate(env.WEAVIATE_URL, env.WEAVIATE_API_KEY, id)),
    };
  } else if (env.VECTOR_DB_PATH) {
    const snapshot = await snapshotLanceDb(env.VECTOR_DB_PATH);
    try {
      for (const name of await listFiles(snapshot.dir))
        await upload(`lancedb/${name}`, join(snapshot.dir, name));
      manifest.lancedb = { tables: snapshot.tables };
    } finally {
      await snapshot.cleanup();
    }
  }
  const redis = await dumpRedis(env.REDIS_URL);
  try {
    await upload("redis/dump.rdb", redis.file);
    manifest.redis = { keys: redis.keys };
  } finally {
    await redis.cleanup();
  }
  await bucket.put(
    `${base}manifest.json`,
    Buffer.from(JSON.stringify(manifestSchema.parse(manifest), null, 2)),
  );
  logger.info(
    { backupId: id, files: files.length, tables: manifest.lancedb?.tables, redisKeys: manifest.redis?.keys },
    "backup written",
  );

  const pruned = await prune(env, bucket);
  if (pruned.length > 0) logger.info({ pruned }, "old backups deleted (retention)");
  return { manifest, pruned };
}

/** Complete backups (those with a manifest), oldest first. */
export async function listBackups(env: BackupEnv, bucket: Bucket): Promise<string[]> {
  const keys = new Set(await bucket.list(env.BACKUP_S3_PREFIX));
  return (await bucket.folders(env.BACKUP_S3_PREFIX))
    .filter((id) => keys.has(`${env.BACKUP_S3_PREFIX}${id}/manifest.json`))
    .sort();
}

async function prune(env: BackupEnv, bucket: Bucket): Promise<string[]> {
  const complete = await listBackups(env, bucket);
  const old = complete.slice(0, Math.max(0, complete.length - env.BACKUP_RETENTION));
  for (const id of old) {
    const prefix = `${env.BACKUP_S3_PREFIX}${id}/`;
    const keys = await bucket.list(prefix);
    // The manifest first: a half-deleted backup must not look complete.
    await bucket.remove(keys.filter((k) => k.endsWith("/manifest.json")));
    await bucket.remove(keys.filter((k) => !k.endsWith("/manifest.json")));
  }
  return old;
}
