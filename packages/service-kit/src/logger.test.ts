import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, withCorrelationId } from "./logger.ts";

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, raw, logger: createLogger({ service: "test-svc", destination }) };
}

describe("logger", () => {
  it("writes JSON lines with service, level, time and a correlation id", () => {
    const { lines, logger } = capture();
    logger.info({ n: 1 }, "hello");
    expect(lines[0]).toMatchObject({
      service: "test-svc",
      level: "info",
      msg: "hello",
      n: 1,
      correlation_id: "system",
    });
    expect(typeof lines[0]?.time).toBe("string");
  });

  it("carries the correlation id across awaits", async () => {
    const { lines, logger } = capture();
    await withCorrelationId("req-42", async () => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.info("inside");
    });
    logger.info("outside");
    expect(lines.map((line) => line.correlation_id)).toEqual(["req-42", "system"]);
  });

  it("redacts secrets at any depth and PII in messages", () => {
    const { raw, lines, logger } = capture();
    logger.info(
      {
        headers: { Authorization: "Bearer abc.def.ghi", "x-api-key": "k-123", cookie: "s=1" },
        config: { qstashToken: "tok_live_1", QSTASH_CURRENT_SIGNING_KEY: "sig_abc", password: "hunter2" },
        list: [{ apiKey: "ak-9" }],
        user: "jane.doe@example.com",
        redisUrl: "redis://default:s3cret@cache.internal:6379",
      },
      "login by john@example.org with Bearer zzz.yyy",
    );
    const text = raw.join("\n");
    for (const secret of [
      "abc.def.ghi",
      "k-123",
      "tok_live_1",
      "sig_abc",
      "hunter2",
      "ak-9",
      "s3cret",
      "zzz.yyy",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain("example.com");
    expect(text).not.toContain("john@");
    expect(lines[0]).toMatchObject({ headers: { Authorization: "[redacted]" }, user: "[email]" });
  });

  it("keeps error messages but scrubs secrets inside them", () => {
    const { lines, logger } = capture();
    logger.error({ err: new Error("upstream said 401 for Bearer tok123") }, "failed");
    const err = lines[0]?.err as { type: string; message: string };
    expect(err.type).toBe("Error");
    expect(err.message).toContain("401");
    expect(err.message).not.toContain("tok123");
  });
});
