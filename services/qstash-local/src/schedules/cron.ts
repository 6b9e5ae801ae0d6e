import { CronExpressionParser } from "cron-parser";
import { ApiError } from "../errors.ts";

export interface Cron {
  expression: string;
  /** The first fire time strictly after `after` (epoch ms). */
  next(after: number): number;
}

/**
 * A QStash cron: five fields (minute hour day-of-month month day-of-week), optionally prefixed by
 * `CRON_TZ=<IANA zone> ` as QStash allows (UTC otherwise). qstash-local also takes a sixth, leading seconds
 * field, an extension QStash lacks, so tests and local runs can tick every second.
 * Anything else is a 400 naming the problem.
 */
export function parseCron(raw: string | undefined): Cron {
  if (raw === undefined || raw.trim() === "") throw new ApiError(400, "Upstash-Cron header is required");
  let rest = raw.trim();
  let tz = "UTC";
  const zone = /^CRON_TZ=(\S+)\s+(.*)$/.exec(rest);
  if (zone) {
    tz = zone[1] as string;
    rest = (zone[2] as string).trim();
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
    } catch {
      throw new ApiError(400, `invalid Upstash-Cron "${raw}": unknown time zone "${tz}"`);
    }
  }
  const fields = rest.split(/\s+/).length;
  // cron-parser fills missing fields with `*` ("* * * *" would pass); QStash wants exactly five.
  if (fields !== 5 && fields !== 6) {
    throw new ApiError(
      400,
      `invalid Upstash-Cron "${raw}": expected 5 fields (or 6 with seconds), got ${fields}`,
    );
  }
  try {
    CronExpressionParser.parse(rest, { tz, currentDate: new Date() }).next();
  } catch (error) {
    throw new ApiError(400, `invalid Upstash-Cron "${raw}": ${(error as Error).message}`);
  }
  return {
    expression: raw.trim(),
    next: (after) =>
      CronExpressionParser.parse(rest, { tz, currentDate: new Date(after) })
        .next()
        .getTime(),
  };
}
