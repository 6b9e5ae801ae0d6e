import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { BackupEnv } from "./env.ts";

/** The few bucket operations backups need, over the AWS SDK v3 client. */
export interface Bucket {
  put(key: string, body: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Every key under `prefix`. */
  list(prefix: string): Promise<string[]>;
  /** Folder names directly under `prefix` (without the prefix or the trailing slash). */
  folders(prefix: string): Promise<string[]>;
  remove(keys: string[]): Promise<void>;
  close(): void;
}

export function createBucket(env: BackupEnv): Bucket {
  const client = new S3Client({
    region: env.BACKUP_S3_REGION,
    ...(env.BACKUP_S3_ENDPOINT && { endpoint: env.BACKUP_S3_ENDPOINT }),
    forcePathStyle: env.BACKUP_S3_FORCE_PATH_STYLE,
    credentials: {
      accessKeyId: env.BACKUP_S3_ACCESS_KEY_ID,
      secretAccessKey: env.BACKUP_S3_SECRET_ACCESS_KEY,
    },
    // Checksums only where the API requires them: R2 and older S3-compatible servers reject the newer
    // default trailing checksums. Our own sha256 per file (in the manifest) is what restore verifies.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = env.BACKUP_S3_BUCKET;
  return {
    async put(key, body) {
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: key,
          Body: body,
          ...(env.BACKUP_S3_SSE && { ServerSideEncryption: env.BACKUP_S3_SSE }),
        }),
      );
    },
    async get(key) {
      const res = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      return Buffer.from(
        await (res.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const res = await client.send(
          new ListObjectsV2Command({ Bucket, Prefix: prefix, ...(token && { ContinuationToken: token }) }),
        );
        for (const item of res.Contents ?? []) if (item.Key) keys.push(item.Key);
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    async folders(prefix) {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const res = await client.send(
          new ListObjectsV2Command({
            Bucket,
            Prefix: prefix,
            Delimiter: "/",
            ...(token && { ContinuationToken: token }),
          }),
        );
        for (const p of res.CommonPrefixes ?? []) {
          if (p.Prefix) names.push(p.Prefix.slice(prefix.length).replace(/\/$/, ""));
        }
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
      return names;
    },
    async remove(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        await client.send(
          new DeleteObjectsCommand({
            Bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
      }
    },
    close: () => client.destroy(),
  };
}
