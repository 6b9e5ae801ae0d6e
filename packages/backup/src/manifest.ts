import { z } from "zod";

export const BACKUP_ID = /^\d{8}T\d{6}\d{3}Z(-[a-z0-9]+)?$/;

/** What one backup holds; written last, so a backup without a manifest is incomplete and ignored. */
export const manifestSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(BACKUP_ID),
  createdAt: z.string(),
  files: z.array(
    z.object({
      /** Path inside the backup (`lancedb/...`, `redis/dump.rdb`). */
      name: z.string().min(1),
      bytes: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
  lancedb: z
    .object({
      tables: z.array(z.object({ name: z.string(), version: z.number().int(), rows: z.number().int() })),
    })
    .optional(),
  weaviate: z
    .object({ backupId: z.string(), backend: z.literal("s3"), classes: z.array(z.string()) })
    .optional(),
  redis: z.object({ keys: z.number().int().min(0) }).optional(),
  sse: z.string().optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** A sortable id from the time: `20261201T040000123Z`. */
export function newBackupId(now = new Date()): string {
  return now.toISOString().replace(/[-:.]/g, "");
}
