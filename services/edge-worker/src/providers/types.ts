import type { ProviderErrorKind } from "@qp/schema";

/** One result of a discovery provider, in the provider's own rank order. */
export interface Discovered {
  url: string;
  title?: string | undefined;
  /** True when the provider knows the source is quantitative finance (arXiv q-fin.*). */
  preferred?: boolean;
}

/** What every provider gets: the concept, how many results to ask for, and the shared transport settings. */
export interface ProviderRequest {
  concept: string;
  limit: number;
  userAgent: string;
  timeoutMs: number;
  /** Seconds a validated GET answer is kept in the Cache API (0: off). */
  cacheTtlSeconds: number;
}

/** A discovery provider: one small module per API (wikipedia.ts, arxiv.ts, tavily.ts). */
export interface Provider {
  name: string;
  search(request: ProviderRequest): Promise<Discovered[]>;
}

/**
 * A provider call that failed in a way worth telling the caller (status, body shape, timeout). `kind` lets a
 * client tell "offline" (`network`) from a provider that answered badly (`http`, `other`).
 */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    message: string,
    readonly kind: ProviderErrorKind = "other",
  ) {
    super(message);
  }
}
