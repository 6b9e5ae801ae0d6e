import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCsvFile, parseCsv, symbolFromFileName } from "../src/data/csv-loader.ts";
import { MarketIndex } from "../src/data/market-index.ts";
import { syntheticSeries } from "../src/data/synthetic.ts";
import { MARKET_DIR, marketFile } from "./helpers.ts";

describe("every layout in data/market, read as it is", () => {
  it("Yahoo with Adj Close: adjusted by default, raw close on request", () => {
    const adj = loadCsvFile(marketFile("yahoofinance-SPY-20080101-20180101.csv"));
    expect(adj.symbol).toBe("SPY");
    expect(adj.priceField).toBe("adj_close");
    expect(adj.close.length).toBe(2519);
    expect(adj.dates[0]).toBe("2007-12-31");
    expect(adj.close[0]).toBeCloseTo(118.624741, 6);
    const raw = loadCsvFile(marketFile("yahoofinance-SPY-20080101-20180101.csv"), { priceField: "close" });
    expect(raw.close[0]).toBeCloseTo(146.210007, 6);
    expect(adj.repairs).toEqual([]);
  });
  it("lowercase with an unnamed index column and no trailing newline", () => {
    const s = loadCsvFile(marketFile("SPY_1999-2020_pandas-ta.csv"));
    expect(s.symbol).toBe("SPY");
    expect(s.priceField).toBe("close");
    expect(s.close.length).toBe(5241);
    expect(s.dates.at(-1)).toBe("2020-08-28");
    expect(s.close[0]).toBe(135.5625);
  });
  it("close-only wide table with US M/D/YYYY dates: one symbol per column", () => {
    const file = marketFile("AAPL-MSFT-C_close_2004-2014_ffn.csv");
    const msft = loadCsvFile(file, { symbol: "msft" });
    expect(msft.symbol).toBe("MSFT");
    expect(msft.dates[0]).toBe("2004-03-10");
    expect(msft.close[0]).toBe(25.37);
    expect(msft.close.length).toBe(2517);
    expect(() => loadCsvFile(file)).toThrow(/holds AAPL, MSFT, C: say which symbol/);
    expect(() => loadCsvFile(file, { symbol: "IBM" })).toThrow(/no column IBM/);
  });
  it("all Yahoo files, with their symbols", () => {
    for (const [file, symbol, rows] of [
      ["yahoofinance-GOOG-20040819-20180120.csv", "GOOG", 3379],
      ["yahoofinance-AAPL-20040819-20180120.csv", "AAPL", 3379],
      ["yahoofinance-INTC-19950101-20040412.csv", "INTC", 2335],
    ] as const) {
      const s = loadCsvFile(marketFile(file));
      expect([s.symbol, s.close.length]).toEqual([symbol, rows]);
    }
  });
  it("the symbol index picks the longest history and skips nothing", () => {
    const index = new MarketIndex(MARKET_DIR);
    expect(index.skipped).toEqual([]);
    expect(index.symbols()).toEqual(["AAPL", "C", "GOOG", "INTC", "MSFT", "SPY"]);
    expect(index.entries.get("SPY")!.file).toMatch(/SPY_1999-2020/);
    expect(index.entries.get("AAPL")!.file).toMatch(/yahoofinance-AAPL/);
    expect(index.load("C").symbol).toBe("C");
    expect(() => index.load("ZZZ")).toThrow(/no market data for ZZZ/);
  });
  it("symbols from file names", () => {
    expect(symbolFromFileName("/x/yahoofinance-SPY-20080101-20180101.csv")).toBe("SPY");
    expect(symbolFromFileName("goog.csv")).toBe("GOOG");
  });
});

