import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("onShutdown", () => {
  it("runs every step on SIGTERM, logs the failing one and exits 1", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./fixtures/shutdown-child.ts", import.meta.url))],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const ready = new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('"ready"')) resolve();
      });
    });
    await ready;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(1);
    const lines = output
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; step?: string });
    expect(lines.map((line) => line.msg)).toEqual([
      "ready",
      "shutting down",
      "shutdown step failed",
      "stopped",
    ]);
    expect(lines[2]?.step).toBe("drain");
  });
});
