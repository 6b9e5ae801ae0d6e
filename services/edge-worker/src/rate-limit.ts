import { HttpError } from "@qp/service-kit/web";

/**
 * Per-client limit through the Workers rate-limiting binding. The key is the client's IP as Cloudflare saw it
 * (`CF-Connecting-IP`, which a client cannot forge through Cloudflare); without it (local tools, tests
 * calling the handler directly) every such caller shares one bucket. It runs before the API-key check so that
 * guessing keys is limited too. The binding gives no reset time, so Retry-After is the configured period.
 */
export async function enforceRateLimit(
  request: Request,
  limiter: RateLimit | undefined,
  periodSeconds: number,
): Promise<void> {
  if (!limiter) return;
  const ip = request.headers.get("cf-connecting-ip")?.trim();
  const key = ip ? `ip:${ip}` : "ip:unknown";
  const { success } = await limiter.limit({ key });
  if (!success) {
    throw new HttpError(429, "rate_limited", `too many requests; retry after ${periodSeconds} s`, undefined, {
      "Retry-After": String(periodSeconds),
    });
  }
}
