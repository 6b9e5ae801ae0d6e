import { envBoolean, envPositiveInt, envSecret, serviceEnvFields } from "@qp/service-kit";
import { z } from "zod";

/** Validator settings (see .env.example). */
export const validatorEnvSchema = z.object({
  ...serviceEnvFields(8003),
  /**
   * Shared secret between our services: every endpoint but /health requires `Authorization: Bearer` with it;
   * also sent to the parser's /embed and the orchestrator's settle callback.
   */
  SERVICE_TOKEN: envSecret.optional(),
  /** Directory of CSV files (any layout of the README); symbol → file index built at start. */
  MARKET_DATA_DIR: z.string().min(1).default("./data/market"),
  /** Symbols to test when neither the request nor the concept names one. */
  DEFAULT_SYMBOLS: z.string().default("SPY"),
  /** Parser service for embeddings (resolver similarity); unset or down → lexical BM25 fallback. */
  PARSER_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The orchestrator, told when a back-test job ends (`POST /api/validations/settle`); unset: it finds out later. */
  ORCHESTRATOR_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Sweeps up to this many bar·sets answer synchronously; larger ones run as a job (202). */
  MAX_SYNC_BAR_SETS: envPositiveInt.default(60_000_000),
  /** Larger than this is refused with 413. */
  MAX_JOB_BAR_SETS: envPositiveInt.default(2_000_000_000),
  NATIVE_THREADS: envPositiveInt.max(64).optional(),
  /** Write best/benchmark results to the vector store's Backtest collection. */
  STORE_RESULTS: envBoolean.default(true),
  /** Download prices for symbols not in MARKET_DATA_DIR (needs internet). */
  DOWNLOAD_ENABLED: envBoolean.default(false),
  DOWNLOAD_CACHE_DIR: z.string().min(1).default(".cache/market"),
  DOWNLOAD_USER_AGENT: z.string().min(1).optional(),
  STOOQ_API_KEY: z.string().min(1).optional(),
});
export type ValidatorEnv = z.infer<typeof validatorEnvSchema>;
