import type { Logger, Redis } from "@qp/service-kit";
import type { ConceptStore } from "../store/concept-store.ts";

/** Settings the handlers need, taken from env in main.ts (tests pass their own). */
export interface HandlerConfig {
  parserUrl: string;
  validatorUrl: string;
  parserTimeoutMs: number;
  validatorTimeoutMs: number;
  /**
   * SERVICE_TOKEN: sent as `Authorization: Bearer` to the parser and the validator, and required from the
   * validator's callback.
   */
  serviceToken?: string | undefined;
}

/** Everything one message handler gets besides the message. */
export interface HandlerContext {
  redis: Redis;
  store: ConceptStore;
  logger: Logger;
  config: HandlerConfig;
  requestId: string;
  /** `Upstash-Retried`: 0 on the first attempt. */
  retried: number;
  /** Retries the publisher asked for: on the last attempt a transient failure is also recorded as a failure. */
  maxRetries: number;
}

/** A handler answers with a small JSON object (2xx) or throws (PermanentError → 489, TransientError → 503). */
export type MessageHandler<M> = (message: M, context: HandlerContext) => Promise<Record<string, unknown>>;

export function isLastAttempt(context: HandlerContext): boolean {
  return context.retried >= context.maxRetries;
}
