import { envPositiveInt, envSecret, serviceEnvFields } from "@qp/service-kit";
import { z } from "zod";

const url = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

/** The orchestrator's environment; parsed in `main()` so tests build apps with their own settings. */
export const envSchema = z
  .object({
    ...serviceEnvFields(8000),
    /** Shared secret between our services: sent to the parser/validator, required on the validator's callback. */
    SERVICE_TOKEN: envSecret.optional(),
    /** Guards the query/report API (`/api/*` but /api/qstash, `/concepts/*`, `/metrics`): Bearer or X-Api-Key. */
    API_KEY: envSecret.optional(),
    REDIS_URL: z.string().min(1).default("redis://127.0.0.1:6379"),
    REDIS_KEY_PREFIX: z.string().max(64).optional(),
    PARSER_URL: url.default("http://127.0.0.1:8002"),
    VALIDATOR_URL: url.default("http://127.0.0.1:8003"),
    PARSER_TIMEOUT_MS: envPositiveInt.default(25_000),
    VALIDATOR_TIMEOUT_MS: envPositiveInt.default(25_000),
    QSTASH_URL: url.optional(),
    QSTASH_TOKEN: z.string().min(1).optional(),
    QSTASH_CURRENT_SIGNING_KEY: z.string().min(1).optional(),
    /** The design's single-key name; accepted as the current key. */
    QSTASH_SIGNING_KEY: z.string().min(1).optional(),
    QSTASH_NEXT_SIGNING_KEY: z.string().min(1).optional(),
    /** How often running validator jobs nobody reported are looked at, and how old they must be first. */
    VALIDATION_CHECK_INTERVAL_MS: envPositiveInt.default(30_000),
    VALIDATION_CHECK_AFTER_MS: envPositiveInt.default(60_000),
    /** Public base URL QStash delivers to; enables the JWT `sub` check. */
    PUBLIC_URL: url.optional(),
  })
  .transform((env, ctx) => {
    const current = env.QSTASH_CURRENT_SIGNING_KEY ?? env.QSTASH_SIGNING_KEY;
    if (!current) {
      ctx.addIssue({
        code: "custom",
        path: ["QSTASH_CURRENT_SIGNING_KEY"],
        message: "required (or QSTASH_SIGNING_KEY): deliveries cannot be verified without it",
      });
      return z.NEVER;
    }
    // With one key only (the design's QSTASH_SIGNING_KEY) there is nothing to rotate to: the next key is the same.
    return { ...env, currentSigningKey: current, nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY ?? current };
  });
export type OrchestratorEnv = z.infer<typeof envSchema>;
