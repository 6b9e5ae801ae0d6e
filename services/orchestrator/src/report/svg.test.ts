import { describe, expect, it } from "vitest";
import { divergingColor, heatmapChart, linePath, niceTicks, scale, timeChart } from "./svg.ts";

describe("svg charts", () => {
  it("a path from a known series", () => {
    expect(
      linePath([
        [0, 10],
        [1.26, 5.04],
        [2, 0],
      ]),
    ).toBe("M0 10L1.3 5L2 0");
    expect(linePath([])).toBe("");
  });

  it("scales linearly, and a flat domain maps to the middle", () => {
    expect(scale(0, 10, 100, 200)(5)).toBe(150);
    expect(scale(0, 10, 200, 100)(10)).toBe(100);
    expect(scale(3, 3, 0, 100)(3)).toBe(50);
  });

  it("round ticks over the range", () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-0.34, 0, 4)).toEqual([-0.3, -0.2, -0.1, 0]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it("a time chart puts the first date at the left edge and the last at the right, max at the top", () => {
    const svg = timeChart({
      id: "c",
      title: "t <x>",
      dates: ["2001-01-01", "2002-01-01", "2003-01-01"],
      series: [{ key: "strategy", label: "S", color: "#000", values: [100, 300, 200] }],
      format: String,
      box: { width: 200, height: 100, left: 0, right: 0, top: 0, bottom: 0 },
    }).value;
    const d = /data-series="strategy" d="([^"]+)"/.exec(svg)?.[1];
    // y range padded by 4 % of 200 = 8: 92..308 onto 100..0.
    const y = (v: number) => Math.round(((308 - v) / 216) * 1000) / 10;
    expect(d).toBe(`M0 ${y(100)}L100 ${y(300)}L200 ${y(200)}`);
    expect(svg).toContain('<title id="c-title">t &lt;x&gt;</title>');
    expect(svg).toContain(">2002</text>");
  });

  it("a drawdown area closes on the zero line", () => {
    const svg = timeChart({
      id: "dd",
      title: "dd",
      dates: ["2000-01-01", "2000-06-01"],
      series: [{ key: "strategy", label: "S", color: "#c00", values: [0, -0.5], area: true }],
      format: String,
      includeZero: true,
      box: { width: 100, height: 100, left: 0, right: 0, top: 0, bottom: 0 },
    }).value;
    expect(svg).toMatch(/data-series="strategy-area" d="M0 0L100 [\d.]+L100 0L0 0Z"/);
  });

  it("a heatmap has one cell per pair, invalid ones grey, the chosen one outlined", () => {
    const svg = heatmapChart({
      id: "h",
      title: "h",
      xName: "fast",
      yName: "slow",
      xValues: [5, 10],
      yValues: [20, 50],
      values: [
        [0.5, null],
        [-0.2, 1],
      ],
      chosen: { x: 10, y: 50 },
      format: (v) => v.toFixed(2),
    }).value;
    expect(svg.match(/class="cell"/g)).toHaveLength(4);
    expect(svg).toContain('fill="#eeeeee"');
    expect(svg.match(/stroke-width="2.5"/g)).toHaveLength(1);
    expect(svg).toContain("fast 10, slow 50: 1.00");
    expect(divergingColor(0, 1)).toBe("rgb(255,255,255)");
    expect(divergingColor(-1, 1)).toBe("rgb(200,60,60)");
  });
});
