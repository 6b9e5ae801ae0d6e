import { envPositiveInt } from "@qp/service-kit";
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0"])
  .default("false")
  .transform((v) => v === "true" || v === "1");

/**
 * Where backups go: any S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, moto). For R2:
 * `BACKUP_S3_ENDPOINT=https://<account>.r2.cloudflarestorage.com`, `BACKUP_S3_REGION=auto`, the R2 token's
 * access key id and secret. `BACKUP_S3_SSE` (AES256 or aws:kms) asks the store to encrypt at rest where it
 * offers that header (AWS, MinIO with KMS, moto); leave it unset on R2, which always encrypts at rest and
 * refuses the header.
 */
export const backupEnvSchema = z.object({
  BACKUP_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  BACKUP_S3_BUCKET: z.string().min(3),
  BACKUP_S3_REGION: z.string().min(1).default("auto"),
  BACKUP_S3_ACCESS_KEY_ID: z.string().min(1),
  BACKUP_S3_SECRET_ACCESS_KEY: z.string().min(1),
  BACKUP_S3_FORCE_PATH_STYLE: flag,
  BACKUP_S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, "empty or folder names ending in /")
    .default("backups/"),
  BACKUP_S3_SSE: z.enum(["AES256", "aws:kms"]).optional(),
  /** How many complete backups to keep; older ones are deleted after each successful backup. */
  BACKUP_RETENTION: envPositiveInt.default(7),
  /** LanceDB folder (as the parser and orchestrator use it). */
  VECTOR_DB_PATH: z.string().min(1).optional(),
  /** Weaviate: back up through its backup-s3 module instead of a LanceDB folder. */
  WEAVIATE_URL: z.url().optional(),
  WEAVIATE_API_KEY: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).default("redis://127.0.0.1:6379"),
  /** Restore: where the verified RDB is written (the dump.rdb of a stopped Redis); unset = not restored. */
  REDIS_RESTORE_RDB_PATH: z.string().min(1).optional(),
});
export type BackupEnv = z.infer<typeof backupEnvSchema>;
