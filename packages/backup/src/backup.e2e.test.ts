import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { EMBEDDING_DIM, type EmbeddingObject } from "@qp/schema";
import { createLogger } from "@qp/service-kit";
import { freePort, type LocalRedis, startRedisServer } from "@qp/testing";
import { createLanceDbStore } from "@qp/vector-store";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listBackups, runBackup } from "./backup.ts";
import { type BackupEnv, backupEnvSchema } from "./env.ts";
import { ensureMoto, type Moto, startMoto } from "./moto.test-support.ts";
import { runRestore } from "./restore.ts";
import { type Bucket, createBucket } from "./s3.ts";

const skipReason = ensureMoto();
if (skipReason) console.warn(`backup e2e skipped: ${skipReason}`);

const conceptId = "0123456789abcdef01234567";
const logger = createLogger({ service: "backup-test", level: "warn" });
const work = mkdtempSync(join(tmpdir(), "qp-backup-e2e-"));
const vectorDbPath = join(work, "lancedb");

/** A unit vector leaning on one axis, so each query has a clear nearest chunk. */
function vector(axis: number): number[] {
  return Array.from({ length: EMBEDDING_DIM }, (_, i) =>
    i === axis ? 1 : (((i * 7 + axis) % 13) - 6) * 0.001,
  );
}
function doc(i: number): EmbeddingObject {
  return {
    text: `chunk ${i} about moving averages`,
    embedding: vector(i),
    source_url: `https://example.org/page-${i % 3}`,
    concept: "golden cross",
    concept_id: conceptId,
    chunk_index: i,
    title: `Page ${i % 3}`,
    processed_at: "2026-12-01T04:00:00Z",
    parser_version: "1.0.0",
  } as EmbeddingObject;
}

async function search(axis: number) {
  const store = createLanceDbStore({ path: vectorDbPath });
  try {
    return (await store.searchDocuments(vector(axis), { limit: 5 })).map((h) => [
      h.id,
      h.text,
      h.score.toFixed(6),
    ]);
  } finally {
    await store.close();
  }
}

describe.skipIf(skipReason !== undefined)(
  "backup and restore against moto S3, real LanceDB and Redis",
  () => {
    let moto: Moto;
    let redis: LocalRedis;
    let env: BackupEnv;
    let bucket: Bucket;
    let s3: S3Client;

    beforeAll(async () => {
      moto = await startMoto();
      redis = await startRedisServer();
      env = backupEnvSchema.parse({
        BACKUP_S3_ENDPOINT: moto.url,
        BACKUP_S3_BUCKET: "qp-backups",
        BACKUP_S3_REGION: "us-east-1",
        BACKUP_S3_ACCESS_KEY_ID: "test",
        BACKUP_S3_SECRET_ACCESS_KEY: "test",
        BACKUP_S3_FORCE_PATH_STYLE: "true",
        BACKUP_S3_SSE: "AES256",
        BACKUP_RETENTION: "2",
        VECTOR_DB_PATH: vectorDbPath,
        REDIS_URL: redis.url,
        REDIS_RESTORE_RDB_PATH: join(work, "redis-restored", "dump.rdb"),
      });
      s3 = new S3Client({
        endpoint: moto.url,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      });
      await s3.send(new CreateBucketCommand({ Bucket: "qp-backups" }));
      bucket = createBucket(env);
    });
    afterAll(async () => {
      bucket?.close();
      s3?.destroy();
      await moto?.stop();
      await redis?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    it("backs up, survives a wipe, restores verified data that searches the same; retention keeps 2", async () => {
      const store = createLanceDbStore({ path: vectorDbPath });
      await store.upsertDocuments(Array.from({ length: 12 }, (_, i) => doc(i)));
      await store.close();
      const client = new Redis(redis.url);
      await client.mset("concept:a", "crawling", "concept:b", "done");
      await client.rpush("start_urls", "https://example.org/1", "https://example.org/2");
      const before = [await search(3), await search(7)];
      expect(before[0]?.[0]?.[1]).toBe("chunk 3 about moving averages");

      const { manifest } = await runBackup(env, bucket, logger, new Date("2026-12-01T04:00:00.000Z"));
      expect(manifest.lancedb?.tables).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "Document", rows: 12 })]),
      );
      expect(manifest.redis).toEqual({ keys: 3 });
      expect(manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: "qp-backups", Key: `backups/${manifest.id}/redis/dump.rdb` }),
      );
      expect(head.ServerSideEncryption).toBe("AES256");

      // Wipe both stores.
      rmSync(vectorDbPath, { recursive: true, force: true });
      await client.flushall();
      expect(await client.dbsize()).toBe(0);

      const result = await runRestore(env, bucket, manifest.id, logger);
      expect(result.redisRdb).toBe(env.REDIS_RESTORE_RDB_PATH);
      expect([await search(3), await search(7)]).toEqual(before);

      // The restored RDB, loaded by a real redis-server, holds the same data.
      const port = await freePort();
      const restored = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--dir", join(work, "redis-restored"), "--save", ""],
        { stdio: "ignore" },
      );
      try {
        const check = new Redis(port, "127.0.0.1", { retryStrategy: (n) => (n > 200 ? null : 50) });
        check.on("error", () => {}); // refused until the server listens; the retry strategy waits for it
        try {
          expect(await check.mget("concept:a", "concept:b")).toEqual(["crawling", "done"]);
          expect(await check.lrange("start_urls", 0, -1)).toEqual([
            "https://example.org/1",
            "https://example.org/2",
          ]);
        } finally {
          check.disconnect();
        }
      } finally {
        restored.kill("SIGKILL");
      }
      client.disconnect();

      // Retention 2: after two more backups only the last two remain.
      await runBackup(env, bucket, logger, new Date("2026-12-02T04:00:00.000Z"));
      await runBackup(env, bucket, logger, new Date("2026-12-03T04:00:00.000Z"));
      expect(await listBackups(env, bucket)).toEqual(["20261202T040000000Z", "20261203T040000000Z"]);
    });

    it("a damaged file fails the checksum and leaves the live data untouched", async () => {
      const [id] = await listBackups(env, bucket);
      const keys = await bucket.list(`backups/${id}/lancedb/`);
      const victim = keys.find((k) => k.endsWith(".lance")) as string;
      await s3.send(new PutObjectCommand({ Bucket: "qp-backups", Key: victim, Body: "not lance data" }));
      // The tables only: `Document.hnsw` is the in-process index's saved graph, derived from the table and
      // written when a search's store closes after its background build finished (timing-dependent).
      const tables = () =>
        readdirSync(vectorDbPath)
          .filter((name) => !name.endsWith(".hnsw"))
          .sort();
      const live = tables();
      const before = await search(5);
      await expect(runRestore(env, bucket, id as string, logger)).rejects.toThrow("checksum mismatch");
      expect(tables()).toEqual(live);
      expect(await search(5)).toEqual(before);
      expect(readdirSync(work).filter((n) => n.includes(".restore-"))).toEqual([]);
    });

    it("an unknown or malformed id is refused", async () => {
      await expect(runRestore(env, bucket, "20200101T000000000Z", logger)).rejects.toThrow("not found");
      await expect(runRestore(env, bucket, "../etc", logger)).rejects.toThrow("not a backup id");
    });
  },
);
