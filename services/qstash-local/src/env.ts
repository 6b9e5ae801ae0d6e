import { envPositiveInt, serviceEnvFields } from "@qp/service-kit";
import { z } from "zod";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEV_CURRENT_SIGNING_KEY,
  DEV_NEXT_SIGNING_KEY,
  DEV_TOKEN,
} from "./defaults.ts";

export const envSchema = z.object({
  ...serviceEnvFields(8080),
  QSTASH_DATA_DIR: z.string().default(".data/qstash-local"),
  QSTASH_TOKEN: z.string().min(1).default(DEV_TOKEN),
  /** Bearer token that may read GET /v2/keys; the publish token may not (unless the keys are the dev keys). */
  QSTASH_ADMIN_TOKEN: z.string().min(16).optional(),
  QSTASH_CURRENT_SIGNING_KEY: z.string().min(1).default(DEV_CURRENT_SIGNING_KEY),
  QSTASH_NEXT_SIGNING_KEY: z.string().min(1).default(DEV_NEXT_SIGNING_KEY),
  QSTASH_TIME_SCALE: z.coerce.number().positive().default(1),
  QSTASH_MAX_MESSAGE_BYTES: envPositiveInt.default(DEFAULT_MAX_MESSAGE_BYTES),
  QSTASH_MAX_CONCURRENCY: envPositiveInt.default(256),
});
export type Env = z.infer<typeof envSchema>;
