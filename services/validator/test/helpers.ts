import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "@qp/service-kit";
import { expect } from "vitest";
import { type AppDeps, createApp } from "../src/app.ts";
import { metricsOf } from "../src/backtest/metrics.ts";
import { loadCsvFile } from "../src/data/csv-loader.ts";
import { MarketIndex } from "../src/data/market-index.ts";
import { createMarketSource } from "../src/data/source.ts";
import { runSets, SET_STRIDE } from "../src/engine/kernel.ts";
import type { Engines } from "../src/engine/select.ts";
import { IndicatorTable } from "../src/engine/table.ts";
import { compileRule, RuleError } from "../src/rules/compile.ts";

export const here = dirname(fileURLToPath(import.meta.url));
/** The real market data bundled in the repository (data/market, with its licences). */
export const MARKET_DIR = join(here, "..", "..", "..", "data", "market");
export const marketFile = (name: string) => join(MARKET_DIR, name);
/** The repository root, where `pnpm backtest` and friends run. */
export const REPO_ROOT = join(here, "..", "..", "..");

/**
 * The validator's app as the tests run it: silent logs, the bundled prices (data/market), SPY by default and
 * the service's default limits; `extra` adds what one suite needs (a token, a sink, other limits).
 */
export function testApp(engines: Engines, extra: Partial<AppDeps> = {}) {
  return createApp({
    logger: createLogger({ service: "validator-test", level: "silent" }),
    engines,
    market: createMarketSource(new MarketIndex(MARKET_DIR)),
    defaultSymbols: ["SPY"],
    maxSyncBarSets: 10_000_000,
    maxJobBarSets: 200_000_000,
    ...extra,
  });
}

/** Parse a reference fixture under test/fixtures (e.g. `readFixture("rules", "reference.json")`). */
export const readFixture = <T>(...path: string[]): T =>
  JSON.parse(readFileSync(join(here, "fixtures", ...path), "utf8")) as T;

/** The whole-back-test metrics every vectorbt fixture generator writes (orders or fills are added per file). */
export interface VbtMetrics {
  final_value: number;
  total_return: number;
  sharpe_ratio: number | null;
  max_drawdown: number;
  trades_count: number;
  closed_trades: number;
}

/**
 * Compile `entry` (exit "close < 1") expecting a RuleError: its column and message. Anything else thrown fails
 * the test, and so does a rule that compiles.
 */
export function compileErrorOf(entry: string): { col: number | undefined; message: string } {
  try {
    compileRule(entry, "close < 1");
  } catch (error) {
    expect(error, entry).toBeInstanceOf(RuleError);
    return { col: (error as RuleError).col, message: (error as RuleError).message };
  }
  throw new Error(`no error for ${entry}`);
}

/** `POST /backtest` with a JSON body, against an app from `testApp` (or `createApp`). */
export const backtestPoster = (app: ReturnType<typeof createApp>) => (body: unknown) =>
  app.request("/backtest", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/**
 * Run one of the validator's CLIs (`src/cli/SCRIPT`) to completion as its `pnpm` script does, from the
 * repository root; `nodeArgs` go before the script (e.g. a heap limit).
 */
export function runCli(
  script: string,
  args: readonly string[],
  {
    nodeArgs = [],
    timeoutMs = 60_000,
    env = process.env,
  }: { nodeArgs?: readonly string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    [...nodeArgs, "--import", "tsx", join(REPO_ROOT, "services", "validator", "src", "cli", script), ...args],
    { cwd: REPO_ROOT, encoding: "utf8", timeout: timeoutMs, env },
  );
}

export const GOOG = "yahoofinance-GOOG-20040819-20180120.csv";
export const SPY = "yahoofinance-SPY-20080101-20180101.csv";
export const load = (name: string, priceField: "close" | "adj_close" | "auto" = "close", symbol?: string) =>
  loadCsvFile(marketFile(name), { priceField, ...(symbol ? { symbol } : {}) });

export interface Costs {
  initCash?: number;
  fees?: number;
  fixedFees?: number;
  slippage?: number;
}

/** Run explicit entry/exit boolean arrays through the kernel (level signals), with fills and returns. */
export function runSignals(
  close: number[] | Float64Array,
  entries: boolean[],
  exits: boolean[],
  costs: Costs = {},
  yearDays = 365,
) {
  const table = new IndicatorTable(Float64Array.from(close));
  const e = table.row("test:entries", () => Float64Array.from(entries, (v) => (v ? 1 : 0)));
  const x = table.row("test:exits", () => Float64Array.from(exits, (v) => (v ? 1 : 0)));
  const half = table.constant(0.5);
  const specs = Int32Array.from([e, half, 1, x, half, 1]);
  return runSpecs(table, specs, costs, yearDays);
}

export function runSpecs(
  table: IndicatorTable,
  specs: Int32Array,
  costs: Costs = {},
  yearDays = 365,
  from = 0,
  to = table.nBars,
) {
  const out = new Float64Array(SET_STRIDE);
  const fills = new Int32Array(to + 1);
  const returns = new Float64Array(to - from);
  const initCash = costs.initCash ?? 100;
  runSets({
    ...table.kernelInputs(),
    sets: specs,
    s0: 0,
    s1: 1,
    from,
    to,
    initCash,
    fees: costs.fees ?? 0,
    fixedFees: costs.fixedFees ?? 0,
    slippage: costs.slippage ?? 0,
    out,
    fillsOut: fills,
    returnsOut: returns,
  });
  const end = fills.indexOf(0);
  return {
    metrics: metricsOf(out, 0, to - from, initCash, yearDays),
    fills: Array.from(fills.subarray(0, end < 0 ? fills.length : end)),
    returns: Array.from(returns),
  };
}
