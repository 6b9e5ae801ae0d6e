import type { BacktestRunView, PortfolioResult } from "@qp/schema";
import { describe, expect, it } from "vitest";
import { pct } from "./format.ts";
import { equitySection, excerpt, heatmapSection, metricsTable, tradesSection } from "./sections.ts";

const result = (overrides: Partial<PortfolioResult> = {}): PortfolioResult => ({
  portfolio_id: "p",
  strategy: "sma_crossover",
  params: { fast: 50, slow: 200 },
  symbol: "SPY",
  initial_cash: 100,
  final_value: 100,
  total_return: 0,
  sharpe_ratio: null,
  max_drawdown: 0,
  trades_count: 0,
  gpu_accelerated: false,
  engine: "native",
  computation_time: 0,
  ...overrides,
});
const stats = { cagr: 0, exposure: 0, years: 1, bars_in_market: 0 };

/** A run whose rule never fired: no trades, flat equity. */
const quiet: BacktestRunView = {
  symbol: "SPY",
  strategy: "sma_crossover",
  method: "explicit",
  reason: "named",
  data: { source: "spy.csv", bars: 3, start: "2020-01-01", end: "2020-01-03" },
  sets_tried: 1,
  best: result(),
  benchmark: result({ strategy: "buy_and_hold", params: {}, trades_count: 1 }),
  grid: {
    params: ["fast", "slow"],
    heatmap: {
      x: "fast",
      y: "slow",
      x_values: [50],
      y_values: [200],
      sharpe_ratio: [[null]],
      total_return: [[0]],
    },
  },
  walk_forward: {
    split: 0.7,
    split_date: "2020-01-02",
    out_of_sample: result(),
    benchmark_out_of_sample: result(),
    note: "",
  },
  deflated_sharpe: { dsr: null, trials: 1, sr_per_bar: null, sr0_per_bar: null, note: "" },
  detail: {
    stats: { best: stats, benchmark: stats, out_of_sample: stats, benchmark_out_of_sample: stats },
    series: {
      bars: 3,
      downsampled: false,
      dates: ["2020-01-01", "2020-01-02", "2020-01-03"],
      equity: [100, 100, 100],
      benchmark: [100, 101, 99],
      drawdown: [0, 0, 0],
      benchmark_drawdown: [0, 0, -0.0198],
    },
    trades: { count: 0, items: [], truncated: false },
  },
};

describe("report sections", () => {
  it("no trades: says the rule never fired instead of an empty table", () => {
    const out = tradesSection(quiet).value;
    expect(out).toContain("No trades");
    expect(out).not.toContain("<table");
  });

  it("an open trade reads 'open' and a loss is marked negative", () => {
    const run: BacktestRunView = {
      ...quiet,
      detail: {
        ...quiet.detail!,
        trades: {
          count: 1,
          truncated: false,
          items: [
            {
              status: "open",
              entry_date: "2020-01-02",
              entry_price: 1234.5,
              exit_date: null,
              exit_price: 1000,
              return: -0.19,
              bars: 2,
            },
          ],
        },
      },
    };
    const out = tradesSection(run).value;
    expect(out).toContain("<td>open</td>");
    expect(out).toContain("1,234.50");
    expect(out).toContain('<td class="neg">-19.0 %</td>');
  });

  it("no heatmap for a single parameter set; one for a sweep", () => {
    expect(heatmapSection(quiet).value).toBe("");
    const swept: BacktestRunView = {
      ...quiet,
      sets_tried: 2,
      grid: {
        params: ["fast", "slow"],
        heatmap: {
          x: "fast",
          y: "slow",
          x_values: [20, 50],
          y_values: [200],
          sharpe_ratio: [[0.1, 0.2]],
          total_return: [[0.1, 0.2]],
        },
      },
    };
    expect(heatmapSection(swept).value).toContain('id="heatmap-chart"');
  });

  it("flat equity still draws both charts; a report without series says so", () => {
    const out = equitySection(quiet).value;
    expect(out).toContain('id="equity-chart"');
    expect(out).toContain('id="drawdown-chart"');
    const { detail: _, ...old } = quiet;
    expect(equitySection(old).value).toContain("No equity series");
  });

  it("metrics as percent with n/a for undefined values and the Sharpe annualisation named", () => {
    const m = {
      total_return: 1.97,
      cagr: null,
      sharpe_ratio: null,
      max_drawdown: -0.341,
      trades_count: 10,
      exposure: 0.65,
    };
    const out = metricsTable(m, m, 252).value;
    expect(out).toContain("197.0 %");
    expect(out).toContain("-34.1 %");
    expect(out).toContain("n/a");
    expect(out).toContain("√252");
    expect(pct(-0.00001)).toBe("0.0 %");
  });

  it("passages become one paragraph cut at a word", () => {
    expect(excerpt("a\n\n b\tc")).toBe("a b c");
    expect(excerpt("word ".repeat(200), 22)).toBe("word word word word…");
  });
});
