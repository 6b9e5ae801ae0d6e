import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GOOG, here, marketFile } from "./helpers.ts";

const root = join(here, "..", "..", "..");
const cli = (script: string, args: string[]) =>
  spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "services", "validator", "src", "cli", script), ...args],
    { cwd: root, encoding: "utf8", timeout: 60_000 },
  );

describe("pnpm backtest (spawned end to end)", () => {
  it("one parameter set → its PortfolioResult as JSON, equal to vectorbt's numbers", () => {
    const run = cli("backtest.ts", [
      "--csv",
      marketFile(GOOG),
      "--strategy",
      "sma_crossover",
      "--param",
      "fast=10",
      "--param",
      "slow=20",
      "--fees",
      "0.001",
      "--price-field",
      "close",
      "--json",
    ]);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.symbol).toBe("GOOG");
    expect(result.trades_count).toBe(82);
    expect(result.final_value).toBeCloseTo(788.1616355854472, 9);
    expect(result.gpu_accelerated).toBe(false);
    expect(result.engine).toBe("native");
  });
  it("lists and ranges → the sweep", () => {
    const run = cli("backtest.ts", [
      "--csv",
      marketFile(GOOG),
      "--strategy",
      "sma_crossover",
      "--param",
      "fast=5,10",
      "--param",
      "slow=20:22",
      "--json",
    ]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.runs[0].sets_tried).toBe(6);
    expect(report.runs[0].grid.params).toEqual(["fast", "slow"]);
  });
  it("bad input exits 2 with the reason", () => {
    const bad = cli("backtest.ts", [
      "--csv",
      marketFile(GOOG),
      "--strategy",
      "sma_crossover",
      "--param",
      "fast=30",
      "--param",
      "slow=10",
      "--json",
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/fast \(30\) must be smaller than slow \(10\)/);
    const unknown = cli("backtest.ts", ["--csv", marketFile(GOOG), "--strategy", "nope", "--json"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/strategy/);
    const missing = cli("backtest.ts", ["--csv", "/nonexistent.csv", "--strategy", "macd"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/csv_unreadable/);
  });
});

describe("pnpm resolve-strategy", () => {
  it("prints the choice and the reason", () => {
    const run = cli("resolve-strategy.ts", ["golden cross on SPY", "--json"]);
    expect(run.status).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.strategies[0]).toMatchObject({ name: "sma_crossover", params: { fast: 50, slow: 200 } });
    expect(body.symbols).toEqual(["SPY"]);
  });
});
