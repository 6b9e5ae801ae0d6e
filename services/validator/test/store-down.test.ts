import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "@qp/testing";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");

describe("validator process with its vector store down", () => {
  const dir = mkdtempSync(join(tmpdir(), "qp-validator-store-down-"));
  let child: ChildProcess | undefined;
  let output = "";

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child?.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts anyway, reports the store in /health and still back-tests (a restart during an outage came back only after it)", async () => {
    // LanceDB's folder taken by a plain file: every open fails, as during the fault matrix's outage.
    const lance = join(dir, "lancedb");
    writeFileSync(lance, "not a folder\n");
    const port = await freePort();
    child = spawn(process.execPath, ["--import", "tsx", resolve(root, "services/validator/src/main.ts")], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        VECTOR_DB_PATH: lance,
        MARKET_DATA_DIR: resolve(root, "data/market"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const url = `http://127.0.0.1:${port}`;
    let health: { status: string; services: Record<string, { status: string }> } | undefined;
    for (let i = 0; i < 600 && !health; i++) {
      expect(child.exitCode, output).toBeNull();
      try {
        const res = await fetch(`${url}/health`);
        health = (await res.json()) as typeof health;
      } catch {
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    expect(health?.services.vector_store?.status, output).toBe("unhealthy");
    expect(health?.status).toBe("degraded");
    const res = await fetch(`${url}/backtest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ concept: "golden cross SPY" }),
    });
    expect(res.status, output).toBe(200);
    const report = (await res.json()) as { stored: { error?: string } };
    expect(report.stored.error).toMatch(/lancedb/);
  }, 120_000);
});
