import { z } from "zod";
import { conceptIdSchema, conceptTextSchema, httpUrlSchema } from "./common.ts";

/** `POST /` body of the edge worker. */
export const edgeRequestSchema = z.strictObject({ concept: conceptTextSchema });
export type EdgeRequest = z.infer<typeof edgeRequestSchema>;

/** One discovery provider that failed while others may have answered. */
export const providerErrorSchema = z.strictObject({
  provider: z.string().min(1).max(64),
  message: z.string().max(2000),
});
export type ProviderError = z.infer<typeof providerErrorSchema>;

/** `POST /` answer: how many URL messages QStash accepted, the URLs, and the concept's id. */
export const edgeResponseSchema = z.strictObject({
  stored: z.number().int().min(0).max(1000),
  urls: z.array(httpUrlSchema).max(100),
  concept_id: conceptIdSchema,
  errors: z.array(providerErrorSchema).max(20).optional(),
});
export type EdgeResponse = z.infer<typeof edgeResponseSchema>;
