import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { symbolFromFileName } from "../src/data/csv-loader.ts";
import { MarketIndex } from "../src/data/market-index.ts";
import { createMarketSource } from "../src/data/source.ts";
import { createEngines } from "../src/engine/select.ts";
import { compileRule } from "../src/rules/compile.ts";
import { parseRule, show } from "../src/rules/parse.ts";
import { backtestPoster, compileErrorOf, GOOG, marketFile, runCli, SPY, testApp } from "./helpers.ts";

/**
 * Class-share tickers with a dot (BRK.B, BF.B) wherever symbols are read: the rule language, file names, the API
 * and the CLI. The repository has no BRK.B or BF.B prices, so real SPY and GOOG files are copied under those
 * names into a temporary folder: what is tested is how the symbols are read, not the prices.
 */
const dir = mkdtempSync(join(tmpdir(), "validator-dotted-"));
const BRK = join(dir, "yahoofinance-BRK.B-20080101-20180101.csv");
const BF = join(dir, "BF.B.csv");
copyFileSync(marketFile(SPY), BRK);
copyFileSync(marketFile(GOOG), BF);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("dotted tickers in the rule language", () => {
  it("close(BRK.B) and close(bf.b) name the symbols BRK.B and BF.B; the text shows and re-reads the same", () => {
    const rule = compileRule("close(BRK.B) / close(bf.b) > 1 and high(BF.B) > 0", "close(BRK.B) < sma(20)");
    expect(rule.symbols).toEqual(["BRK.B", "BF.B"]);
    expect(rule.symbolFields).toEqual({ "BF.B": ["high"] });
    const shown = show(parseRule("close(brk.b) / close(BF.B) > 1"));
    expect(shown).toBe("((close(BRK.B) / close(BF.B)) > 1)");
    expect(show(parseRule(shown))).toBe(shown);
  });

  it("a dot that does not make a ticker is an error at its column", () => {
    const col = (text: string) => {
      const { col, message } = compileErrorOf(text);
      return [col, message] as const;
    };
    expect(col("close(BRK.) > 1")).toEqual([10, expect.stringMatching(/unexpected character "\."/)]);
    expect(col("close.b > 1")).toEqual([1, expect.stringMatching(/unknown name "close.b"/)]);
    expect(col("sma(close, 20).5 > 1")).toEqual([15, expect.anything()]);
  });
});

describe("dotted tickers in file names, the API and the CLI", () => {
  it("file names keep a class share's dot", () => {
    expect(symbolFromFileName(BRK)).toBe("BRK.B");
    expect(symbolFromFileName(BF)).toBe("BF.B");
    expect(symbolFromFileName("/x/yahoofinance-SPY-20080101-20180101.csv")).toBe("SPY");
    expect(symbolFromFileName("/x/goog.csv")).toBe("GOOG");
    expect(new MarketIndex(dir).symbols().sort()).toEqual(["BF.B", "BRK.B"]);
  });

  const engines = createEngines({ threads: 1, tfjsPrefer: "pure" });
  afterAll(() => engines.close());
  const app = testApp(engines, { market: createMarketSource(new MarketIndex(dir)) });
  const post = backtestPoster(app);

  it("POST /backtest: a rule reading close(BF.B) traded on BRK.B, and the rotation between them", async () => {
    const res = await post({
      strategy: { entry: "close > sma(50) and close(BF.B) > sma(close(BF.B), 50)", exit: "close < sma(50)" },
      symbols: ["brk.b"],
      price_field: "close",
      store: false,
    });
    expect(res.status).toBe(200);
    const run = (await res.json()).runs[0];
    expect(run.symbol).toBe("BRK.B");
    expect(run.data.repairs.at(-1)).toMatch(/aligned by date with BF.B: 2519 common bars/);
    expect(run.best.trades_count).toBeGreaterThan(0);
    const rot = await post({
      strategy: { name: "dual_momentum_rotation", params: { lookback: 126 } },
      symbols: ["BRK.B", "BF.B"],
      store: false,
    });
    expect(rot.status).toBe(200);
    expect((await rot.json()).runs[0].rotation.symbols).toEqual(["BRK.B", "BF.B"]);
    const missing = await post({
      strategy: { entry: "close(BRK.A) > 0", exit: "close < 0" },
      symbols: ["BRK.B"],
      store: false,
    });
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.message).toMatch(/BRK\.A/);
  });

  it("pnpm backtest: --csv files named BRK.B / BF.B, a rule with close(BF.B) and --trade BF.B", () => {
    const run = runCli(
      "backtest.ts",
      [
        "--csv",
        BRK,
        "--csv",
        BF,
        "--trade",
        "BF.B",
        "--entry",
        "close(BRK.B) > sma(close(BRK.B), 100)",
        "--exit",
        "close(BRK.B) < sma(close(BRK.B), 100)",
        "--json",
      ],
      { timeoutMs: 120_000 },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.symbol).toBe("BF.B");
    expect(r.notes.join(" ")).toMatch(/aligned by date with BRK.B/);
    const named = runCli("backtest.ts", [
      "--csv",
      BRK,
      "--csv",
      BF,
      "--strategy",
      "pairs_zscore",
      "--param",
      "window=60",
      "--json",
    ]);
    expect(named.status).toBe(0);
    expect(JSON.parse(named.stdout).rule.entry).toBe(
      "zscore(log(close(BRK.B)) - {hedge} * log(close(BF.B)), {window}) < -{entry_z}",
    );
  });
});
