export { DEV_CURRENT_SIGNING_KEY, DEV_NEXT_SIGNING_KEY, DEV_TOKEN } from "./defaults.ts";
export { compileRetryDelay, RetryExpressionError } from "./retry-expression.ts";
export { type QstashLocal, type QstashLocalOptions, startQstashLocal } from "./server.ts";
export { signDelivery } from "./signing.ts";
