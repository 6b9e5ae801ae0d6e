import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EnvError, envBoolean, envPort, parseEnv } from "./env.ts";

const schema = z.object({
  PORT: envPort.default(8000),
  QSTASH_DEV: envBoolean.default(false),
  QSTASH_TOKEN: z.string().min(1),
});

describe("parseEnv", () => {
  it("parses explicit booleans, including the string false", () => {
    expect(parseEnv(schema, { QSTASH_TOKEN: "t", QSTASH_DEV: "false" }).QSTASH_DEV).toBe(false);
    expect(parseEnv(schema, { QSTASH_TOKEN: "t", QSTASH_DEV: "TRUE" }).QSTASH_DEV).toBe(true);
    expect(parseEnv(schema, { QSTASH_TOKEN: "t", QSTASH_DEV: "0" }).QSTASH_DEV).toBe(false);
  });

  it("treats empty strings as unset so defaults apply", () => {
    expect(parseEnv(schema, { QSTASH_TOKEN: "t", PORT: "" }).PORT).toBe(8000);
  });

  it("fails loudly with every bad variable and never echoes values", () => {
    let error: unknown;
    try {
      parseEnv(schema, { PORT: "99999", QSTASH_DEV: "maybe", OTHER: "x" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/QSTASH_DEV: must be true or false/);
    expect(message).toMatch(/QSTASH_TOKEN/);
    expect(message).not.toContain("99999");
    expect(message).not.toContain("maybe");
  });
});
