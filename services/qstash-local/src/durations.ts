const COMPOUND = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/;

/**
 * A QStash duration header (`Upstash-Delay`, `Upstash-Timeout`) in ms: `10s`, `5m`, `2h`, `7d`, compounds
 * such as `1d10h30m`, or a bare number of seconds. Undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  const match = COMPOUND.exec(value);
  if (!match || value === "") return undefined;
  const [, d, h, m, s] = match;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(m ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

const GO_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/**
 * A delay chosen by the destination (`Retry-After`, `X-RateLimit-Reset*`) in ms: seconds, an HTTP date, or a
 * Go duration such as `6m5s`. Undefined when unreadable; the caller ignores values above one day.
 */
export function parseRetryAfter(text: string, now = Date.now()): number | undefined {
  const value = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  if (GO_DURATION.test(value)) {
    let total = 0;
    for (const part of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
      total += Number(part[1]) * (GO_UNITS[part[2] as string] as number);
    }
    return total;
  }
  const date = Date.parse(value);
  if (Number.isFinite(date) && /[A-Za-z]/.test(value)) return Math.max(0, date - now);
  return undefined;
}
