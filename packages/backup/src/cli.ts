import { createLogger, parseEnv } from "@qp/service-kit";
import { listBackups, runBackup } from "./backup.ts";
import { backupEnvSchema } from "./env.ts";
import { runRestore } from "./restore.ts";
import { createBucket } from "./s3.ts";

// `pnpm backup` | `pnpm restore <id>` | `pnpm backup list`
const [command, arg] = process.argv.slice(2);
const env = parseEnv(backupEnvSchema);
const logger = createLogger({ service: "backup", level: "info" });
const bucket = createBucket(env);
try {
  if (command === "backup" && arg === "list") {
    console.log((await listBackups(env, bucket)).join("\n"));
  } else if (command === "backup") {
    const { manifest, pruned } = await runBackup(env, bucket, logger);
    console.log(JSON.stringify({ id: manifest.id, files: manifest.files.length, pruned }));
  } else if (command === "restore" && arg) {
    const result = await runRestore(env, bucket, arg, logger);
    console.log(
      JSON.stringify({ id: arg, previousVectorDb: result.previousVectorDb, redisRdb: result.redisRdb }),
    );
  } else {
    console.error("usage: pnpm backup [list] | pnpm restore <backup-id>");
    process.exitCode = 2;
  }
} catch (error) {
  logger.error({ err: error }, `${command} failed`);
  process.exitCode = 1;
} finally {
  bucket.close();
}
