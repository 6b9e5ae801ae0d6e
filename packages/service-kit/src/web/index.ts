/**
 * The part of the kit that runs anywhere, Cloudflare Workers included (`@qp/service-kit/web`): errors and
 * the error envelope, the capped JSON body reader and the env helpers. Nothing here may import `node:*`,
 * pino, ioredis or prom-client; the edge worker's workerd tests would fail if it did.
 */
export * from "./body.ts";
export * from "./env.ts";
export * from "./envelope.ts";
export * from "./errors.ts";
