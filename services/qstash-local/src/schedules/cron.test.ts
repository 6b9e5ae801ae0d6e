import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import { parseCron } from "./cron.ts";

const at = Date.UTC(2026, 0, 1, 12, 0, 30);

describe("parseCron", () => {
  it("computes the next minute, hour and second ticks in UTC", () => {
    expect(new Date(parseCron("* * * * *").next(at)).toISOString()).toBe("2026-01-01T12:01:00.000Z");
    expect(new Date(parseCron("0 4 * * *").next(at)).toISOString()).toBe("2026-01-02T04:00:00.000Z");
    expect(new Date(parseCron("*/10 * * * * *").next(at)).toISOString()).toBe("2026-01-01T12:00:40.000Z");
  });

  it("honours a CRON_TZ prefix", () => {
    // 04:00 in New York on 2 January is 09:00 UTC (EST, UTC-5).
    const next = parseCron("CRON_TZ=America/New_York 0 4 * * *").next(at);
    expect(new Date(next).toISOString()).toBe("2026-01-02T09:00:00.000Z");
  });

  it.each([
    ["", "required"],
    ["every day", "expected 5 fields"],
    ["* * * *", "expected 5 fields"],
    ["61 * * * *", "invalid Upstash-Cron"],
    ["* * * * * * *", "expected 5 fields"],
    ["CRON_TZ=Nowhere/Else 0 4 * * *", "unknown time zone"],
  ])("refuses %j with a 400", (raw, message) => {
    let caught: unknown;
    try {
      parseCron(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).status).toBe(400);
    expect((caught as ApiError).message).toContain(message);
  });
});
