import { describe, expect, it } from "vitest";
import { conceptIdSchema } from "./common.ts";
import { conceptIdOf, normaliseConcept, stableId, stableUuid } from "./ids.ts";

describe("ids", () => {
  it("gives one concept id for spellings that differ in case and spacing only", async () => {
    const a = await conceptIdOf("Golden  Cross 50/200 on SPY");
    const b = await conceptIdOf(" golden cross 50/200 on spy\n");
    expect(a).toBe(b);
    expect(conceptIdSchema.safeParse(a).success).toBe(true);
    expect(await conceptIdOf("death cross")).not.toBe(a);
  });

  it("normalises compatibility characters", () => {
    expect(normaliseConcept("ＲＳＩ\u00a0Mean")).toBe("rsi mean");
  });

  it("keeps part boundaries in stable ids", async () => {
    expect(await stableId("a", "bc")).not.toBe(await stableId("ab", "c"));
    expect(await stableId("x", 1)).toBe(await stableId("x", "1"));
    expect(await stableId("x")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("hashes as Web Crypto's SHA-256 does (node:crypto on Node), so ids stay what they were", async () => {
    expect(await conceptIdOf("abc")).toBe("ba7816bf8f01cfea414140de");
    for (const parts of [
      ["c0ffee", "https://e.example/ä?q=1"],
      ["x", 1],
      ["", "\u0000"],
    ] as const) {
      const digest = await crypto.subtle.digest(
        "SHA-256",
        new TextEncoder().encode(parts.map(String).join("\u0000")),
      );
      const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
      expect(await stableId(...parts)).toBe(hex.slice(0, 32));
    }
  });

  it("shapes stable UUIDs as version 5 with the RFC variant", async () => {
    const uuid = await stableUuid("c", "https://e.example", 3);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await stableUuid("c", "https://e.example", 3)).toBe(uuid);
  });
});
