import { describe, expect, it } from "vitest";
import { defaultBackoffMs } from "./delivery/backoff.ts";
import { parseDuration, parseRetryAfter } from "./durations.ts";

describe("durations", () => {
  it("parses QStash durations", () => {
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("2h")).toBe(7_200_000);
    expect(parseDuration("1d10h30m")).toBe(((24 + 10) * 60 + 30) * 60_000);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("12")).toBe(12_000);
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("")).toBeUndefined();
    expect(parseDuration("10x")).toBeUndefined();
  });

  it("parses Retry-After in its three forms", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("6m5s", now)).toBe(365_000);
    expect(parseRetryAfter("250ms", now)).toBe(250);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("whenever", now)).toBeUndefined();
  });

  it("has QStash's default backoff: 12 s, 2m28s, 30m8s, 6h7m, then a day", () => {
    expect(Math.round(defaultBackoffMs(1) / 1000)).toBe(12);
    expect(Math.round(defaultBackoffMs(2) / 1000)).toBe(148);
    expect(Math.round(defaultBackoffMs(3) / 1000)).toBe(1808);
    expect(Math.round(defaultBackoffMs(4) / 1000)).toBe(22026);
    expect(defaultBackoffMs(5)).toBe(86_400_000);
  });
});
