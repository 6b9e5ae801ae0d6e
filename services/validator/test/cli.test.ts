import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GOOG, marketFile, REPO_ROOT, runCli } from "./helpers.ts";

describe("pnpm backtest (spawned end to end)", () => {
  it("one parameter set → its PortfolioResult as JSON, equal to vectorbt's numbers", () => {
    const run = runCli("backtest.ts", [
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
    const run = runCli("backtest.ts", [
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
  it("a readable table by default; a sweep shows its top 10 sets and writes every set only with --out", () => {
    const out = join(mkdtempSync(join(tmpdir(), "qp-backtest-")), "sweep.json");
    const run = runCli("backtest.ts", [
      "--csv",
      marketFile(GOOG),
      "--strategy",
      "sma_crossover",
      "--param",
      "fast=5:14",
      "--param",
      "slow=20:29",
      "--out",
      out,
    ]);
    expect(run.status).toBe(0);
    expect(() => JSON.parse(run.stdout)).toThrow();
    expect(run.stdout).toMatch(/total return +CAGR +Sharpe +max drawdown +trades +exposure/);
    expect(run.stdout).toMatch(/buy & hold/);
    expect(run.stdout).toMatch(/top 10 of 100 parameter sets by Sharpe/);
    const ranks = run.stdout.split("\n").filter((line) => /^\d+ +\d+ +\d+ +-?[\d.]+ /.test(line));
    expect(ranks).toHaveLength(10);
    expect(JSON.parse(readFileSync(out, "utf8")).runs[0].grid.sets).toHaveLength(100);
  });
  it("--json reaches a slow reader whole: the process waits for the pipe to drain", () => {
    const script = join(REPO_ROOT, "services", "validator", "src", "cli", "backtest.ts");
    const args = ["--csv", marketFile(GOOG), "--strategy", "sma_crossover", "--param", "fast=2:99"];
    // The reader starts only after the writer has filled the pipe (64 KiB) and, before the fix, exited.
    const run = spawnSync(
      "sh",
      [
        "-c",
        `"$0" --import tsx "$@" --param slow=3:100 --json | (sleep 4; cat)`,
        process.execPath,
        script,
        ...args,
      ],
      { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(run.stdout.length).toBeGreaterThan(1_000_000);
    const report = JSON.parse(run.stdout);
    expect(report.runs[0].sets_tried).toBe(4851);
    expect(report.runs[0].grid.sets).toHaveLength(4851);
  });
  it("bad input exits 2 with the reason", () => {
    const bad = runCli("backtest.ts", [
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
    const unknown = runCli("backtest.ts", ["--csv", marketFile(GOOG), "--strategy", "nope", "--json"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/strategy/);
    const missing = runCli("backtest.ts", ["--csv", "/nonexistent.csv", "--strategy", "macd"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/csv_unreadable/);
  });
});

describe("pnpm backtest on a file that is not a price CSV (issue 12)", () => {
  const secret = "root:$6$s4lt$SECRET-HASH-never-to-be-printed:19000:0:99999:7:::";
  it.each([
    ["a shadow-like file", `${secret}\ndaemon:*:19000:0:99999:7:::\n`],
    ["a one-line file with commas", "SECRET-HASH-never-to-be-printed,another,field\n"],
    ["a CSV with a date column and secret rows", `date,close\n${secret},1\n`],
  ])("%s: says it is not a price CSV, never echoes the content", (_what, content) => {
    const dir = mkdtempSync(join(tmpdir(), "validator-cli-"));
    const file = join(dir, "secrets");
    writeFileSync(file, content);
    try {
      const run = runCli("backtest.ts", ["--csv", file, "--strategy", "macd"]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/not a price CSV|cannot read date \d+ characters/);
      expect(run.stderr + run.stdout).not.toContain("SECRET-HASH");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("/etc/shadow itself, when this user can read it", () => {
    let readable = true;
    try {
      accessSync("/etc/shadow", constants.R_OK);
    } catch {
      readable = false;
    }
    if (!readable) {
      console.warn("skipped: /etc/shadow is not readable by this user (the temp-file cases above cover it)");
      return;
    }
    const firstLine = readFileSync("/etc/shadow", "utf8").split("\n")[0] ?? "";
    const run = runCli("backtest.ts", ["--csv", "/etc/shadow", "--strategy", "macd"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/not a price CSV/);
    expect(run.stderr).not.toContain(firstLine);
  });
});

describe("pnpm resolve-strategy", () => {
  it("prints the choice and the reason", () => {
    const run = runCli("resolve-strategy.ts", ["golden cross on SPY", "--json"]);
    expect(run.status).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.strategies[0]).toMatchObject({ name: "sma_crossover", params: { fast: 50, slow: 200 } });
    expect(body.symbols).toEqual(["SPY"]);
  });
});