describe("bad CSVs: a clear error, or a documented repair that is reported", () => {
  const header = "Date,Open,High,Low,Close,Adj Close,Volume";
  const row = (d: string, c: string) => `${d},1,1,1,${c},${c},100`;
  const csv = (...rows: string[]) => [header, ...rows].join("\n");
  const clean = ["2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07"].map((d, i) =>
    row(d, String(10 + i)),
  );

  it("a NaN close is forward-filled and noted; strict mode refuses it", () => {
    const text = csv(
      clean[0]!,
      row("2020-01-03", "NaN"),
      clean[2]!,
      clean[3]!,
      ...Array.from({ length: 20 }, (_, i) => row(`2020-02-${String(i + 1).padStart(2, "0")}`, "20")),
    );
    const s = parseCsv(text);
    expect(s.close[1]).toBe(10);
    expect(s.repairs.join()).toMatch(/1 missing close\(s\) forward-filled .*2020-01-03/);
    expect(() => parseCsv(text, { repair: false })).toThrow(/line 3 \(2020-01-03\): missing close/);
  });
  it("too many missing closes are refused", () => {
    expect(() =>
      parseCsv(csv(clean[0]!, row("2020-01-03", ""), row("2020-01-06", "null"), clean[3]!)),
    ).toThrow(/2 of 4 closes are missing/);
  });
  it("non-positive prices are always an error", () => {
    expect(() => parseCsv(csv(clean[0]!, row("2020-01-03", "0"), clean[2]!))).toThrow(
      /line 3 \(2020-01-03\): close 0 is not positive/,
    );
    expect(() => parseCsv(csv(clean[0]!, row("2020-01-03", "-5"), clean[2]!))).toThrow(/not positive/);
  });
  it("unsorted dates are sorted and noted; strict mode refuses", () => {
    const s = parseCsv(csv(clean[2]!, clean[0]!, clean[1]!));
    expect(s.dates).toEqual(["2020-01-02", "2020-01-03", "2020-01-06"]);
    expect(Array.from(s.close)).toEqual([10, 11, 12]);
    expect(s.repairs.join()).toMatch(/sorted/);
    expect(() => parseCsv(csv(clean[2]!, clean[0]!), { repair: false })).toThrow(/not in ascending order/);
  });
  it("duplicate dates: identical rows dropped (noted), conflicting rows refused", () => {
    const s = parseCsv(csv(clean[0]!, clean[1]!, clean[1]!, clean[2]!));
    expect(s.close.length).toBe(3);
    expect(s.repairs.join()).toMatch(/1 duplicate row/);
    expect(() => parseCsv(csv(clean[0]!, clean[1]!, row("2020-01-03", "99")))).toThrow(
      /2020-01-03 appears twice with different closes \(lines 3 and 4\)/,
    );
  });
  it("gaps: over a week noted, over a month refused", () => {
    expect(parseCsv(csv(clean[0]!, row("2020-01-14", "11"))).repairs.join()).toMatch(/12 days/);
    expect(() => parseCsv(csv(clean[0]!, row("2020-03-02", "11")))).toThrow(
      /60-day gap between bars \(2020-01-02 → 2020-03-02\)/,
    );
  });
  it("unreadable dates and numbers name the line", () => {
    expect(() => parseCsv(csv(clean[0]!, row("2020-13-45", "11")))).toThrow(
      /line 3: cannot read date "2020-13-45"/,
    );
    expect(() => parseCsv(csv(clean[0]!, row("2020-01-03", "1O.5")))).toThrow(
      /line 3: "1O.5" is not a number/,
    );
  });
  it("no date or close column, or too few rows", () => {
    expect(() => parseCsv("a,b\n1,2")).toThrow(/not a price CSV: its header has no date column/);
    expect(() => parseCsv("Date,Open\n2020-01-02,1")).toThrow(/no Close, Adj Close or symbol column/);
    expect(() => parseCsv(csv(clean[0]!))).toThrow(/1 usable row/);
  });
  it("CRLF line ends, a BOM and quoted fields are fine", () => {
    const s = parseCsv(`\uFEFF${header}\r\n"2020-01-02",1,1,1,"10","10",5\r\n2020-01-03,1,1,1,11,11,5\r\n`);
    expect(Array.from(s.close)).toEqual([10, 11]);
  });
  it("a directory with a bad CSV: the index lists it as skipped with the reason", () => {
    const dir = mkdtempSync(join(tmpdir(), "validator-csv-"));
    writeFileSync(join(dir, "junk.csv"), "hello,world\nfoo,bar\n");
    writeFileSync(join(dir, "XYZ.csv"), csv(...clean));
    const index = new MarketIndex(dir);
    expect(readdirSync(dir)).toHaveLength(2);
    expect(index.symbols()).toEqual(["XYZ"]);
    expect(index.skipped[0]!.reason).toMatch(/no date column/);
  });
});

describe("the synthetic generator", () => {
  it("is seeded and labelled synthetic", () => {
    const a = syntheticSeries({ seed: 7, bars: 50 });
    const b = syntheticSeries({ seed: 7, bars: 50 });
    expect(Array.from(a.close)).toEqual(Array.from(b.close));
    expect(a.synthetic).toBe(true);
    expect(a.source).toBe("synthetic:seed=7");
    expect(a.close.every((p) => p > 0)).toBe(true);
  });
});
