import { conceptIdSchema, isoTimestampSchema } from "@qp/schema";
import { z } from "zod";

/**
 * What the orchestrator keeps in Redis, as zod schemas: every value read back is parsed with these (a value
 * written by an older version, by hand or by another tool is reported, never trusted). The URL and validation
 * records are also part of the concept view others read, so their schemas live in @qp/schema.
 */

export {
  type UrlRecord,
  type UrlStatus,
  urlRecordSchema,
  urlStatusSchema,
  type ValidationRecord,
  validationRecordSchema,
  validationStatusSchema,
} from "@qp/schema";

/** The concept hash as HGETALL returns it (strings only). */
export const conceptHashSchema = z.strictObject({
  concept_id: conceptIdSchema,
  concept: z.string().min(1).max(500),
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
  validation: z.string().optional(),
});
export type ConceptHash = z.infer<typeof conceptHashSchema>;
