/**
 * The start-up rule of issue 12 item 4, through each service's real entry point: bound beyond loopback
 * (HOST=0.0.0.0) without its secrets a service refuses to start, naming the variables and never a value;
 * it exits before it listens, so this test never opens a socket beyond loopback.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const repoRoot = resolve(import.meta.dirname, "../..");

function run(service: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", resolve(repoRoot, "services", service, "src/main.ts")],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "info", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe("beyond loopback without secrets, a service refuses to start", () => {
  it.each([
    ["orchestrator", { QSTASH_CURRENT_SIGNING_KEY: "sig_a", PORT: "1" }, ["API_KEY", "SERVICE_TOKEN"]],
    ["parser", { PORT: "1" }, ["SERVICE_TOKEN"]],
    ["validator", { PORT: "1" }, ["SERVICE_TOKEN"]],
  ] as const)("%s", async (service, env, names) => {
    const { code, output } = await run(service, { ...env, HOST: "0.0.0.0" });
    expect(code).toBe(1);
    for (const name of names)
      expect(output).toContain(`${name}: required when HOST (0.0.0.0) is not loopback`);
    expect(output).not.toContain('"listening"');
  });

  it("a secret too short to be one is refused by the env check, without echoing it", async () => {
    const { code, output } = await run("parser", { HOST: "0.0.0.0", PORT: "1", SERVICE_TOKEN: "short" });
    expect(code).toBe(1);
    expect(output).toMatch(/SERVICE_TOKEN: must be 16 to 512 visible ASCII characters/);
    expect(output).not.toContain('short"');
  });
});
