import { describe, expect, it } from "vitest";
import { waitUntil } from "./wait.ts";

describe("waitUntil", () => {
  it("returns the probe's first value that is not undefined, null or false", async () => {
    const answers = [undefined, null, false, 0, 7];
    expect(await waitUntil(() => answers.shift(), { intervalMs: 1 })).toBe(0);
    expect(await waitUntil(async () => true)).toBe(true);
  });

  it("fails naming what it waited for, with the description built only then", async () => {
    await expect(
      waitUntil(() => false, { timeoutMs: 20, intervalMs: 1, what: () => "the moon" }),
    ).rejects.toThrow("timed out after 20 ms waiting for the moon");
  });

  it("passes a probe's own error through", async () => {
    await expect(
      waitUntil(() => {
        throw new Error("the process exited");
      }),
    ).rejects.toThrow("the process exited");
  });
});
