import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort, type StartedProcess, startProcess } from "@qp/testing";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");

describe("validator process with its vector store down", () => {
  const dir = mkdtempSync(join(tmpdir(), "qp-validator-store-down-"));
  let validator: StartedProcess | undefined;

  afterAll(async () => {
    await validator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts anyway, reports the store in /health and still back-tests (a restart during an outage came back only after it)", async () => {
    // LanceDB's folder taken by a plain file: every open fails, as during the fault matrix's outage.
    const lance = join(dir, "lancedb");
    writeFileSync(lance, "not a folder\n");
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const started = await startProcess({
      name: "validator",
      args: ["--import", "tsx", resolve(root, "services/validator/src/main.ts")],
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        VECTOR_DB_PATH: lance,
        MARKET_DATA_DIR: resolve(root, "data/market"),
      },
      timeoutMs: 60_000,
      intervalMs: 100,
      ready: async () => {
        try {
          const res = await fetch(`${url}/health`);
          return (await res.json()) as { status: string; services: Record<string, { status: string }> };
        } catch {
          return undefined;
        }
      },
    });
    validator = started;
    const health = started.ready;
    expect(health?.services.vector_store?.status, started.output()).toBe("unhealthy");
    expect(health?.status).toBe("degraded");
    const res = await fetch(`${url}/backtest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ concept: "golden cross SPY" }),
    });
    expect(res.status, started.output()).toBe(200);
    const report = (await res.json()) as { stored: { error?: string } };
    expect(report.stored.error).toMatch(/lancedb/);
  }, 120_000);
});
