import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { backupEnvSchema, createBucket, listBackups, runBackup } from "@qp/backup";
import { ensureMoto, type Moto, startMoto } from "@qp/backup/testing";
import { type QstashLocal, startQstashLocal } from "@qp/qstash-local";
import { EMBEDDING_DIM, errorEnvelopeSchema } from "@qp/schema";
import { createLogger, createRedisClient, listen, type Redis } from "@qp/service-kit";
import { type LocalRedis, startRedisServer } from "@qp/testing";
import { createLanceDbStore } from "@qp/vector-store";
import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";

const SERVICE_TOKEN = "orchestrator-backup-test-token";
const skipReason = ensureMoto();
if (skipReason) console.warn(`orchestrator backup route test skipped: ${skipReason}`);

const logger = createLogger({ service: "t", level: "silent" });
const config = {
  parserUrl: "http://127.0.0.1:9",
  validatorUrl: "http://127.0.0.1:9",
  parserTimeoutMs: 100,
  validatorTimeoutMs: 100,
  serviceToken: SERVICE_TOKEN,
};

describe.skipIf(skipReason !== undefined)("POST /api/backups", () => {
  const work = mkdtempSync(join(tmpdir(), "orch-backups-"));
  let moto: Moto;
  let redisServer: LocalRedis;
  let redis: Redis;
  let qstash: QstashLocal;
  let server: Awaited<ReturnType<typeof listen>>;
  let bucketEnv: ReturnType<typeof backupEnvSchema.parse>;

  beforeAll(async () => {
    moto = await startMoto();
    redisServer = await startRedisServer();
    redis = createRedisClient({ url: redisServer.url, logger });
    qstash = await startQstashLocal({ timeScale: 0.001 });
    bucketEnv = backupEnvSchema.parse({
      BACKUP_S3_ENDPOINT: moto.url,
      BACKUP_S3_BUCKET: "nightly",
      BACKUP_S3_REGION: "us-east-1",
      BACKUP_S3_ACCESS_KEY_ID: "test",
      BACKUP_S3_SECRET_ACCESS_KEY: "test",
      BACKUP_S3_FORCE_PATH_STYLE: "true",
      VECTOR_DB_PATH: join(work, "lancedb"),
      REDIS_URL: redisServer.url,
    });
    const s3 = new S3Client({
      endpoint: moto.url,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    await s3.send(new CreateBucketCommand({ Bucket: "nightly" }));
    s3.destroy();
    const store = createLanceDbStore({ path: join(work, "lancedb") });
    await store.upsertDocuments([
      {
        text: "a chunk",
        embedding: Array.from({ length: EMBEDDING_DIM }, (_, i) => Math.sin(i)),
        source_url: "https://example.org/a",
        concept: "golden cross",
        concept_id: "0123456789abcdef01234567",
        chunk_index: 0,
        title: "A",
        processed_at: "2026-12-01T04:00:00Z",
        parser_version: "1.0.0",
      },
    ]);
    await store.close();
    await redis.set("concept:x", "done");
    const bucket = createBucket(bucketEnv);
    const app = createApp({
      redis,
      logger,
      defaultMetrics: false,
      signing: { currentSigningKey: qstash.currentSigningKey, nextSigningKey: qstash.nextSigningKey },
      config,
      backup: {
        run: async () => {
          const { manifest, pruned } = await runBackup(bucketEnv, bucket, logger);
          return { id: manifest.id, createdAt: manifest.createdAt, files: manifest.files.length, pruned };
        },
      },
    });
    server = await listen(app.fetch, { port: 0, hostname: "127.0.0.1" });
  });
  afterAll(async () => {
    await server?.close();
    await qstash?.close();
    redis?.disconnect();
    await redisServer?.stop();
    await moto?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("refuses a call without a signature or the service token, and a bad signature, with the envelope", async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer wrong-token-of-some-length" },
      { "upstash-signature": "not.a.jwt" },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${server.url}/api/backups`, { method: "POST", headers });
      expect(res.status).toBe(401);
      expect(errorEnvelopeSchema.parse(await res.json()).error.code).toMatch(
        /unauthorized|invalid_signature/,
      );
    }
  });

  it("a QStash schedule's signed tick runs a real backup; metrics show its time", async () => {
    const client = new Client({ baseUrl: qstash.url, token: qstash.token, enableTelemetry: false });
    const bucket = createBucket(bucketEnv);
    const before = (await listBackups(bucketEnv, bucket)).length;
    const { scheduleId } = await client.schedules.create({
      destination: `${server.url}/api/backups`,
      cron: "* * * * * *",
      scheduleId: "nightly-backup",
    });
    try {
      for (let i = 0; (await listBackups(bucketEnv, bucket)).length <= before; i++) {
        if (i > 600) throw new Error("no backup written by the schedule within 60 s");
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await client.schedules.delete(scheduleId);
      bucket.close();
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const last = Number(/^backup_last_success_timestamp_seconds(?:\{[^}]*\})? (\S+)$/m.exec(metrics)?.[1]);
    expect(last).toBeGreaterThan(Date.UTC(2026, 0, 1) / 1000);
    expect(metrics).toMatch(/^backup_runs_total\{[^}]*outcome="success"[^}]*\} [1-9]/m);
  });

  it("an operator with the service token runs one now", async () => {
    const res = await fetch(`${server.url}/api/backups`, {
      method: "POST",
      headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
    });
    // 409 if a retried schedule tick is still running one.
    expect([200, 409]).toContain(res.status);
    if (res.status === 200) expect(((await res.json()) as { files: number }).files).toBeGreaterThan(0);
  });
});

describe("POST /api/backups without a bucket configured", () => {
  let redisServer: LocalRedis;
  beforeAll(async () => {
    redisServer = await startRedisServer();
  });
  afterAll(async () => redisServer?.stop());

  it("answers 503 not_configured to an authorised caller", async () => {
    const redis = createRedisClient({ url: redisServer.url, logger });
    const app = createApp({
      redis,
      logger,
      defaultMetrics: false,
      signing: { currentSigningKey: "a", nextSigningKey: "b" },
      config,
    });
    const res = await app.request("http://orchestrator.test/api/backups", {
      method: "POST",
      headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
    });
    expect(res.status).toBe(503);
    expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe("not_configured");
    redis.disconnect();
  });
});
