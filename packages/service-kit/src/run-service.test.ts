import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const child = fileURLToPath(new URL("./fixtures/run-service-child.ts", import.meta.url));
const TOKEN = "a-service-token-of-32-characters";

interface Line {
  level: string;
  msg: string;
  service: string;
  err?: { message: string };
  port?: number;
  host?: string;
}

/** Run the child; `untilReady` sends SIGTERM once it logs "ready". Resolves with its exit code and lines. */
function run(mode: string, env: Record<string, string>, untilReady = false) {
  const process_ = spawn(process.execPath, ["--import", "tsx", child, mode], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stopped = false;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    // Once: a second SIGTERM is the supervisor's "now", which kills at once.
    if (untilReady && !stopped && output.includes('"ready"')) stopped = process_.kill("SIGTERM");
  };
  process_.stdout.on("data", collect);
  process_.stderr.on("data", collect);
  return new Promise<{ code: number | null; output: string; lines: Line[] }>((resolve) =>
    process_.once("exit", (code) =>
      resolve({
        code,
        output,
        lines: output
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line) as Line),
      }),
    ),
  );
}

describe("runService", () => {
  it("a bad environment: one fatal line naming every bad variable, never a value, and exit 1", async () => {
    const { code, output, lines } = await run("ok", { PORT: "http", SERVICE_TOKEN: "short-secret" });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "fatal", service: "run-service-child" });
    expect(lines[0]?.msg).toMatch(/invalid environment:\n {2}PORT: .*\n {2}SERVICE_TOKEN: must be 16 to 512/);
    expect(output).not.toContain("short-secret");
  });

  it("a failed start: a fatal line with the error, and exit 1", async () => {
    const { code, lines } = await run("throw", { SERVICE_TOKEN: TOKEN });
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatchObject({
      level: "fatal",
      msg: "run-service-child failed to start",
      err: { message: "the model file is missing" },
    });
  });

  it("PORT/HOST/LOG_LEVEL from the shared fields, then a graceful stop on SIGTERM (exit 0)", async () => {
    const { code, lines } = await run("ok", { SERVICE_TOKEN: TOKEN, LOG_LEVEL: "info" }, true);
    expect(code).toBe(0);
    // The order of the two shutdown lines is onShutdown's (shutdown.test.ts); under load pino's asynchronous
    // stdout has been seen to swap them, so only their presence is checked here.
    expect(lines[0]?.msg).toBe("ready");
    expect(lines.map((line) => line.msg).sort()).toEqual(["ready", "shutting down", "stopped"]);
    expect(lines[0]).toMatchObject({ port: 8123, host: "127.0.0.1" });
  });
});
