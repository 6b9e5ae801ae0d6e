export { type BackupResult, listBackups, runBackup } from "./backup.ts";
export { type BackupEnv, backupEnvSchema } from "./env.ts";
export { type Manifest, manifestSchema } from "./manifest.ts";
export { type RestoreResult, runRestore } from "./restore.ts";
export { type Bucket, createBucket } from "./s3.ts";
