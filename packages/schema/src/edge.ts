import { z } from "zod";
import { conceptIdSchema, conceptTextSchema, httpUrlSchema } from "./common.ts";

/** `POST /` body of the edge worker. */
export const edgeRequestSchema = z.strictObject({ concept: conceptTextSchema });
export type EdgeRequest = z.infer<typeof edgeRequestSchema>;

/**
 * Why a provider failed, for a client to act on: `network` (could not reach it: offline, DNS, refused,
 * timed out), `http` (it answered with an error status or an API error), `config` (our settings are wrong),
 * `other` (an answer we could not read).
 */
export const providerErrorKindSchema = z.enum(["network", "http", "config", "other"]);
export type ProviderErrorKind = z.infer<typeof providerErrorKindSchema>;

/** One discovery provider that failed, in plain words ("could not reach en.wikipedia.org: no network"). */
export const providerErrorSchema = z.strictObject({
  provider: z.string().min(1).max(64),
  message: z.string().max(2000),
  kind: providerErrorKindSchema,
});
export type ProviderError = z.infer<typeof providerErrorSchema>;

/**
 * `POST /` answer: how many URL messages QStash accepted, the URLs, and the concept's id. It is 202 even when
 * every provider failed (`urls` empty, `errors` saying why): the concept is still registered and back-tested.
 */
export const edgeResponseSchema = z.strictObject({
  stored: z.number().int().min(0).max(1000),
  urls: z.array(httpUrlSchema).max(100),
  concept_id: conceptIdSchema,
  errors: z.array(providerErrorSchema).max(20).optional(),
});
export type EdgeResponse = z.infer<typeof edgeResponseSchema>;
