/**
 * `pnpm research` before any stack starts: arguments, the missing-prices sentence, and what it prints (the
 * progress per stage on a terminal and in a pipe, the summary). The full run is tests/e2e/research.test.ts.
 */
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseResearchArgs, UsageError } from "../scripts/research/args.ts";
import { ApiError, readConcept, type Summary } from "../scripts/research/client.ts";
import { formatSummary } from "../scripts/research/format.ts";
import { Progress } from "../scripts/research/progress.ts";
import { REPO_ROOT } from "./support/stack-process.ts";

const research = (args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "scripts/research.ts", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, DOWNLOAD_ENABLED: "false" },
  });

function sink(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  stream.isTTY = isTTY;
  return { stream, text: () => text };
}

describe("pnpm research arguments", () => {
  it("parses the options", () => {
    const args = parseResearchArgs([
      "golden cross",
      "on SPY",
      "--sources=fixtures",
      "--symbols",
      "spy,aapl",
      "--out",
      "dir",
      "--json",
    ]);
    expect(args).toMatchObject({
      concept: "golden cross on SPY",
      sources: "fixtures",
      symbols: ["SPY", "AAPL"],
      out: "dir",
      json: true,
      keepRunning: false,
    });
  });

  it.each([
    [["golden cross", "--sources", "tv"], /--sources is web or fixtures/],
    [["golden cross", "--symbols", "SPY;rm"], /does not look like a ticker/],
    [["golden cross", "--colour"], /unknown option --colour/],
    [["--json"], /give the concept/],
    [["golden cross", "--out"], /--out needs a value/],
  ])("refuses %j", (argv, reason) => {
    expect(() => parseResearchArgs(argv)).toThrow(UsageError);
    expect(() => parseResearchArgs(argv)).toThrow(reason);
  });

  it("a bad option exits 2 with the reason and the usage, before anything starts", () => {
    const run = research(["golden cross", "--sources", "tv"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--sources is web or fixtures, not "tv"\nusage: pnpm research/);
  });

  it("a symbol with no prices: one sentence naming where to put a CSV or how to enable downloads, exit 2", () => {
    const run = research(["golden cross 50/200", "--symbols", "SPY,ZZZZ", "--sources", "fixtures"]);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^No price data for ZZZZ in .*data\/market: put ZZZZ\.csv .*--market-dir.*DOWNLOAD_ENABLED=true/,
    );
    expect(lines[0]).toMatch(/available: .*SPY/);
  });
});

describe("what pnpm research prints", () => {
  const stages = { discovered: 10, crawled: 4, parsed: 2, failed: 1, chunks: 37, validated: "running" };

  it("in a pipe: one plain line per change, none repeated", () => {
    const out = sink(false);
    const progress = new Progress(out.stream);
    progress.update(stages, "parsing");
    progress.update(stages, "parsing");
    progress.update({ ...stages, parsed: 3 }, "parsing");
    const lines = out.text().trim().split("\n");
    expect(lines).toEqual([
      "status parsing: discovered 10, crawled 4, parsed 2, failed 1, chunks 37, validation running",
      "status parsing: discovered 10, crawled 4, parsed 3, failed 1, chunks 37, validation running",
    ]);
    expect(out.text()).not.toContain("\x1b");
  });

  it("on a terminal: a bar per stage, redrawn in place", () => {
    const out = sink(true);
    const progress = new Progress(out.stream);
    progress.update(stages, "parsing");
    progress.update({ ...stages, parsed: 9, validated: "completed" }, "done");
    const text = out.text();
    expect(text).toContain("\x1b[4A"); // the second frame moves up over the first
    expect(text).toMatch(/discovered \[#{24}\] 10 sources/);
    expect(text).toMatch(/crawled +\[#+-+\] 4\/10, 1 failed/);
    expect(text).toMatch(/parsed +\[#+-*\] 9\/10, 37 chunks/);
    expect(text).toMatch(/validated +\[#{24}\] completed/);
  });

  it("the summary: passages with URLs, the rule and why, % metrics against buy-and-hold, the report path", () => {
    const summary: Summary = {
      concept_id: "db94b4eac308820bcfba8b38",
      concept: "golden cross 50/200 on SPY",
      strategy: {
        name: "sma_crossover",
        rule: "SMA crossover (fast 50, slow 200) on SPY",
        params: { fast: 50, slow: 200 },
        reason: '"golden cross" is the 50-day SMA crossing above the 200-day SMA',
        symbol: "SPY",
        sets_tried: 1,
      },
      metrics: {
        total_return: 1.97,
        cagr: 0.054,
        sharpe_ratio: 0.59,
        max_drawdown: -0.341,
        trades_count: 10,
        exposure: 0.65,
      },
      benchmark: {
        total_return: 1.586,
        cagr: 0.047,
        sharpe_ratio: 0.4,
        max_drawdown: -0.565,
        trades_count: 1,
        exposure: 1,
      },
      year_days: 365,
      out_of_sample: { total_return: 0.209, sharpe_ratio: 0.34, start: "2014-06-03", end: "2020-08-28" },
      deflated_sharpe: { value: 0.986, trials: 1 },
      sources_crawled: 10,
      sources_failed: 0,
      chunks: 220,
      passages: [{ url: "http://127.0.0.1:1/wikipedia/", title: "Mozilla", text: "It has been adopted…" }],
      synthetic: false,
    };
    const text = formatSummary(summary, "out/report.html");
    expect(text).toMatch(/sources: 10 crawled, 0 failed, 220 chunks/);
    expect(text).toMatch(/1\. Mozilla — http:\/\/127\.0\.0\.1:1\/wikipedia\//);
    expect(text).toMatch(/strategy: SMA crossover \(fast 50, slow 200\) on SPY/);
    expect(text).toMatch(/why: "golden cross" is the 50-day SMA/);
    expect(text).toMatch(/total return +197\.0 % +158\.6 %/);
    expect(text).toMatch(/CAGR +5\.4 % +4\.7 %/);
    expect(text).toMatch(/Sharpe \(√365 annualised\) +0\.59 +0\.40/);
    expect(text).toMatch(/max drawdown +-34\.1 % +-56\.5 %/);
    expect(text).toMatch(/trades +10 +1/);
    expect(text).toMatch(/exposure +65 % +100 %/);
    expect(text).toMatch(/out of sample 2014-06-03 – 2020-08-28: total return 20\.9 %/);
    expect(text).toMatch(/deflated Sharpe: 0\.986 over 1 parameter set tried/);
    expect(text).toMatch(/report: out\/report\.html$/);
  });
});

describe("what pnpm research accepts from the orchestrator", () => {
  it("refuses a concept view that is not the contract's shape, naming the fields", async () => {
    // An orchestrator of another version: answers 200 with fields the contract (@qp/schema) does not have.
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ concept_id: "00000000000000000000beef", state: "done" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const error = await readConcept(`http://127.0.0.1:${port}`, "00000000000000000000beef").catch((e) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error.code).toBe("bad_answer");
      expect(error.message).toMatch(/does not match the contract \(.*status/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
