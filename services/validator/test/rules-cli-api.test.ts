import { afterAll, describe, expect, it } from "vitest";
import { createEngines } from "../src/engine/select.ts";
import { backtestPoster, GOOG, marketFile, runCli, testApp } from "./helpers.ts";

const backtest = (args: string[]) => runCli("backtest.ts", args, { timeoutMs: 120_000 });
const SMA_ENTRY = "crosses_above(sma({fast}), sma({slow}))";
const SMA_EXIT = "crosses_below(sma({fast}), sma({slow}))";

describe("pnpm backtest --entry/--exit (spawned)", () => {
  it("a rule with one set → the same PortfolioResult fields and numbers as the sma_crossover template", () => {
    const common = ["--csv", marketFile(GOOG), "--param", "fast=10", "--param", "slow=20", "--fees", "0.001"];
    const rule = backtest([
      ...common,
      "--entry",
      SMA_ENTRY,
      "--exit",
      SMA_EXIT,
      "--price-field",
      "close",
      "--json",
    ]);
    expect(rule.stderr).toBe("");
    expect(rule.status).toBe(0);
    const r = JSON.parse(rule.stdout);
    expect(r.strategy).toBe("rule");
    expect(r.rule).toEqual({ entry: SMA_ENTRY, exit: SMA_EXIT });
    expect(r.params).toEqual({ fast: 10, slow: 20 });
    // vectorbt's numbers for GOOG close SMA 10/20, fees 0.001 (the template's CLI test asserts the same).
    expect(r.trades_count).toBe(82);
    expect(r.final_value).toBeCloseTo(788.1616355854472, 9);
    for (const field of ["total_return", "sharpe_ratio", "max_drawdown", "closed_trades", "engine"])
      expect(r).toHaveProperty(field);
  });

  it("a rule with ranges → the sweep report, the rule text beside it", () => {
    const run = backtest([
      "--csv",
      marketFile(GOOG),
      "--entry",
      "close > sma({n})",
      "--exit",
      "close < sma({n})",
      "--param",
      "n=50:200:50",
      "--json",
    ]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    const one = report.runs[0];
    expect(one.strategy).toBe("rule");
    expect(one.rule.entry).toBe("close > sma({n})");
    expect(one.sets_tried).toBe(4);
    expect(one.grid.params).toEqual(["n"]);
    expect([50, 100, 150, 200]).toContain(one.best.params.n);
  });

  it("a mistake in the rule exits 2 with the column and a caret", () => {
    const run = backtest([
      "--csv",
      marketFile(GOOG),
      "--entry",
      "close > sma(20",
      "--exit",
      "close < sma(20)",
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /bad_rule: entry rule: expected "," or "\)" in the arguments of sma .* at column 15/,
    );
    expect(run.stderr).toContain("  close > sma(20\n                ^");
  });

  it("a placeholder without a value exits 2 naming it", () => {
    const run = backtest([
      "--csv",
      marketFile(GOOG),
      "--entry",
      "close > sma({n})",
      "--exit",
      "close < sma(5)",
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/missing_param: the rule uses \{n\}/);
  });
});

describe("POST /backtest with strategy {entry, exit, grid}", () => {
  const engines = createEngines({ threads: 2, tfjsPrefer: "pure" });
  afterAll(() => engines.close());
  const app = testApp(engines);
  const post = backtestPoster(app);

  it("sweeps the rule's grid with the report of a template (best, benchmark, walk-forward, DSR)", async () => {
    const res = await post({
      strategy: { entry: SMA_ENTRY, exit: SMA_EXIT, grid: { fast: [10, 20], slow: [50, 100] } },
      symbols: ["GOOG"],
      fees: 0.001,
      store: false,
    });
    expect(res.status).toBe(200);
    const run = (await res.json()).runs[0];
    expect(run.strategy).toBe("rule");
    expect(run.rule).toEqual({ entry: SMA_ENTRY, exit: SMA_EXIT });
    expect(run.sets_tried).toBe(4);
    expect(run.grid.heatmap.x).toBe("fast");
    expect(run.benchmark.strategy).toBe("buy_and_hold");
    expect(run.deflated_sharpe.trials).toBe(4);
    expect(run.walk_forward.out_of_sample.strategy).toBe("rule");
    // The same sweep as the template: the same best set and numbers.
    const tpl = await post({
      strategy: { name: "sma_crossover", grid: { fast: [10, 20], slow: [50, 100] } },
      symbols: ["GOOG"],
      fees: 0.001,
      store: false,
    });
    const t = (await tpl.json()).runs[0];
    expect(run.best.params).toEqual(t.best.params);
    expect(run.best.trades_count).toBe(t.best.trades_count);
    expect(run.best.final_value).toBeCloseTo(t.best.final_value, 9);
    expect(run.grid.total_return.map((x: number) => x.toFixed(9))).toEqual(
      t.grid.total_return.map((x: number) => x.toFixed(9)),
    );
  });

  it("the tensor engine (tfjs, float32) trades a rule sweep on the same bars as the native engine", async () => {
    const body = (engine: string) => ({
      strategy: {
        entry: "close > sma({n}) and rsi(14) < {hi}",
        exit: "close < sma({n})",
        grid: { n: [50, 200], hi: [60, 70] },
      },
      symbols: ["GOOG"],
      fees: 0.001,
      engine,
      store: false,
    });
    const [n, t] = await Promise.all([post(body("native")), post(body("tfjs"))]);
    const [a, b] = [(await n.json()).runs[0], (await t.json()).runs[0]];
    expect(b.best.engine).toBe("tfjs");
    expect(b.grid.trades_count).toEqual(a.grid.trades_count);
    expect(a.grid.trades_count.reduce((x: number, y: number) => x + y, 0)).toBeGreaterThan(4);
    a.grid.total_return.forEach((r: number, k: number) => {
      expect(Math.abs(b.grid.total_return[k] - r) / (1 + Math.abs(r))).toBeLessThan(1e-4);
    });
  });

  it("a bad rule is a 400 in the error envelope with the column", async () => {
    const res = await post({ strategy: { entry: "close >> 1", exit: "close < 1" }, symbols: ["GOOG"] });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_rule");
    expect(body.error.message).toMatch(/column 8/);
  });

  it("a rule reading a field the data lacks is a 400 naming it", async () => {
    // The ffn table holds closes only.
    const res = await post({ strategy: { entry: "high > sma(5)", exit: "close < 1" }, symbols: ["MSFT"] });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("missing_field");
    expect(body.error.message).toMatch(/reads high but the data of MSFT .* has only closes/);
  });

  it("a concept that names no rule is refused (400 no_matching_rule) with the closest rules, not swept", async () => {
    const res = await post({ concept: "buy when the moon is full", store: false });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("no_matching_rule");
    expect(body.error.message).toMatch(/refused: .* Closest: /);
  });

  it("golden cross on TSLA without TSLA's data is a 422 naming TSLA, never a run on the default SPY", async () => {
    const res = await post({ concept: "golden cross on TSLA", store: false });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(/no market data for TSLA/);
  });

  it("a library rule named in the concept runs as that rule, its text in the report", async () => {
    const res = await post({ concept: "price above the 150-day moving average on GOOG", store: false });
    expect(res.status).toBe(200);
    const run = (await res.json()).runs[0];
    expect(run.symbol).toBe("GOOG");
    expect(run.strategy).toBe("rule");
    expect(run.rule).toEqual({
      entry: "close > sma({window})",
      exit: "close < sma({window})",
      label: "price_above_sma",
    });
    expect(run.best.params).toEqual({ window: 150 });
  });
});

describe("pnpm resolve-strategy (spawned)", () => {
  const resolve = (concept: string) =>
    runCli("resolve-strategy.ts", [concept, "--json"], { env: { ...process.env, PARSER_URL: "" } });
  it("the rule(s) with parameters first, the rule text filled in", () => {
    const run = resolve("RSI(3) under 5 above the 200-day average on SPY");
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)[0]).toBe("rules");
    expect(out.rules[0]).toMatchObject({
      name: "connors_rsi_pullback",
      params: { window: 3, lower: 5, trend: 200, exit_ma: 5 },
      rule: { entry: "rsi(3) < 5 and close > sma(200)", exit: "close > sma(5)" },
    });
    expect(out.symbols).toEqual(["SPY"]);
  });
  it("nonsense exits 3 with the refusal and the closest rules", () => {
    const run = resolve("buy when the moon is full");
    expect(run.status).toBe(3);
    const out = JSON.parse(run.stdout);
    expect(out.rules).toEqual([]);
    expect(out.refused.closest).toHaveLength(3);
  });
});
